/**
 * What `run`, `replay` and `start` print after a job: flaky cases, one repro command per failed case, and
 * where to open the report.
 * @module
 */
import { pathToFileURL } from 'node:url';
import type { JobResult } from '../../runner/job.js';
import { printable } from '../../report/terminal-text.js';

/** Repro commands shown before "... and N more" (all of them are in summary.json). */
const MAX_REPRO_LINES = 15;

/** Prints the end of a job. */
export function printJobEnd(job: JobResult, out: NodeJS.WritableStream = process.stdout): void {
  for (const id of job.flaky) out.write(printable(`flaky: ${id} (attempts disagreed; counted as ${job.run.cases.find((c) => c.id === id)?.outcome ?? 'failed'})`) + '\n');
  const repro = job.reports?.repro ?? [];
  for (const entry of repro.slice(0, MAX_REPRO_LINES)) out.write(printable(`repro ${entry.caseId}: ${entry.command}`) + '\n');
  if (repro.length > MAX_REPRO_LINES) out.write(`... and ${repro.length - MAX_REPRO_LINES} more repro commands in summary.json\n`);
  if (job.reports) out.write(`report: ${pathToFileURL(job.reports.html).href}\n`);
}
