/**
 * `didcomm-conformance diff OLD NEW`: per-case outcome transitions between two runs, grouped by
 * requirement. Exit codes: 0 no regression, 1 a case went from passing to failed/errored, 2 unreadable run.
 * @module
 */
import type { Command } from 'commander';
import { diffRuns, formatDiff } from '../../report/diff.js';
import { loadRun, RunFileInvalid } from '../../report/run-data.js';
import { printable } from '../../report/terminal-text.js';
import { runFileProblem } from '../run-file-problem.js';

/** Registers `diff`. */
export function registerDiffCommand(program: Command): void {
  program
    .command('diff')
    .description('per-case transitions between two runs grouped by requirement; exit 1 on a regression')
    .argument('<old>', 'run folder (or run.jsonl) to compare from')
    .argument('<new>', 'run folder (or run.jsonl) to compare to')
    .option('--json', 'print the transitions as JSON')
    .action((oldPath: string, newPath: string, options: { json?: boolean }) => {
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
    });
}
