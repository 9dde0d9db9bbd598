/**
 * What `run`, `replay` and `start` print after a job: flaky cases, what to fix in order (one line per cause,
 * the same list as report.html's first screen) with the command that replays the first failure, and where to
 * open the report.
 * @module
 */
import { pathToFileURL } from 'node:url';
import type { JobResult } from '../../runner/job.js';
import { causeLine, CAUSE_KIND_LABEL, failureCauses } from '../../report/fix-list.js';
import { reproCommand } from '../../report/repro.js';
import { printable } from '../../report/terminal-text.js';

/** Causes printed before "... and N more" (all of them are in report.html and summary.json). */
const MAX_CAUSE_LINES = 10;

/** Prints the end of a job; `fixList: false` leaves out what to fix (replay of one case). */
export function printJobEnd(job: JobResult, out: NodeJS.WritableStream = process.stdout, options: { fixList?: boolean } = {}): void {
  for (const id of job.flaky) out.write(printable(`flaky: ${id} (attempts disagreed; counted as ${job.run.cases.find((c) => c.id === id)?.outcome ?? 'failed'})`) + '\n');
  if (options.fixList !== false) {
    const causes = failureCauses(job.run.cases);
    const cases = causes.reduce((n, cause) => n + cause.cases.length, 0);
    if (causes.length > 0) {
      out.write(`\nwhat to fix, in order (${cases} failed or errored case${cases === 1 ? '' : 's'} from ${causes.length} cause${causes.length === 1 ? '' : 's'}):\n`);
      causes.slice(0, MAX_CAUSE_LINES).forEach((cause, index) => out.write(printable(`${String(index + 1).padStart(4)}. [${CAUSE_KIND_LABEL[cause.kind]}] ${causeLine(cause)}`) + '\n'));
      if (causes.length > MAX_CAUSE_LINES) out.write(`      ... and ${causes.length - MAX_CAUSE_LINES} more in the report\n`);
      const first = causes.find((cause) => cause.knownIssues < cause.cases.length) ?? causes[0]!;
      out.write(printable(`replay the first failure of cause ${causes.indexOf(first) + 1}: ${reproCommand(job.run, first.cases[0]!)}`) + '\n');
    }
  }
  if (job.reports) out.write(`report: ${pathToFileURL(job.reports.html).href}\n`);
}
