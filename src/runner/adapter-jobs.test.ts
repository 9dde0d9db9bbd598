/**
 * The main job's adapter runs as processes side by side: results keep the order given, each with its
 * records; an adapter that cannot run is a result without records and exit 2, never a lost job.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { runAdapterJobs } from './adapter-jobs.js';

describe('adapter jobs in processes', { timeout: 120_000 }, () => {
  test('two runs at once, results in the order given; an unknown adapter is exit 2 with its reason', async () => {
    const out = mkdtempSync(join(tmpdir(), 'adapter-jobs-'));
    const started: string[] = [];
    const results = await runAdapterJobs([
      { adapter: 'reference', out: join(out, 'reference') },
      { adapter: 'no-such-adapter', out: join(out, 'missing') },
      { adapter: 'faux/liar', out: join(out, 'liar') },
    ], { root: packageRoot(), seed: 3, concurrency: 2, suite: 'plaintext', onStart: (adapter) => started.push(adapter) });
    expect(results.map((r) => r.adapter)).toEqual(['reference', 'no-such-adapter', 'faux/liar']);
    expect(started.sort()).toEqual(['faux/liar', 'no-such-adapter', 'reference']);
    const [reference, missing, liar] = results;
    expect(reference!.exitCode).toBe(0);
    expect(reference!.run?.totals.passed).toBe(6);
    expect(reference!.run?.footer?.interrupted).toBe(false);
    expect(missing!.run).toBeUndefined();
    expect(missing!.exitCode).toBe(2);
    expect(missing!.error).toContain('no adapter "no-such-adapter"');
    // The liar is caught: failed cases, exit 1, its records kept.
    expect(liar!.exitCode).toBe(1);
    expect(liar!.run?.totals.failed).toBeGreaterThan(0);
  });
});
