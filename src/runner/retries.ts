/**
 * `run --retries N`: every case that failed or errored is run N more times (same seed, same adapter, only
 * those case IDs); the outcome of each attempt is added to its record as `attempts`, and a case whose
 * attempts disagree is marked `flaky`. A flaky case keeps its first failing outcome: retries expose flakes,
 * they never turn them into passes (AATH's retries did). The attempts' own records stay in `retries/<i>/`.
 * @module
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun } from '../report/run-data.js';
import { readRunRecords, RunRecordWriter, type CaseRecord, type RunRecord } from '../report/run-records.js';
import type { Outcome } from '../report/outcomes.js';
import { runConformance, type RunOptions } from './run.js';

/** Retries the failing cases of the run in `runFile`; rewrites it with attempts; returns the flaky case IDs. */
export async function retryFailures(options: RunOptions, runFile: string, retries: number): Promise<string[]> {
  const run = loadRun(runFile);
  const failing = run.cases.filter((record) => record.outcome === 'failed' || record.outcome === 'errored').map((record) => record.id);
  if (retries < 1 || failing.length === 0) return [];
  const attempts = new Map<string, Outcome[]>(run.cases.filter((record) => failing.includes(record.id)).map((record) => [record.id, [record.outcome]]));
  for (let attempt = 1; attempt <= retries; attempt += 1) {
    const { onCase: _quiet, ...rest } = options;
    const retried = await runConformance({ ...rest, seed: run.header.seed, caseIds: failing, out: join(run.dir, 'retries', String(attempt)) });
    for (const record of loadRun(retried.runFile).cases) attempts.get(record.id)?.push(record.outcome);
  }
  const { records } = readRunRecords(runFile);
  const temporary = `${runFile}.retried`;
  const writer = new RunRecordWriter(temporary);
  const flaky: string[] = [];
  for (const record of records) {
    const seen = record.type === 'case' ? attempts.get(record.id) : undefined;
    if (record.type !== 'case' || !seen) {
      writer.write(record as RunRecord);
      continue;
    }
    const mixed = new Set(seen).size > 1;
    if (mixed) flaky.push(record.id);
    writer.write({ ...(record as CaseRecord), attempts: seen, ...(mixed ? { flaky: true } : {}) });
  }
  writer.close();
  renameSync(temporary, runFile);
  return flaky;
}
