/**
 * One conformance job as `run` and `start` do it: run the suites, retry failures (`--retries`), compare
 * with a baseline (`--baseline`), then render every report and a repro bundle per failed case beside
 * run.jsonl. Exit code: 2 harness trouble; with a baseline, 1 on a new failure or an xpass; without one,
 * the run's own (1 on a failure outside known issues).
 * @module
 */
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { baselineFromRuns, compareWithBaseline, readBaseline, type BaselineComparison } from '../report/baseline.js';
import { loadRun, type RunData } from '../report/run-data.js';
import { writeReports, type WrittenReports } from '../report/write-reports.js';
import { retryFailures } from './retries.js';
import { runConformance, type RunOptions, type RunSummary } from './run.js';

export interface JobOptions extends RunOptions {
  retries?: number;
  baseline?: string;
  /** Rewrite the baseline file from this run (every failure becomes expected) instead of failing on it. */
  updateBaseline?: boolean;
  /** Skip rendering (start renders all adapters together). */
  render?: boolean;
}

export interface JobResult {
  summary: RunSummary;
  run: RunData;
  flaky: string[];
  comparison?: BaselineComparison;
  reports?: WrittenReports;
  exitCode: 0 | 1 | 2;
}

/** Runs one adapter's job. */
export async function runJob(options: JobOptions): Promise<JobResult> {
  const baseline = options.baseline && !options.updateBaseline ? readBaseline(options.baseline) : undefined;
  const summary = await runConformance(options);
  const flaky = options.retries ? await retryFailures(options, summary.runFile, options.retries) : [];
  const run = loadRun(summary.runFile);
  let comparison: BaselineComparison | undefined;
  if (options.baseline && options.updateBaseline) {
    let previous = {};
    try {
      previous = readBaseline(options.baseline);
    } catch {
      // no usable baseline yet: write a fresh one
    }
    writeFileSync(options.baseline, `${JSON.stringify(baselineFromRuns([run], previous), null, 2)}\n`);
  } else if (baseline && options.baseline) {
    comparison = compareWithBaseline(run, baseline, options.baseline);
  }
  const reports = options.render === false ? undefined : writeReports([run], dirname(summary.runFile), comparison ? new Map([[run.header.adapter.name, comparison]]) : new Map());
  const exitCode = summary.exitCode === 2 ? 2 : comparison ? comparison.exitCode : options.updateBaseline ? 0 : summary.exitCode;
  return { summary, run, flaky, ...(comparison ? { comparison } : {}), ...(reports ? { reports } : {}), exitCode };
}
