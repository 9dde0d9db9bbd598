/**
 * Each flaw of adapters/faux/flaws.ts through the built CLI: the case named for it ends `failed` under its
 * requirement (or `warning`, for a SHOULD), and nothing errors: a broken mediator or rotation is the agent's
 * failure, never harness trouble. The reference passes the same cases (src/runner/run.test.ts runs it clean).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../src/adapter/manifest.js';
import { readRunRecords, type CaseRecord } from '../../src/report/run-records.js';
import { FLAWS, type Flaw } from './flaws.js';

const root = packageRoot();

async function runFlaw(name: string, flaw: Flaw): Promise<Map<string, CaseRecord>> {
  const out = mkdtempSync(join(tmpdir(), `didcomm-${name}-`));
  await execa('node', [join(root, 'dist/src/cli/main.js'), 'run', '--adapter', `faux/${name}`, '--suite', flaw.caught.suite, '--out', out, '--seed', '1', '--json', '--no-reports', '--workers', '1'], { cwd: root, reject: false });
  const { records, errors } = readRunRecords(join(out, 'run.jsonl'));
  expect(errors).toEqual([]);
  return new Map(records.filter((r): r is CaseRecord => r.type === 'case').map((r) => [r.id, r]));
}

/** At most `limit` runs at once: each is a harness and an adapter process on a shared machine. */
async function inBatches<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  }));
}

describe('faux flaws', { timeout: 900_000 }, () => {
  test('each flaw is caught by its case under its requirement, and nothing errors', async () => {
    const results = new Map<string, Map<string, CaseRecord>>();
    await inBatches(Object.entries(FLAWS), 3, async ([name, flaw]) => {
      results.set(name, await runFlaw(name, flaw));
    });
    // Compared all at once, so one report shows every flaw that slipped through or was caught wrongly.
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [name, flaw] of Object.entries(FLAWS)) {
      const cases = results.get(name)!;
      const { caseId, requirement, outcome } = flaw.caught;
      const record = cases.get(caseId);
      const named = outcome === 'failed' ? record?.error?.requirement : record?.warnings?.find((w) => w.requirement === requirement)?.requirement;
      const errored = [...cases.values()].filter((c) => c.outcome === 'errored').map((c) => c.id);
      seen[name] = { caseId, outcome: record?.outcome, requirement: named, errored };
      expected[name] = { caseId, outcome, requirement, errored: [] };
    }
    expect(seen).toEqual(expected);
  });
});
