/**
 * The pieces of the site model that decide order and identity: version order, file names made from
 * untrusted names, which matrix files are taken and how several merge; and the main job's publication step
 * (a certificate per run, the site over the job's folder) on a real run of the reference adapter.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import type { MatrixResult } from '../matrix/run.js';
import { loadRun } from '../report/run-data.js';
import { PROFILE_NAMES } from '../spec/profiles.js';
import { isMatrixResult, mergeMatrices } from './matrix-merge.js';
import { compareVersions, mergeRequirementRows, slugOf } from './model.js';
import type { RequirementRow } from '../report/verdicts.js';
import { publishJob } from './publish-job.js';

const work = mkdtempSync(join(tmpdir(), 'site-model-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('versions and names', () => {
  test('versions order by their numeric parts', () => {
    const versions = ['0.10.0', '0.7.0', '0.4.0', '1.0.0-rc.1', '0.7.1', '1.0.0'];
    expect([...versions].sort(compareVersions)).toEqual(['0.4.0', '0.7.0', '0.7.1', '0.10.0', '1.0.0-rc.1', '1.0.0']);
    expect(compareVersions('v2', 'v10')).toBe(-1);
  });

  test('a slug is lower-case letters, digits and dashes, and two names never share one', () => {
    const hostile = slugOf('../<script>alert(1)</script>');
    expect(hostile).toMatch(/^[a-z0-9-]+$/);
    expect(slugOf('Go DIDComm')).not.toBe(slugOf('go-didcomm'));
    expect(slugOf('')).toMatch(/^x-[0-9a-f]{8}$/);
  });
});

describe('a version measured by several runs', () => {
  const row = (id: string, outcome: RequirementRow['outcome'], cases: string[], failedOn: string[] = []): RequirementRow => ({ id, level: 'MUST', section: '', text: '', cases, failedOn, warnedOn: [], outcome });
  test('each requirement takes its worst outcome over the runs, its cases united', () => {
    const merged = mergeRequirementRows([
      [row('A', 'passed', ['c1']), row('B', 'skipped', ['c3']), row('C', 'untested', [])],
      [row('A', 'failed', ['c1', 'c2'], ['c2']), row('B', 'passed', ['c4']), row('C', 'untested', [])],
    ]);
    expect(merged).toEqual([row('A', 'failed', ['c1', 'c2'], ['c2']), row('B', 'passed', ['c3', 'c4']), row('C', 'untested', [])]);
  });
});

describe('matrix files', () => {
  const matrix = (generatedAt: string, pairs: MatrixResult['pairs'], adapters = ['a', 'b']): MatrixResult => ({
    format: 1, generatedAt, seed: 1, features: ['plaintext'],
    adapters: adapters.map((name) => ({ name, implementation: { name: `impl ${name}`, version: '1' }, capabilities: {} as never })),
    pairs,
  });
  const cell = (status: 'pass' | 'fail') => ({ feature: 'plaintext', group: 'envelope' as const, status, evidence: 'evidence/x.json' });

  test('only the shape `matrix` writes is taken', () => {
    expect(isMatrixResult(matrix('2026-01-01', [{ sender: 'a', receiver: 'b', cells: [cell('pass')] }]))).toBe(true);
    expect(isMatrixResult({ format: 2 })).toBe(false);
    expect(isMatrixResult({ ...matrix('2026-01-01', []), adapters: [{ name: 'a' }] })).toBe(false);
    expect(isMatrixResult(matrix('2026-01-01', [{ sender: 'a', receiver: 'b', cells: [{ feature: 'x', status: 'maybe' } as never] }]))).toBe(false);
  });

  test('several merge: adapters united, the newest measurement of a pair kept, evidence paths dropped', () => {
    const older = matrix('2026-01-01', [{ sender: 'a', receiver: 'b', cells: [cell('fail')] }, { sender: 'a', receiver: 'a', cells: [cell('pass')] }]);
    const newer = matrix('2026-02-01', [{ sender: 'a', receiver: 'b', cells: [cell('pass')] }, { sender: 'c', receiver: 'a', cells: [cell('pass')] }], ['a', 'c']);
    const merged = mergeMatrices([newer, older])!;
    expect(merged.adapters.map((adapter) => adapter.name)).toEqual(['a', 'b', 'c']);
    expect(merged.generatedAt).toBe('2026-02-01');
    expect(merged.pairs.map((pair) => `${pair.sender}>${pair.receiver}:${pair.cells[0]!.status}`)).toEqual(['a>b:pass', 'a>a:pass', 'c>a:pass']);
    expect(merged.pairs.every((pair) => pair.cells.every((c) => c.evidence === undefined))).toBe(true);
    expect(mergeMatrices([])).toBeUndefined();
  });
});

describe('the main job\'s publication', () => {
  test('a certificate over every profile beside each run, and the site over the job folder', { timeout: 180_000 }, async () => {
    const out = join(work, 'job');
    const runDir = join(out, 'runs', 'reference');
    const run = await execa(process.execPath, [join(packageRoot(), 'dist/src/cli/main.js'), 'run', '--adapter', 'reference', '--suite', 'envelope/plaintext.test.ts', '--seed', '1', '--out', runDir, '--no-reports', '--json'], { reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    const published = await publishJob([loadRun(runDir)], out, { root: packageRoot(), env: { DIDCOMM_CONFORMANCE_CONFIG: join(work, 'config') } });
    expect(published.failed).toBe(false);
    expect(published.certificates).toEqual([join(runDir, 'certificate.jws')]);
    expect(published.lines[0]).toMatch(/^certificates signed as did:key:z6Mk\S+ \(key generated: /);
    expect(published.lines[1]).toMatch(/^certificate reference: sha256:[0-9a-f]{12}… core incomplete, /);
    const claims = JSON.parse(Buffer.from(readFileSync(published.certificates[0]!, 'utf8').split('.')[1]!, 'base64url').toString()) as { profiles: Array<{ profile: string }> };
    expect(claims.profiles.map((statement) => statement.profile)).toEqual(PROFILE_NAMES);
    expect(published.site!.model.entries.map((view) => view.entry.kind)).toEqual(['certificate']);
    expect(published.site!.model.entries[0]!.entry.status).not.toBe('invalid');
    expect(existsSync(join(out, 'site', 'index.html'))).toBe(true);
  });
});
