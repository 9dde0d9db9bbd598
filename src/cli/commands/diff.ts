/**
 * `didcomm-conformance diff OLD NEW`: per-case outcome transitions between two runs, grouped by
 * requirement. Exit codes: 0 no regression, 1 a case went from passing to failed/errored, 2 unreadable run.
 * Registered by register/diff.ts.
 * @module
 */
import { diffRuns, formatDiff } from '../../report/diff.js';
import { loadRun, RunFileInvalid } from '../../report/run-data.js';
import { printable } from '../../report/terminal-text.js';
import { runFileProblem } from '../run-file-problem.js';

/** `diff`: the transitions from `oldPath` to `newPath`; exit 1 on a regression. */
export function diffAction(oldPath: string, newPath: string, options: { json?: boolean }): void {
  let reading = oldPath;
  try {
    const old = loadRun(oldPath);
    reading = newPath;
    const current = loadRun(newPath);
    const transitions = diffRuns(old, current);
    if (options.json) process.stdout.write(`${JSON.stringify({ old: old.header.runId, new: current.header.runId, transitions })}\n`);
    else for (const line of formatDiff(old, current, transitions)) process.stdout.write(printable(line) + '\n');
    process.exitCode = transitions.some((t) => t.change === 'regression') ? 1 : 0;
  } catch (error) {
    if (!(error instanceof RunFileInvalid)) throw error;
    process.stderr.write(printable(`didcomm-conformance diff: ${runFileProblem(reading, error)}`) + '\n');
    process.exitCode = 2;
  }
}
