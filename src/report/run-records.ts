/**
 * The record stream of a run, `reports/<run-id>/run.jsonl`: types, the schema check, a writer that puts
 * every record on disk as soon as it exists (an interrupted run keeps what it wrote), and a reader.
 * Records are JSON with `<`, `>`, `&` and the line separators escaped as \u sequences, so adapter text
 * can be embedded in HTML by any renderer without becoming markup; parsing gives the original strings.
 * @module
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { validatorFor } from '../schema/ajv.js';
import schema from './run-record.schema.json' with { type: 'json' };
import type { Outcome, Totals } from './outcomes.js';
import type { TranscriptEntry } from '../adapter/transcript.js';

/** The first record. */
export interface RunHeader {
  type: 'header';
  format: 1;
  runId: string;
  startedAt: string;
  harness: { name: string; version: string; commit?: string; dirty?: boolean };
  adapter: {
    name: string;
    transport: 'stdio' | 'http';
    manifestPath?: string;
    declared: object;
    described: object;
    capabilities: object;
    protocolVersion?: number;
  };
  vectors: { path?: string; digest: string | null };
  /** Digest of the suites folder the run used (absent in runs recorded before it existed). */
  suites?: { digest: string };
  registry: { requirements: number; digest: string };
  seed: number;
  /** The reference side's fixed time for the run (epoch seconds); absent in runs recorded before it existed. */
  clock?: number;
  selection: { profile?: string; suites: string; shard?: string };
  node: string;
}

/** One test case. */
export interface CaseRecord {
  type: 'case';
  id: string;
  title: string;
  file: string;
  requirements: string[];
  profiles: string[];
  role: string;
  outcome: Outcome;
  reason?: string;
  knownIssue?: { key: string; reason: string; issue?: string };
  error?: { kind: 'assertion' | 'adapter' | 'harness'; code?: string; requirement?: string; message: string; hint?: string };
  warnings?: Array<{ requirement: string; message: string }>;
  /** Observations that colour nothing (informational entries, strict readings outside `strict`). */
  notes?: Array<{ requirement: string; message: string }>;
  /** The strict profile's reading, when it differs from `outcome`. */
  strictOutcome?: Outcome;
  /** The shared cause of a failure that is not the case's own subject. */
  rootCause?: { requirement: string; summary: string };
  durationMs: number;
  /** With `run --retries N`: the outcome of each attempt of a case that failed or errored, first first. */
  attempts?: Outcome[];
  /** The attempts disagreed: the case keeps its first failing outcome and is never counted as passed. */
  flaky?: boolean;
  transcript: TranscriptEntry[];
}

/** The last record. */
export interface RunFooter {
  type: 'footer';
  finishedAt: string;
  interrupted: boolean;
  totals: Totals;
  unexpected: number;
  harnessErrors: string[];
  /** One verdict per profile (absent in runs recorded before profiles had verdicts). */
  profiles?: Record<string, { verdict: 'passed' | 'failed' | 'incomplete' | 'not-run'; totals: Totals; knownIssues: number }>;
}

export type RunRecord = RunHeader | CaseRecord | RunFooter;

const validate = validatorFor(schema);

/** Schema errors of one record (empty when valid). */
export function recordErrors(record: unknown): string[] {
  if (validate(record)) return [];
  return (validate.errors ?? []).slice(0, 10).map((error) => `${error.instancePath || '(root)'} ${error.message ?? error.keyword}`);
}

const HTML_SENSITIVE = /[<>&\u2028\u2029]/g;

/** JSON text of `record` on one line, with HTML-sensitive characters escaped (still valid JSON). */
export function serializeRecord(record: RunRecord): string {
  return JSON.stringify(record).replace(HTML_SENSITIVE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Appends schema-checked records to a run.jsonl, synchronously, one line each. */
export class RunRecordWriter {
  readonly path: string;
  readonly #fd: number;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, 'a');
  }

  /** Writes `record`; throws when it violates the schema (a harness bug, never silently dropped). */
  write(record: RunRecord): void {
    const errors = recordErrors(record);
    if (errors.length > 0) throw new Error(`run record violates its schema: ${errors.join('; ')}`);
    writeSync(this.#fd, `${serializeRecord(record)}\n`);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** The problems found reading a run.jsonl. */
export interface RunFileCheck {
  records: RunRecord[];
  errors: string[];
  /** The number of the last line when it was cut off mid-record (a run killed while writing): left out, not an error. */
  truncatedLine?: number;
}

/** Reads and checks a run.jsonl: every line against the schema, header first, footer last and once. */
export function readRunRecords(path: string): RunFileCheck {
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
  const records: RunRecord[] = [];
  const errors: string[] = [];
  let truncatedLine: number | undefined;
  lines.forEach((line, index) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      // Records are written one whole line at a time: only the last one can be torn, by a kill mid-write.
      if (index === lines.length - 1 && index > 0) truncatedLine = index + 1;
      else errors.push(`line ${index + 1}: not JSON`);
      return;
    }
    for (const error of recordErrors(record)) errors.push(`line ${index + 1}: ${error}`);
    records.push(record as RunRecord);
  });
  if (records[0]?.type !== 'header') errors.push('the first record is not a header');
  const footers = records.filter((record) => record.type === 'footer').length;
  if (footers > 1 || (footers === 1 && records.at(-1)?.type !== 'footer')) errors.push('the footer is not the last record, or appears twice');
  const ids = records.filter((record): record is CaseRecord => record.type === 'case').map((record) => record.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) errors.push(`case ${duplicate} appears twice`);
  return { records, errors, ...(truncatedLine ? { truncatedLine } : {}) };
}
