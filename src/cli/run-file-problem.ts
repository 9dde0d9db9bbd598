/**
 * The one line `report` and `diff` print for a run.jsonl they cannot read. A file whose first line is no run
 * header is not a run.jsonl at all: saying so beats the schema's list of every header member it lacks
 * (newcomer report: `diff` of two unrelated files printed raw schema errors).
 * @module
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { runFilePath, type RunFileInvalid } from '../report/run-data.js';

/** The first line of `file` (at most 64 KiB of it). */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8').split('\n')[0]!;
  } finally {
    closeSync(fd);
  }
}

/** What is wrong with the run file at `path`, in one line. */
export function runFileProblem(path: string, error: RunFileInvalid): string {
  const file = runFilePath(path);
  if (!existsSync(file)) return error.message;
  let header: unknown;
  try {
    header = JSON.parse(firstLine(file));
  } catch {
    header = undefined;
  }
  const isHeader = typeof header === 'object' && header !== null && (header as { type?: unknown }).type === 'header';
  return isHeader ? error.message : `${file} is not a run.jsonl: its first line is not a run header (a run writes run.jsonl into its output folder)`;
}
