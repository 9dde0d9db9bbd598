/**
 * matrix.html in a real browser (Debian's /usr/bin/chromium driven by playwright-core), on a real matrix
 * over the reference, Identus and SICPA's didcomm-python (built as the CLI builds it) and on a synthetic
 * result with every verdict and hostile strings everywhere. Checked: each verdict (pass, fail, partial,
 * error, n/a) has its Okabe-Ito colour and a mark and word of its own; n/a is grey and says why; every tried
 * feature links to an evidence file that exists and holds both transcripts, and every grid cell to its
 * pair; Identus (no importIdentity, no pack) and the Python peer have envelope cells between created
 * identities; no script from adapter strings runs, and nothing leaves the file system.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { renderMatrixHtml } from './render.js';
import type { MatrixResult } from './run.js';

const CHROMIUM = '/usr/bin/chromium';
const root = packageRoot();
const HOSTILE = `<script>window.__pwned = 1; document.title = "pwned"</script><img src=x onerror="window.__pwned = 2"><svg onload="window.__pwned=3">'"\``;

/** The palette of src/report/html-assets.ts (Okabe-Ito), as the browser computes it: text and background per verdict. */
const PALETTE: Record<string, { color: string; background: string }> = {
  pass: { color: 'rgb(0, 114, 178)', background: 'rgb(215, 234, 246)' },
  fail: { color: 'rgb(213, 94, 0)', background: 'rgb(251, 224, 207)' },
  partial: { color: 'rgb(138, 97, 0)', background: 'rgb(252, 239, 199)' },
  error: { color: 'rgb(168, 50, 125)', background: 'rgb(243, 220, 234)' },
  na: { color: 'rgb(110, 119, 129)', background: 'rgb(238, 239, 241)' },
};
const MARKS: Record<string, string> = { pass: '✔', fail: '✘', partial: '◐', error: 'E', na: '–' };

/** A result with one pair per verdict of the envelope grid, every string hostile. */
function syntheticMatrix(): MatrixResult {
  const cell = (feature: string, status: MatrixResult['pairs'][number]['cells'][number]['status']) => ({ feature: `${feature}${HOSTILE}`, group: 'envelope' as const, status, detail: `why ${HOSTILE}`, ...(status === 'n/a' ? {} : { evidence: 'evidence/x.json' }) });
  const names = ['pass', 'fail', 'partial', 'error', 'na'].map((verdict) => `${verdict}${HOSTILE}`);
  return {
    format: 1, generatedAt: HOSTILE, seed: 1, features: ['plaintext'],
    adapters: names.map((name) => ({ name, implementation: { name: HOSTILE, version: HOSTILE }, capabilities: {} as never })),
    pairs: [
      { sender: names[0]!, receiver: names[0]!, cells: [cell('a', 'pass')] },
      { sender: names[1]!, receiver: names[1]!, cells: [cell('a', 'fail'), cell('b', 'pack-rejected')] },
      { sender: names[2]!, receiver: names[2]!, cells: [cell('a', 'pass'), cell('b', 'fail')] },
      { sender: names[3]!, receiver: names[3]!, cells: [cell('a', 'error')] },
      { sender: names[4]!, receiver: names[4]!, cells: [cell('a', 'n/a')] },
    ],
  };
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env['CI'])('matrix.html in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  const work = mkdtempSync(join(tmpdir(), 'matrix-browser-'));
  const out = join(work, 'matrix');
  const requests: string[] = [];
  let result: MatrixResult;

  beforeAll(async () => {
    const run = await execa('nice', ['-n', '10', 'node', join(root, 'dist/src/cli/main.js'), 'matrix', '--adapters', 'reference,identus,sicpa-didcomm-python', '--seed', '1', '--out', out], { cwd: root, reject: false });
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    result = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as MatrixResult;
    writeFileSync(join(work, 'synthetic.html'), renderMatrixHtml(syntheticMatrix()));
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const open = (file: string) => page.goto(pathToFileURL(file).href);
  const styleOf = (selector: string) => page.locator(selector).first().evaluate((node) => ({ color: getComputedStyle(node).color, background: getComputedStyle(node).backgroundColor }));

  test('each verdict has its colour-blind-safe colour and its own mark and word; n/a is grey and says why', async () => {
    await open(join(work, 'synthetic.html'));
    const grid = page.locator('#matrix-grid td[data-verdict]');
    expect(await grid.evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset['verdict']))).toEqual(['pass', 'fail', 'partial', 'error', 'na']);
    for (const [verdict, colours] of Object.entries(PALETTE)) {
      expect(await styleOf(`#matrix-grid td[data-verdict="${verdict}"]`), verdict).toEqual(colours);
      expect(await styleOf(`.legend [data-verdict="${verdict}"]`), `legend ${verdict}`).toEqual(colours);
      expect((await page.locator(`#matrix-grid td[data-verdict="${verdict}"]`).textContent())!.trim().startsWith(MARKS[verdict]!), verdict).toBe(true);
    }
    expect(await page.locator('#matrix-grid td[data-verdict="partial"]').textContent()).toContain('1/2');
    const na = page.locator('#matrix-grid td[data-verdict="na"]');
    expect(await na.textContent()).toContain(`n/a`);
    expect(await na.textContent()).toContain(`why ${HOSTILE}`);
    expect(await na.getAttribute('title')).toContain('why');
    // Feature rows: n/a greyed with its reason, the others with a mark and the status word.
    const naRow = page.locator('table.cells tr[data-verdict="na"]');
    expect(await naRow.locator('td').nth(2).evaluate((td) => getComputedStyle(td).color)).toBe(PALETTE['na']!.color);
    expect(await naRow.locator('td').nth(2).textContent()).toBe(`why ${HOSTILE}`);
    expect(await page.locator('table.cells tr[data-status="pack-rejected"] td').nth(1).textContent()).toBe('✘ pack-rejected');
  });

  test('no script from adapter strings runs', async () => {
    await open(join(work, 'synthetic.html'));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.title()).toBe('DIDComm v2 interop matrix');
    expect(await page.locator('body').textContent()).toContain('<script>window.__pwned');
    await open(join(out, 'matrix.html'));
    expect(await page.locator('script').count()).toBe(0);
  });

  test('Identus and the Python peer have envelope cells between identities the adapters created', async () => {
    await open(join(out, 'matrix.html'));
    const pairCells = (sender: string, receiver: string) => result.pairs.find((p) => p.sender === sender && p.receiver === receiver)!.cells.filter((c) => c.identities === 'created');
    for (const receiver of ['reference', 'sicpa-didcomm-python']) {
      const cells = pairCells('identus', receiver);
      expect(cells.map((c) => [c.feature, c.status]), `identus -> ${receiver}`).toEqual(expect.arrayContaining([['anoncrypt.X25519.XC20P', 'pass'], ['authcrypt.X25519.A256CBC-HS512', 'pass']]));
      const id = `pair-identus--${receiver}`.replace(/[^A-Za-z0-9_-]/g, '_');
      const rows = page.locator(`section[id="${id}"] tr[data-identities="created"][data-verdict="pass"]`);
      expect(await rows.count(), `identus -> ${receiver}`).toBe(2);
      expect(await rows.first().textContent()).toContain('created DIDs');
      expect(await page.locator(`#matrix-grid td[data-verdict="pass"] a[href="#${id}"]`).textContent()).toBe('✔ 2/2');
    }
    // The spec's sender has no P-384 keyAgreement key: authcrypt on P-384 goes between created identities. It
    // passes, except in the runs (about 1 in 100) where the Python library generated its P-384 key with a
    // coordinate short of its leading zero byte (RFC 7518 §6.2.1.2, its known issue), which the reference
    // refuses: then the evidence must show that key.
    const p384 = pairCells('reference', 'sicpa-didcomm-python');
    expect(p384.map((c) => c.feature)).toEqual(['authcrypt.P-384.A256CBC-HS512']);
    if (p384[0]!.status !== 'pass') {
      const evidence = JSON.parse(readFileSync(join(out, p384[0]!.evidence!), 'utf8')) as unknown;
      // Every P-384 JWK anywhere in the evidence (the created identities' documents), coordinates only.
      const coordinates: string[] = [];
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') {
          const jwk = value as Record<string, unknown>;
          if (jwk['crv'] === 'P-384') coordinates.push(...[jwk['x'], jwk['y']].filter((c): c is string => typeof c === 'string'));
          Object.values(jwk).forEach(walk);
        }
      };
      walk(evidence);
      expect(coordinates.some((c) => Buffer.from(c, 'base64url').length !== 48), `${p384[0]!.status}: ${p384[0]!.detail}`).toBe(true);
    }
    // Identus claims no receiver role: its column is n/a with the reason.
    const toIdentus = page.locator('#matrix-grid td a[href="#pair-reference--identus"]');
    expect(await toIdentus.textContent()).toContain('not claimed by identus as receiver');
  });

  test('every tried feature links to its evidence, every grid cell to its pair', async () => {
    await open(join(out, 'matrix.html'));
    const rows = await page.locator('table.cells tr[data-verdict]').evaluateAll((trs) => trs.map((tr) => ({
      verdict: (tr as HTMLElement).dataset['verdict'], href: tr.querySelector('a.evidence')?.getAttribute('href') ?? undefined,
    })));
    const tried = rows.filter((row) => row.verdict !== 'na');
    expect(tried.length).toBeGreaterThan(40);
    expect(tried.filter((row) => row.href === undefined)).toEqual([]);
    for (const { href } of rows.filter((row) => row.href !== undefined)) {
      const file = join(dirname(join(out, 'matrix.html')), href!);
      expect(existsSync(file), href).toBe(true);
      const evidence = JSON.parse(readFileSync(file, 'utf8')) as { senderTranscript?: unknown[]; receiverTranscript?: unknown[] };
      expect(evidence.senderTranscript!.length + evidence.receiverTranscript!.length, href).toBeGreaterThan(0);
    }
    const anchors = await page.locator('table.grid td a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(anchors.length).toBe(2 * 9);
    for (const anchor of anchors) expect(await page.locator(`[id="${anchor.slice(1)}"]`).count(), anchor).toBe(1);
    // The browser opens the first evidence link itself.
    await page.locator('a.evidence').first().click();
    expect(page.url()).toMatch(/\/evidence\/.+\.json$/);
    expect(await page.locator('body').textContent()).toContain('senderTranscript');
  });

  test('nothing left the file system', () => {
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
  });
});
