/**
 * A run as the renderers see it: the records of one run.jsonl split into header, cases and footer.
 * Every renderer reads this (never another renderer's output). A run without a footer was killed; its
 * totals are recomputed from the cases it kept, and a last line cut off mid-write is left out (and said).
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { emptyTotals, type Totals } from './outcomes.js';
import { readRunRecords, type CaseRecord, type RunFooter, type RunHeader } from './run-records.js';

/** One run, loaded. */
export interface RunData {
  /** The folder that holds run.jsonl (reports are written beside it). */
  dir: string;
  header: RunHeader;
  cases: CaseRecord[];
  /** Absent when the run was killed before it could write one. */
  footer?: RunFooter;
  totals: Totals;
  /** The line left out because it was cut off mid-record (the run was killed while writing it). */
  truncatedLine?: number;
}

/** Thrown when a run.jsonl cannot be used. */
export class RunFileInvalid extends Error {
  override readonly name = 'RunFileInvalid';
}

/** The run.jsonl of `path` (the file itself or the folder holding it). */
export function runFilePath(path: string): string {
  return existsSync(path) && statSync(path).isDirectory() ? join(path, 'run.jsonl') : path;
}

/** Reads and checks a run; schema errors make it unusable (a report must not render records it cannot trust). */
export function loadRun(path: string): RunData {
  const file = runFilePath(path);
  if (!existsSync(file)) throw new RunFileInvalid(`no run records at ${file}`);
  const { records, errors, truncatedLine } = readRunRecords(file);
  if (errors.length > 0) throw new RunFileInvalid(`${file}: ${errors.slice(0, 5).join('; ')}`);
  const header = records[0] as RunHeader;
  const cases = records.filter((record): record is CaseRecord => record.type === 'case');
  const footer = records.find((record): record is RunFooter => record.type === 'footer');
  return { dir: dirname(file), header, cases, ...(footer ? { footer } : {}), totals: totalsOf(cases), ...(truncatedLine ? { truncatedLine } : {}) };
}

/** Counts per outcome. */
export function totalsOf(cases: readonly CaseRecord[]): Totals {
  const totals = emptyTotals();
  for (const record of cases) totals[record.outcome] += 1;
  return totals;
}

/** The area of a case: the first segment of its ID (`plaintext.receiver.minimal` -> `plaintext`). */
export function areaOf(record: Pick<CaseRecord, 'id'>): string {
  return record.id.split('.')[0]!;
}
