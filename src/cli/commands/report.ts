/**
 * `didcomm-conformance report RUN_DIR...`: render every report from run.jsonl (one or more runs, e.g. one per
 * adapter, into one report); `report merge DIR... --out DIR`: combine shards into one run and render it.
 * Registered by register/report.ts.
 * Exit codes: 0 written, 2 a run.jsonl is missing or invalid.
 * @module
 */
import { pathToFileURL } from 'node:url';
import { loadRun, RunFileInvalid } from '../../report/run-data.js';
import { mergeShardDirs } from '../../report/merge.js';
import { isCompleteShardSet } from '../../report/verdicts.js';
import { writeReports } from '../../report/write-reports.js';
import { printable } from '../../report/terminal-text.js';
import { runFileProblem } from '../run-file-problem.js';

function fail(error: unknown): void {
  process.stderr.write(printable(`didcomm-conformance report: ${(error as Error).message}`) + '\n');
  process.exitCode = 2;
}

/** `report`: every report of the runs in `dirs`. */
export function reportAction(dirs: string[], options: { out?: string }): void {
  try {
    const runs = dirs.map((dir) => {
      try {
        return loadRun(dir);
      } catch (error) {
        throw error instanceof RunFileInvalid ? new RunFileInvalid(runFileProblem(dir, error)) : error;
      }
    });
    // A run killed mid-write still renders (report.html says so too); say which line was left out.
    for (const run of runs.filter((r) => r.truncatedLine)) {
      process.stderr.write(printable(`note: ${run.dir}/run.jsonl: line ${run.truncatedLine} was cut off mid-write and is left out`) + '\n');
    }
    if (runs.some((run) => !run.footer)) process.stderr.write('note: a run has no footer (it was interrupted or killed): its profile verdicts are incomplete\n');
    const written = writeReports(runs, options.out ?? runs[0]!.dir);
    process.stdout.write(`report: ${pathToFileURL(written.html).href}\n`);
  } catch (error) {
    if (error instanceof RunFileInvalid) return fail(error);
    throw error;
  }
}

/** `report merge`: the shards in `dirs` as one run per adapter in `out`, rendered. */
export function reportMergeAction(dirs: string[], out: string | undefined): void {
  if (!out) return fail(new Error('report merge needs --out DIR'));
  try {
    const runs = mergeShardDirs(dirs, out);
    const written = writeReports(runs, out);
    for (const run of runs) {
      // A partial set of shards cannot certify anything: say so (the profile verdicts say incomplete too).
      const shard = run.header.selection.shard;
      const partial = shard !== undefined && !isCompleteShardSet(shard) ? ` — incomplete shard set (${shard}): profile verdicts are incomplete` : '';
      process.stdout.write(printable(`merged ${run.header.adapter.name}: ${run.cases.length} cases -> ${run.dir}/run.jsonl${partial}`) + '\n');
    }
    process.stdout.write(`report: ${pathToFileURL(written.html).href}\n`);
  } catch (error) {
    if (error instanceof RunFileInvalid || (error instanceof Error && /overlap|different adapters|nothing to merge/.test(error.message))) return fail(error);
    throw error;
  }
}
