/**
 * report.html in a real browser (Debian's /usr/bin/chromium driven by playwright-core): the first screen is
 * the verdict per profile and the failures grouped by cause (checked against failureCauses, in order), the
 * cause lines link to their cases and open them, outcomes have distinct colours and marks, the filters show
 * and hide cases, a 7-case run is a short page, a job over several adapters is an index plus one page per
 * adapter, it loads nothing from the network, and script injected by an adapter (adapters/faux/inject, plus a
 * synthetic run whose every string tries to set a global and the title) never runs. The run of faux/inject
 * goes through the built CLI, which writes report.html itself.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { renderHtmlReport } from './html.js';
import { failureCauses } from './fix-list.js';
import { writeReports } from './write-reports.js';
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

/** A run whose failures have every kind of cause: adapter trouble, broken requirements, required features not claimed. */
function causesRun(base: RunData, dir: string): RunData {
  // Nine cases from the run's own (ids made unique), so each kind of cause has cases to group.
  const [first, ...rest] = Array.from({ length: 9 }, (_, index) => ({ ...base.cases[index % base.cases.length]!, id: `${base.cases[index % base.cases.length]!.id}-${index}` }));
  const notClaimed = (record: CaseRecord, direction: string): CaseRecord => ({
    ...record, outcome: 'failed', reason: `ENC-ALG-003: required but not claimed: envelope anoncrypt`,
    error: { kind: 'assertion', requirement: 'ENC-ALG-003', message: 'required but not claimed: envelope anoncrypt' },
    rootCause: { requirement: 'ENC-ALG-003', summary: `the agent cannot ${direction} envelope anoncrypt, which ENC-ALG-003 requires` },
  });
  const cases: CaseRecord[] = [
    { ...first!, outcome: 'errored', reason: 'ERR_ADAPTER_TIMEOUT: no reply within 10000 ms', error: { kind: 'adapter', code: 'ERR_ADAPTER_TIMEOUT', message: 'no reply within 10000 ms' } },
    ...rest.map((record, index): CaseRecord => index < 3 ? notClaimed(record, 'unpack')
      : index < 5 ? { ...record, outcome: 'failed', reason: 'ENV-PLAIN-006: accepted "to" as a string', error: { kind: 'assertion', requirement: 'ENV-PLAIN-006', message: 'accepted' } }
      : { ...record, outcome: 'warning', warnings: [{ requirement: 'ENV-MT-002', message: 'no typ' }] }),
  ];
  const totals = { passed: 0, failed: 0, warning: 0, skipped: 0, errored: 0 };
  for (const record of cases) totals[record.outcome] += 1;
  return { ...base, dir, header: { ...base.header, adapter: { ...base.header.adapter, name: 'causes' } }, cases, totals };
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env['CI'])('report.html in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let injectRun: RunData;
  let causes: RunData;
  const dialogs: string[] = [];
  const requests: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'report-browser-'));
  const open = async (file: string): Promise<void> => {
    await page.goto(pathToFileURL(file).href);
  };

  beforeAll(async () => {
    const out = join(work, 'inject');
    await execa('node', [join(root, 'dist/src/cli/main.js'), 'run', '--adapter', 'faux/inject', '--suite', 'plaintext', '--out', out, '--seed', '3', '--json'], { cwd: root, reject: false });
    injectRun = loadRun(out);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    writeFileSync(join(work, 'both.html'), renderHtmlReport([injectRun, hostileRun(injectRun)]));
    causes = causesRun(injectRun, join(work, 'causes-run'));
    mkdirSync(causes.dir, { recursive: true });
    writeFileSync(join(work, 'causes.html'), renderHtmlReport([causes]));
    writeReports([injectRun, causes, { ...hostileRun(injectRun), dir: join(work, 'hostile-run') }], join(work, 'job'));
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('the first screen: the verdict of each profile with its coverage, then what to fix', async () => {
    await open(join(work, 'causes.html'));
    expect(await page.title()).toBe('DIDComm Messaging v2 conformance report');
    const headings = await page.locator('h2').allTextContents();
    expect(headings.slice(0, 3)).toEqual(['Verdict per profile', 'What to fix, in order', 'Warnings']);
    expect(headings.indexOf('Requirements')).toBeGreaterThan(2);
    expect(headings.at(-1)).toBe('Run metadata');
    // core is the profile of the plaintext cases: its row shows the verdict and the requirements exercised.
    const core = page.locator('table.profiles tr[data-profile="core"]');
    expect(await core.getAttribute('data-verdict')).toBe('fail');
    expect(await core.textContent()).toMatch(/\d+\/\d+/);
    // The first cause is on the first screen (900 px).
    const box = await page.locator('ol.fix-list > li').first().boundingBox();
    expect(box!.y + box!.height).toBeLessThan(900);
  });

  test('failures are grouped by cause, in the order to fix them, with count and requirement', async () => {
    await open(join(work, 'causes.html'));
    const expected = failureCauses(causes.cases);
    expect(expected.map((cause) => cause.kind)).toEqual(['adapter', 'bug', 'missing-feature']);
    const items = page.locator('ol.fix-list > li.cause');
    expect(await items.evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset['cause']))).toEqual(expected.map((cause) => cause.key));
    expect(await items.evaluateAll((nodes) => nodes.map((node) => Number((node as HTMLElement).dataset['count'])))).toEqual(expected.map((cause) => cause.cases.length));
    expect(await items.nth(1).locator('summary').textContent()).toMatch(/ENV-PLAIN-006 MUST S: .* — 2 cases/);
    expect(await items.nth(2).locator('summary').textContent()).toMatch(/required, not claimed.*ENC-ALG-003.* — 3 cases/);
    // Folded: the case lines are not shown until the cause is opened.
    expect(await items.nth(2).locator('li').first().isVisible()).toBe(false);
    expect(await page.locator('ul.warning-list > li').getAttribute('data-count')).toBe('3');
  });

  test('a cause lists its cases, each linking to the case, which opens', async () => {
    await open(join(work, 'causes.html'));
    const cause = page.locator('ol.fix-list > li.cause').nth(2);
    await cause.locator('summary').click();
    const links = cause.locator('ul a');
    expect(await links.count()).toBe(3);
    const href = (await links.first().getAttribute('href'))!;
    expect(await page.locator(`[id="${href.slice(1)}"]`).count()).toBe(1);
    await links.first().click();
    const target = page.locator(`[id="${href.slice(1)}"]`);
    expect(await target.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
    expect(await target.locator(':scope > summary').textContent()).toContain('required but not claimed');
    // Every requirement link goes to the spec, never to a script.
    const specLinks = await page.locator('ol.fix-list a[href^="https://identity.foundation/didcomm-messaging/spec/"]').count();
    expect(specLinks).toBeGreaterThanOrEqual(2);
  });

  test('each outcome has its own colour and a mark', async () => {
    await open(join(work, 'causes.html'));
    const colours = await page.evaluate(() => Object.fromEntries(['passed', 'failed', 'warning', 'errored', 'skipped'].map((o) => {
      const probe = document.createElement('span');
      probe.className = `o o-${o}`;
      document.body.append(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return [o, colour];
    })));
    expect(new Set(Object.values(colours)).size).toBe(5);
    const summaries = await page.locator('details.case > summary').allTextContents();
    expect(summaries.some((text) => text.startsWith('E errored'))).toBe(true);
    expect(summaries.some((text) => text.startsWith('✘ failed'))).toBe(true);
    expect(summaries.some((text) => text.startsWith('! warning'))).toBe(true);
  });

  test('a run of the plaintext suite (a handful of cases) is a short page', async () => {
    await open(join(work, 'inject', 'report.html'));
    expect(injectRun.cases.length).toBeLessThanOrEqual(10);
    expect(await page.evaluate(() => document.body.scrollHeight)).toBeLessThan(6000);
  });

  test('a job over several adapters: an index page and one page per adapter', async () => {
    await open(join(work, 'job', 'report.html'));
    expect(await page.locator('#verdict-table tr[data-adapter-row]').count()).toBe(3);
    expect(await page.locator('details.case').count()).toBe(0);
    const pages = await page.locator('#verdict-table tr[data-adapter-row] th a').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href')!));
    expect(pages).toHaveLength(3);
    for (const href of pages) expect(existsSync(join(work, 'job', href)), href).toBe(true);
    for (const file of readdirSync(join(work, 'job')).filter((name) => name.endsWith('.html'))) {
      expect(statSync(join(work, 'job', file)).size, file).toBeLessThan(3 * 1024 * 1024);
    }
    // A cause on the index leads to the cause on the adapter's page.
    const causeLink = page.locator('section[data-adapter="causes"] ol.fix-list a').first();
    await causeLink.click();
    expect(page.url()).toContain('report-causes.html#cause-1-causes');
    expect(await page.locator('#cause-1-causes').getAttribute('data-cause')).toBe('adapter:ERR_ADAPTER_TIMEOUT');
    expect(await page.locator('details.case').count()).toBe(causes.cases.length);
  });

  test('no injected script ran, and the injected markup shows as text', async () => {
    for (const file of [join(work, 'both.html'), join(work, 'job', 'report.html')]) {
      await open(file);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.title()).not.toContain('pwned');
      expect(await page.locator('img, svg, iframe, textarea').count()).toBe(0);
      expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    }
    await open(join(work, 'both.html'));
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => document.scripts.length)).toBe(1);
    const text = await page.locator('body').textContent();
    expect(text).toContain('<script>alert("faux")</script>');
    expect(text).toContain('window.__pwned = 1');
  });

  test('loads nothing but the pages themselves', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  });

  test('filters by outcome, profile and area', async () => {
    await open(join(work, 'both.html'));
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
    await open(join(work, 'both.html'));
    await page.locator('details.case', { hasText: 'hostile.receiver.case-1' }).first().locator('summary').first().click();
    expect(await page.locator('details.case', { hasText: 'hostile.receiver.case-1' }).first().textContent()).toContain('protected header (decoded)');
  });

  test('large request parameters that recur are written once and linked', async () => {
    await open(join(work, 'both.html'));
    const shared = await page.locator('details[id^="shared-"]').count();
    expect(shared).toBeGreaterThan(0);
    expect(await page.locator('a[href^="#shared-"]').count()).toBeGreaterThan(shared);
  });
});
