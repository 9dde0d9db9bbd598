/**
 * Reports leak nothing and run nothing (issue 10, item 5). Two real runs through the built CLI (the
 * reference adapter and faux/inject, plaintext suite), every report written (report.html, summary.json,
 * junit.xml, allure-results, badges, a repro bundle for every case, run.jsonl, the combined `report` of
 * both, matrix md/html/json from a result with hostile names), then every output file is scanned: no
 * private JWK member of the secrets the run used, no raw markup from the adapter in HTML or XML, no
 * Markdown row broken by a `|`; and names like `../../x` never write outside the output folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { renderMatrixHtml, renderMatrixMarkdown } from '../matrix/render.js';
import type { MatrixResult } from '../matrix/run.js';
import { loadRun, type RunData } from './run-data.js';
import { writeReproBundle } from './repro.js';
import { writeReports } from './write-reports.js';
import { safePathSegment } from './safe-path.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const PRIVATE = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']);
const HOSTILE = `../../x|y<script>alert(1)</script>&`;
/** What faux/inject puts into strings (adapters/faux/main.ts, which is a program and cannot be imported). */
const INJECTION = '<script>alert("faux")</script><img src=x onerror=alert(1)>\u001b[2J\u001b]0;pwned\u0007';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)).filter((path) => statSync(path).isFile());
}

/** Every private JWK member value in the vector secrets files. */
function secretValues(): { values: Set<string>; files: string[] } {
  const values = new Set<string>();
  const files: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const isJwk = typeof (value as { kty?: unknown }).kty === 'string';
      for (const [key, member] of Object.entries(value)) {
        if (isJwk && PRIVATE.has(key) && typeof member === 'string') values.add(member);
        else visit(member);
      }
    }
  };
  for (const set of readdirSync(join(root, 'vectors/upstream'))) {
    const file = join(root, 'vectors/upstream', set, 'secrets.json');
    try {
      visit(JSON.parse(readFileSync(file, 'utf8')));
      files.push(file);
    } catch {
      // no secrets.json in this set
    }
  }
  return { values, files };
}

/** A copy of faux/inject's adapter.json with a short deadline. */
function fastInject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faux-inject-'));
  const manifest = JSON.parse(readFileSync(join(root, 'adapters/faux/inject/adapter.json'), 'utf8')) as { transport: { args: string[] }; limits: Record<string, number> };
  manifest.transport.args[0] = join(root, 'dist/adapters/faux/main.js');
  manifest.limits['deadlineMs'] = 500;
  writeFileSync(join(dir, 'adapter.json'), JSON.stringify(manifest));
  return dir;
}

function hostileMatrix(): MatrixResult {
  const implementation = { name: `impl${INJECTION}`, version: `1|2${INJECTION}` };
  return {
    format: 1, generatedAt: '2025-01-01T00:00:00.000Z', seed: 1, features: ['plaintext'],
    adapters: [{ name: HOSTILE, implementation, capabilities: {} } as never, { name: 'ok', error: `boom | ${INJECTION}` }],
    pairs: [{ sender: HOSTILE, receiver: HOSTILE, cells: [{ feature: `plain|text${INJECTION}`, status: 'fail', detail: `a | b ${INJECTION}`, evidence: 'javascript:alert(1)', via: { verdict: `v|${INJECTION}` } }] }],
  };
}

let out: string;
let runs: RunData[];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'didcomm-reports-'));
  const reference = join(out, 'reference');
  const inject = join(out, 'inject');
  const results = await Promise.all([
    execa('node', [cli, 'run', '--adapter', 'reference', '--suite', 'plaintext', '--out', reference, '--seed', '3', '--json'], { cwd: root, reject: false }),
    execa('node', [cli, 'run', '--adapter', fastInject(), '--suite', 'plaintext', '--out', inject, '--seed', '3', '--json'], { cwd: root, reject: false }),
  ]);
  expect(results.map((r) => r.exitCode)).toEqual([0, 0]);
  runs = [loadRun(reference), loadRun(inject)];
  // A bundle for every case, not only the failed ones: every transcript goes through the bundle writer.
  for (const run of runs) for (const record of run.cases) writeReproBundle(run, record);
  const combined = await execa('node', [cli, 'report', reference, inject, '--out', join(out, 'combined')], { cwd: root, reject: false });
  expect(combined.exitCode, combined.stderr).toBe(0);
  writeFileSync(join(out, 'combined', 'matrix.md'), renderMatrixMarkdown(hostileMatrix()));
  writeFileSync(join(out, 'combined', 'matrix.html'), renderMatrixHtml(hostileMatrix()));
  writeFileSync(join(out, 'combined', 'matrix.json'), JSON.stringify(hostileMatrix()));
}, 90_000);

describe('reports leak nothing and run nothing', () => {
  test('every report was written', () => {
    const names = filesUnder(out).map((file) => relative(out, file));
    for (const expected of ['reference/run.jsonl', 'reference/report.html', 'reference/summary.json', 'reference/junit.xml', 'inject/report.html', 'combined/report.html', 'combined/summary.json', 'combined/junit.xml', 'combined/matrix.md']) {
      expect(names, expected).toContain(expected);
    }
    expect(names.some((name) => name.startsWith('combined/allure-results/') && name.endsWith('-result.json'))).toBe(true);
    expect(names.some((name) => name.startsWith('combined/badges/') && name.endsWith('.svg'))).toBe(true);
    expect(names.filter((name) => name.endsWith('repro.json')).length).toBe(runs[0]!.cases.length + runs[1]!.cases.length);
  });

  test('no private key material of the secrets used in the run, in any file', () => {
    const { values, files } = secretValues();
    expect(values.size).toBeGreaterThan(10);
    // The run did hand these secrets to the adapters (redacted on record).
    const imports = runs[0]!.cases.flatMap((c) => c.transcript).filter((e) => e.kind === 'call' && e.method === 'importIdentity');
    expect(imports.length).toBeGreaterThan(0);
    const contents = files.map((file) => readFileSync(file, 'utf8'));
    const outputs = filesUnder(out);
    expect(outputs.length).toBeGreaterThan(50);
    for (const file of outputs) {
      const text = readFileSync(file, 'utf8');
      for (const value of values) expect(text.includes(value), `${relative(out, file)} holds a private key value`).toBe(false);
      for (const content of contents) expect(text.includes(content.trim())).toBe(false);
      // Any JWK-looking private member (identities created during the run included) is redacted or absent.
      const members = [...text.matchAll(/"(d|p|q|dp|dq|qi|k)"\s*:\s*"([^"]*)"/g)].filter(([, , value]) => value !== '[redacted]' && value!.length >= 16);
      expect(members, relative(out, file)).toEqual([]);
    }
  });

  test('adapter text is escaped: no raw markup in HTML or JUnit, no broken Markdown row', () => {
    const injected = filesUnder(out).filter((file) => /(inject|combined)\//.test(relative(out, file)));
    for (const file of injected.filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(file, 'utf8');
      expect(html, file).not.toContain('<script>alert');
      expect(html, file).not.toMatch(/<img\b/i);
      expect(html, file).not.toContain('\u001b');
      expect(html, file).not.toMatch(/href="javascript:/i);
    }
    const reportHtml = readFileSync(join(out, 'inject/report.html'), 'utf8');
    expect(reportHtml).toContain('&lt;script&gt;alert(&quot;faux&quot;)&lt;/script&gt;');
    for (const file of injected.filter((f) => f.endsWith('.xml'))) {
      const xml = readFileSync(file, 'utf8');
      // Only the JUnit elements themselves start with `<`.
      expect(xml.match(/<(?!\?xml|\/?(?:testsuites|testsuite|testcase|properties|property|failure|error|skipped|system-out)[\s>/])/g) ?? [], file).toEqual([]);
      expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }
    const md = readFileSync(join(out, 'combined/matrix.md'), 'utf8');
    expect(md).not.toContain('<script');
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    for (const row of md.split('\n').filter((line) => line.startsWith('|'))) {
      const cells = row.split(/(?<!\\)\|/).length - 2;
      expect([3, 5], row).toContain(cells); // the grid: corner + 2 adapters; a pair: 5 columns
    }
  });

  test('names like ../../x never write outside the output folder', () => {
    const base = mkdtempSync(join(tmpdir(), 'didcomm-traversal-'));
    const runDir = join(base, 'a', 'b', 'run');
    const outDir = join(base, 'a', 'b', 'out');
    mkdirSync(runDir, { recursive: true });
    const source = runs[1]!;
    const record = source.cases.find((c) => c.transcript.length > 0)!;
    const hostileRun: RunData = {
      ...source,
      dir: runDir,
      header: { ...source.header, adapter: { ...source.header.adapter, name: '../../escape-adapter' } },
      cases: ['../../escape-case', '..', '.', '/etc/escape-abs', '..\\..\\escape-win'].map((id) => ({ ...record, id, outcome: 'errored' as const, profiles: ['../../escape-profile', ...record.profiles] })),
    };
    const written = writeReports([hostileRun], outDir);
    expect(written.repro).toHaveLength(5);
    const inside = (file: string): boolean => file.startsWith(`${runDir}/`) || file.startsWith(`${outDir}/`);
    const all = filesUnder(base);
    expect(all.filter((file) => !inside(file))).toEqual([]);
    expect(all.some((file) => file.includes('escape-case'))).toBe(true);
    for (const { dir } of written.repro) expect(dir.startsWith(join(runDir, 'repro') + '/')).toBe(true);
    expect(safePathSegment('..')).toBe('_..');
    expect(safePathSegment('../../x')).toBe('.._.._x');
  });
});
