/**
 * `list suites` and `list requirements` read the collected case list from the cache when the suites, vectors
 * and harness source are those it was collected from (collecting loads every suite: about a minute on a
 * loaded 2-core machine, 4 s from the cache). The key follows each of those folders.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../adapter/manifest.js';
import { collectedCasesKey, readCaseCounts, readCollectedCases, rememberCollectedCases, suitesDigest } from '../../report/case-counts.js';
import type { CollectedCase } from '../../spec/coverage.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');

const planted: CollectedCase[] = [
  { id: 'planted.one', file: 'suites/planted/only.test.ts', requirements: ['ENV-PLAIN-001'] as CollectedCase['requirements'], profiles: ['core'], role: 'receiver' },
  { id: 'planted.two', file: 'suites/planted/only.test.ts', requirements: ['ENV-PLAIN-002'] as CollectedCase['requirements'], profiles: ['core', 'strict'], role: 'sender' },
];

describe('the collected case list cache', () => {
  test('list suites answers from the cache under the key of this checkout, without loading a suite', { timeout: 60_000 }, async () => {
    const cache = mkdtempSync(join(tmpdir(), 'list-cache-'));
    const env = { ...process.env, DIDCOMM_CONFORMANCE_CACHE: cache };
    const previous = process.env['DIDCOMM_CONFORMANCE_CACHE'];
    process.env['DIDCOMM_CONFORMANCE_CACHE'] = cache;
    try {
      rememberCollectedCases(collectedCasesKey(root), suitesDigest(root), planted);
      // The counts progress estimates from come with it.
      expect(readCaseCounts(suitesDigest(root))).toEqual({ 'suites/planted/only.test.ts': 2 });
    } finally {
      if (previous === undefined) delete process.env['DIDCOMM_CONFORMANCE_CACHE'];
      else process.env['DIDCOMM_CONFORMANCE_CACHE'] = previous;
    }
    const started = performance.now();
    const result = await execa('node', [cli, 'list', 'suites', '--json'], { env, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([{ file: 'suites/planted/only.test.ts', cases: 2, profiles: { core: 2, strict: 1 } }]);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  test('the key changes with the suites, the vectors and the harness source; an unreadable cache is a miss', () => {
    const make = (): string => {
      const dir = mkdtempSync(join(tmpdir(), 'list-key-'));
      for (const folder of ['suites', 'vectors', 'src']) {
        mkdirSync(join(dir, folder));
        writeFileSync(join(dir, folder, 'a.ts'), 'one');
      }
      return dir;
    };
    const base = collectedCasesKey(make());
    expect(collectedCasesKey(make())).toBe(base);
    for (const folder of ['suites', 'vectors', 'src']) {
      const dir = make();
      writeFileSync(join(dir, folder, 'a.ts'), 'two');
      expect(collectedCasesKey(dir), folder).not.toBe(base);
    }
    const cache = mkdtempSync(join(tmpdir(), 'list-cache-'));
    const previous = process.env['DIDCOMM_CONFORMANCE_CACHE'];
    process.env['DIDCOMM_CONFORMANCE_CACHE'] = cache;
    try {
      mkdirSync(join(cache, 'case-counts'));
      writeFileSync(join(cache, 'case-counts', `cases-${base.slice(0, 32)}.json`), '[{"id": 1}');
      expect(readCollectedCases(base)).toBeUndefined();
      writeFileSync(join(cache, 'case-counts', `cases-${base.slice(0, 32)}.json`), '[{"id": "x"}]');
      expect(readCollectedCases(base)).toBeUndefined();
    } finally {
      if (previous === undefined) delete process.env['DIDCOMM_CONFORMANCE_CACHE'];
      else process.env['DIDCOMM_CONFORMANCE_CACHE'] = previous;
    }
  });
});
