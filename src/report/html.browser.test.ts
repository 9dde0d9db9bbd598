/**
 * report.html in a real browser (Debian's /usr/bin/chromium driven by playwright-core): it renders, the
 * filters show and hide cases, it loads nothing from the network, and script injected by an adapter
 * (adapters/faux/inject, plus a synthetic run whose every string tries to set a global and the title)
 * never runs. The run of faux/inject goes through the built CLI, which writes report.html itself.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { renderHtmlReport } from './html.js';
import { loadRun, type RunData } from './run-data.js';
import type { CaseRecord } from './run-records.js';

const CHROMIUM = '/usr/bin/chromium';
const root = packageRoot();
/** What a hostile adapter would like to run: each sets a global and retitles the page. */
const HOSTILE = `<script>window.__pwned = 1; document.title = "pwned"</script><img src=x onerror="window.__pwned = 2; document.title = 'pwned'"><svg onload="window.__pwned=3">'"\`</textarea></pre></details>`;

function hostileRun(base: RunData): RunData {
  const hostileCase = (outcome: CaseRecord['outcome'], n: number): CaseRecord => ({
    type: 'case', id: `hostile.receiver.case-${n}`, title: HOSTILE, file: `suites/${HOSTILE}.test.ts`, requirements: ['ENV-MT-001', HOSTILE],
    profiles: ['core'], role: 'receiver', outcome, reason: HOSTILE, durationMs: 1,
    ...(outcome === 'failed' ? { error: { kind: 'assertion' as const, requirement: HOSTILE, message: HOSTILE, hint: HOSTILE } } : {}),
    knownIssue: { key: HOSTILE, reason: HOSTILE, issue: `javascript:window.__pwned=4` },
    transcript: [
      { kind: 'call', id: 1, at: HOSTILE, method: 'unpack', params: { packed: JSON.stringify({ protected: Buffer.from(JSON.stringify({ typ: HOSTILE })).toString('base64url'), ciphertext: HOSTILE, recipients: [{ header: { kid: HOSTILE } }] }) }, reply: HOSTILE, durationMs: 1 },
      { kind: 'log', at: HOSTILE, text: HOSTILE },
      {
        kind: 'wire', at: HOSTILE, direction: 'in', transport: 'http', endpoint: HOSTILE, contentType: HOSTILE, status: 400, packed: HOSTILE,
        plaintext: { body: HOSTILE }, outcome: HOSTILE, error: { code: HOSTILE, message: HOSTILE, requirement: HOSTILE },
      },
    ],
  });
  return {
    ...base,
    header: { ...base.header, adapter: { ...base.header.adapter, name: `hostile${HOSTILE}`, described: { name: HOSTILE, version: HOSTILE } } },
    cases: [hostileCase('failed', 1), hostileCase('passed', 2), hostileCase('skipped', 3)],
    totals: { passed: 1, failed: 1, warning: 0, skipped: 1, errored: 0 },
  };
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env['CI'])('report.html in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let injectRun: RunData;
  const dialogs: string[] = [];
  const requests: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'report-browser-'));

  beforeAll(async () => {
    const out = join(work, 'inject');
    await execa('node', [join(root, 'dist/src/cli/main.js'), 'run', '--adapter', 'faux/inject', '--suite', 'plaintext', '--out', out, '--seed', '3', '--json'], { cwd: root, reject: false });
    injectRun = loadRun(out);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const page1 = join(work, 'both.html');
    writeFileSync(page1, renderHtmlReport([injectRun, hostileRun(injectRun)]));
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(page1).href);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('renders the verdicts, the requirement table and every case', async () => {
    expect(await page.title()).toBe('DIDComm Messaging v2 conformance report');
    expect(await page.locator('#verdict-table tr').count()).toBe(3);
    expect(await page.locator('#requirement-table tr').count()).toBeGreaterThan(100);
    expect(await page.locator('details.case').count()).toBe(injectRun.cases.length + 3);
    // Large request parameters that recur (importIdentity's DID documents) are written once and linked.
    const shared = await page.locator('details[id^="shared-"]').count();
    expect(shared).toBeGreaterThan(0);
    expect(await page.locator('a[href^="#shared-"]').count()).toBeGreaterThan(shared);
  });

  test('no injected script ran, and the injected markup shows as text', async () => {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.title()).not.toContain('pwned');
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => document.scripts.length)).toBe(1);
    expect(await page.locator('img, svg, iframe, textarea').count()).toBe(0);
    const text = await page.locator('body').textContent();
    expect(text).toContain('<script>alert("faux")</script>');
    expect(text).toContain('window.__pwned = 1');
    // the javascript: link of the hostile known issue is neutralised
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  });

  test('loads nothing but the page itself', () => {
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(requests.length).toBe(1);
  });

  test('filters by outcome, profile and area', async () => {
    const visible = (): Promise<number> => page.locator('details.case:visible').count();
    const all = await visible();
    await page.selectOption('#filter-outcome', 'failed');
    const failed = injectRun.cases.filter((c) => c.outcome === 'failed').length + 1;
    expect(await visible()).toBe(failed);
    expect(await page.locator('#shown-count').textContent()).toBe(String(failed));
    await page.selectOption('#filter-outcome', 'skipped');
    expect(await visible()).toBe(injectRun.cases.filter((c) => c.outcome === 'skipped').length + 1);
    await page.selectOption('#filter-outcome', '');
    await page.selectOption('#filter-area', 'hostile');
    expect(await visible()).toBe(3);
    await page.selectOption('#filter-area', '');
    await page.selectOption('#filter-profile', 'mediator');
    expect(await visible()).toBe(0);
    await page.selectOption('#filter-profile', '');
    expect(await visible()).toBe(all);
  });

  test('decodes the JOSE protected header of an envelope for display', async () => {
    await page.locator('details.case', { hasText: 'hostile.receiver.case-1' }).first().locator('summary').first().click();
    expect(await page.locator('details.case', { hasText: 'hostile.receiver.case-1' }).first().textContent()).toContain('protected header (decoded)');
  });
});
