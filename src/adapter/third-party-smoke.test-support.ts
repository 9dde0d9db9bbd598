/**
 * The smoke test every third-party adapter gets, through the built CLI: `adapter check` passes, and a run of
 * the plaintext and signed suites has no errored case and no failure outside its adapter.json known issues
 * (keyed by case, failing requirement or root cause), and every case-keyed known issue still fails (a finding fixed
 * upstream, or a new one, makes it fail until adapter.json and the README follow). The full run is `didcomm-conformance run --adapter NAME` (README.md).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { readRunRecords, type CaseRecord } from '../report/run-records.js';
import { packageRoot } from './manifest.js';

const SUBSET = '{plaintext/structure,envelope/signed}.test.ts';

/** Declares the smoke test of the bundled adapter `adapter` (a folder name under adapters/). */
export function describeAdapterSmoke(adapter: string): void {
  const root = packageRoot();
  const cli = join(root, 'dist/src/cli/main.js');
  describe.concurrent(`${adapter} adapter (smoke)`, { timeout: 90_000 }, () => {
    test('adapter check passes', async () => {
      const result = await execa('node', [cli, 'adapter', 'check', adapter], { cwd: root, reject: false });
      expect(result.exitCode, result.stdout).toBe(0);
    });

    test('plaintext and signed suites: 0 errored, failures = known issues, exit 0', async () => {
      const out = mkdtempSync(join(tmpdir(), `didcomm-${adapter}-`));
      // One suite file at a time: a second worker would start a second adapter process (Identus, Veramo: over
      // a second of CPU each) for a run whose subject is the verdicts, not the parallelism run.test covers.
      const result = await execa('node', [cli, 'run', '--adapter', adapter, '--suite', SUBSET, '--out', out, '--seed', '7', '--json', '--workers', '1'], { cwd: root, reject: false });
      const { records, errors } = readRunRecords(join(out, 'run.jsonl'));
      expect(errors).toEqual([]);
      const cases = records.filter((r): r is CaseRecord => r.type === 'case');
      expect(cases.length).toBeGreaterThan(20);
      expect(cases.filter((c) => c.outcome === 'errored').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      const known = Object.keys((JSON.parse(readFileSync(join(root, 'adapters', adapter, 'adapter.json'), 'utf8')) as { knownIssues: object }).knownIssues);
      // Every failure is a known issue (keyed by its case, the requirement it failed on, or its root cause's).
      expect(cases.filter((c) => c.outcome === 'failed' && c.knownIssue === undefined).map((c) => `${c.id}: ${c.reason ?? ''}`)).toEqual([]);
      // A known issue keyed by a case of these suites still fails (a fix upstream shows here first).
      expect(cases.filter((c) => known.includes(c.id) && c.outcome !== 'failed').map((c) => `${c.id}: ${c.outcome}`)).toEqual([]);
      expect(result.exitCode, result.stdout).toBe(0);
    });
  });
}
