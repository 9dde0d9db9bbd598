/**
 * The results site in a real browser (Debian's /usr/bin/chromium driven by playwright-core), built by the CLI
 * from real runs: the reference adapter and faux/inject (whose implementation name is markup and terminal
 * escapes), the latter certified as two versions (0.4.0 and 0.7.0, one case made to fail in 0.4.0 so the trend
 * moves), a copy whose run.jsonl was edited after signing (unverified), an unsigned run, a matrix.json whose
 * adapter names are hostile, and a file that is not a matrix. Checked: navigation and every link, escaping,
 * no script at all, no network request.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { currentHarness } from '../certify/harness.js';
import { issueCertificate } from '../certify/issue.js';
import { loadSigningKey } from '../certify/signing-key.js';
import { isInformational } from '../spec/verdict-rule.js';
import { serializeRecord, type CaseRecord, type RunHeader, type RunRecord } from '../report/run-records.js';

const CHROMIUM = '/usr/bin/chromium';
const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const HOSTILE = '<script>window.__pwned=1;document.title="pwned"</script><img src=x onerror="window.__pwned=2">"\'';
/** faux/inject's implementation name (adapters/faux/main.ts), and how a page shows it (control characters made visible). */
const INJECT_NAME = 'faux-inject <script>alert("faux")</script><img src=x onerror=alert(1)>\u001b[2J\u001b]0;pwned\u0007';
const INJECT_SHOWN = 'faux-inject <script>alert("faux")</script><img src=x onerror=alert(1)>\\u001b[2J\\u001b]0;pwned\\u0007';

/** Rewrites a run.jsonl: `header` edits the header, `cases` the case records. */
function editRun(dir: string, header: (h: RunHeader) => void, cases: (c: CaseRecord[]) => void = () => undefined): void {
  const file = join(dir, 'run.jsonl');
  const records = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as RunRecord);
  header(records[0] as RunHeader);
  cases(records.filter((record): record is CaseRecord => record.type === 'case'));
  writeFileSync(file, `${records.map(serializeRecord).join('\n')}\n`);
}

/** Every file under `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env['CI'])('the results site in Chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'site-browser-'));
  const site = join(work, 'site');
  let context: BrowserContext;
  let page: Page;
  let built: Awaited<ReturnType<typeof execa>>;
  const requests: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    const run = (adapter: string, out: string) => execa(process.execPath, [cli, 'run', '--adapter', adapter, '--suite', 'envelope/plaintext.test.ts', '--seed', '3', '--out', out, '--no-reports', '--json'], { cwd: root, reject: false });
    const [reference, inject] = await Promise.all([run('reference', join(work, 'in', 'reference')), run('faux/inject', join(work, 'raw-inject'))]);
    expect(reference.exitCode, reference.stderr).toBe(0);
    expect(inject.exitCode, inject.stderr).not.toBe(2);
    const key = loadSigningKey({ env: { DIDCOMM_CONFORMANCE_CONFIG: join(work, 'config') } });
    const harness = currentHarness(root);
    await issueCertificate({ runDir: join(work, 'in', 'reference'), profiles: ['core', 'v2.0'], key, harness });
    for (const version of ['0.4.0', '0.7.0']) {
      const dir = join(work, 'in', 'vendor', version);
      cpSync(join(work, 'raw-inject'), dir, { recursive: true });
      editRun(dir, (header) => {
        header.adapter.described = { ...header.adapter.described, version };
      }, (cases) => {
        if (version !== '0.4.0') return;
        const passed = cases.find((record) => record.outcome === 'passed' && record.profiles.includes('core') && !isInformational(record.requirements[0]!))!;
        Object.assign(passed, { outcome: 'failed', reason: HOSTILE, error: { kind: 'assertion', requirement: passed.requirements[0], message: HOSTILE } });
      });
      await issueCertificate({ runDir: dir, profiles: ['core', 'v2.0'], key, harness });
    }
    // Signed, then its run edited: shown, but as unverified (and its newer version claim is not the latest).
    const tampered = join(work, 'in', 'tampered');
    cpSync(join(work, 'raw-inject'), tampered, { recursive: true });
    editRun(tampered, (header) => {
      header.adapter.described = { ...header.adapter.described, version: '0.7.1' };
    });
    await issueCertificate({ runDir: tampered, profiles: ['core'], key, harness });
    editRun(tampered, (header) => {
      header.seed = 4;
    });
    cpSync(join(work, 'raw-inject'), join(work, 'in', 'unsigned'), { recursive: true });
    editRun(join(work, 'in', 'unsigned'), (header) => {
      header.adapter.described = { ...header.adapter.described, version: '0.7.0' };
      header.runId = `${header.runId}-unsigned`;
    });
    const pair = (sender: string, receiver: string, status: string) => ({ sender, receiver, cells: [{ feature: 'plaintext', group: 'envelope', status, detail: HOSTILE }] });
    writeFileSync(join(work, 'in', 'matrix.json'), JSON.stringify({
      format: 1, generatedAt: '2026-01-01T00:00:00.000Z', seed: 1, features: ['plaintext'],
      adapters: [{ name: 'reference', implementation: { name: 'didcomm-conformance reference', version: '0.1.0' }, capabilities: {} }, { name: HOSTILE, implementation: { name: INJECT_NAME, version: '0.7.0' }, capabilities: {} }],
      pairs: [pair('reference', 'reference', 'pass'), pair('reference', HOSTILE, 'fail'), pair(HOSTILE, 'reference', 'pass'), pair(HOSTILE, HOSTILE, 'pass')],
    }));
    writeFileSync(join(work, 'in', 'vendor', 'matrix.json'), '{"format": 2}');
    built = await execa(process.execPath, [cli, 'site', 'build', '--from', join(work, 'in'), '--out', site], { cwd: root, reject: false });
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(site, 'index.html')).href);
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('the build says what it found: two implementations, three certificates, one unverified, one unsigned run, one input not used', () => {
    expect(built.exitCode, String(built.stderr)).toBe(0);
    const verified = currentHarness(root).dirty ? '0 verified, 3 verified on another harness' : '3 verified, 0 verified on another harness';
    expect(built.stdout).toContain(`2 implementations, 5 certificates and runs: ${verified}, 1 unsigned runs, 1 unverified; matrix of 2 adapters; 1 inputs not used`);
    expect(built.stdout).toContain('not used: in/vendor/matrix.json: not a matrix.json written by `matrix` (format 1)');
    expect(built.stdout).toMatch(/unverified: in\/tampered\/certificate\.jws: run: .*does not match the certificate/);
  });

  test('index: every implementation with its latest version and verdicts; hostile names shown as text, nothing runs', async () => {
    expect(await page.title()).toBe('Implementations · DIDComm conformance results');
    const rows = page.locator('table').first().locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const text = await page.locator('body').textContent();
    expect(text).toContain(INJECT_SHOWN);
    expect(await rows.filter({ hasText: INJECT_SHOWN }).locator('td').nth(1).textContent()).toBe('0.7.0');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('navigation: implementation page with its versions and trend, then a certificate page with its badges and files', async () => {
    await page.locator('table').first().getByRole('link', { name: INJECT_SHOWN }).click();
    expect(await page.title()).toBe(`${INJECT_SHOWN} · DIDComm conformance results`);
    const bars = page.locator('svg.trend g');
    expect(await bars.count()).toBe(2);
    expect(await bars.nth(0).locator('title').textContent()).toMatch(/^0\.4\.0: \d+ requirements met$/);
    const met = async (index: number): Promise<number> => Number(/: (\d+) requirements/.exec((await bars.nth(index).locator('title').textContent())!)![1]);
    expect(await met(0)).toBeLessThan(await met(1));
    // 0.7.1 only has an unverified certificate: in the trend table and in the history.
    expect(await page.locator('.chip.s-invalid').count()).toBe(2);
    await page.locator('tr', { hasText: '0.4.0' }).filter({ hasText: 'faux/inject' }).getByRole('link', { name: 'certificate' }).click();
    expect(page.url()).toMatch(/\/certificates\/[0-9a-f]{64}\/index\.html$/);
    expect(await page.locator('h1').textContent()).toContain(`${INJECT_SHOWN} 0.4.0`);
    expect(await page.locator('h1 .chip').getAttribute('class')).toMatch(/s-(verified|other-harness)/);
    expect(await page.locator('img[src^="data:image/svg+xml"]').count()).toBe(2);
    const digest = /certificates\/([0-9a-f]{64})\//.exec(page.url())![1]!;
    expect(await page.locator('body').textContent()).toContain(`certificates/${digest}/core.svg`);
    expect(await page.locator('body').textContent()).toContain(HOSTILE);
    for (const file of ['certificate.jws', 'run.jsonl', 'core.svg', 'v2.0.svg']) expect(existsSync(join(dirname(new URL(page.url()).pathname), file))).toBe(true);
    await page.getByRole('link', { name: 'implementations', exact: true }).click();
    expect(await page.title()).toBe('Implementations · DIDComm conformance results');
  });

  test('an unverified certificate says why, and its claims are greyed out', async () => {
    await page.locator('tr', { hasText: 'unverified' }).getByRole('link', { name: 'certificate' }).click();
    expect(await page.locator('h1 .chip').textContent()).toBe('unverified');
    expect(await page.locator('p.reason').textContent()).toContain('does not match the certificate');
    expect(await page.locator('.chip.claims').count()).toBeGreaterThan(0);
    await page.goBack();
  });

  test('the interop matrix: a grid over every adapter, names escaped, the detail page beside it', async () => {
    await page.getByRole('link', { name: 'interop matrix' }).click();
    expect(await page.locator('table tbody tr').count()).toBe(2);
    expect(await page.locator('body').textContent()).toContain(HOSTILE);
    expect(await page.locator('table tbody td .o-failed').count()).toBe(1);
    await page.getByRole('link', { name: 'matrix-detail.html' }).click();
    expect(await page.title()).toBe('DIDComm v2 interop matrix');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.goBack();
  });

  test('requirements: the index and a page naming which implementations meet it', async () => {
    await page.getByRole('link', { name: 'requirements', exact: true }).click();
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(200);
    await page.getByRole('link', { name: 'ENV-PLAIN-015', exact: true }).click();
    expect(await page.locator('h1').textContent()).toContain('ENV-PLAIN-015');
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'didcomm-conformance reference' }).locator('td').nth(2).textContent()).toBe('met');
  });

  test('every relative link of every page points at a file of the site', () => {
    const pages = files(site).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(270);
    const broken: string[] = [];
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      expect(html).not.toMatch(/<script/i);
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
        if (/^(https?:|#)/.test(href!)) continue;
        if (!existsSync(resolve(dirname(file), href!.replace(/#.*$/, '')))) broken.push(`${file}: ${href}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('the JSON API beside the pages', () => {
    const index = JSON.parse(readFileSync(join(site, 'api', 'index.json'), 'utf8')) as { implementations: Array<{ name: string; versions: string[]; latest: { status: string }; api: string }> };
    const vendor = index.implementations.find((implementation) => implementation.name === INJECT_NAME)!;
    expect(vendor.versions).toEqual(['0.4.0', '0.7.0', '0.7.1']);
    expect((vendor.latest as unknown as { version: string }).version).toBe('0.7.0');
    expect(['verified', 'other-harness']).toContain(vendor.latest.status);
    const history = JSON.parse(readFileSync(join(site, vendor.api), 'utf8')) as { entries: Array<{ version: string; status: string }> };
    expect(history.entries.map((entry) => entry.status).sort()).toEqual([vendor.latest.status, vendor.latest.status, 'invalid', 'unsigned'].sort());
    const requirements = JSON.parse(readFileSync(join(site, 'api', 'requirements.json'), 'utf8')) as { requirements: Array<{ id: string; implementations: unknown[] }> };
    expect(requirements.requirements.find((requirement) => requirement.id === 'ENV-PLAIN-015')!.implementations).toHaveLength(2);
  });

  test('no request left the file system', () => {
    expect(requests.length).toBeGreaterThan(5);
    expect(requests.filter((url) => !url.startsWith('file://') && !url.startsWith('data:'))).toEqual([]);
  });
});
