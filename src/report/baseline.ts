/**
 * Baselines: a committed expectations file keyed by stable case ID (never by title), compared with a run.
 *
 *   { "cases": { "<case-id>": { "expected": "fail" | "skip" | "flaky", "reason": "...", "link": "https://..." } },
 *     "adapters": { "<adapter>": { "cases": { ... } } } }      // per-adapter entries override `cases`
 *
 * Statuses per case: `pass`; `new-failure` (failed or errored, not expected; flaky counts as failing);
 * `xfail` (expected fail or flaky, and it failed); `xpass` (expected fail or skip, and it passed: an
 * unexpected improvement, which fails the run until the baseline is updated); `flaky` (expected flaky,
 * and the retries disagreed); `known-issue` (covered by adapter.json knownIssues); `skip`; `stale-skip`
 * (expected fail, now skipped); `missing` (in the baseline, not in the run). Exit 1 on any new-failure or xpass.
 * @module
 */
import { readFileSync } from 'node:fs';
import { validatorFor } from '../schema/ajv.js';
import schema from './baseline.schema.json' with { type: 'json' };
import type { RunData } from './run-data.js';
import type { CaseRecord } from './run-records.js';

export type Expectation = 'fail' | 'skip' | 'flaky';

export interface BaselineEntry {
  expected: Expectation;
  reason: string;
  link?: string;
  since?: string;
}

export interface BaselineFile {
  $schema?: string;
  cases?: Record<string, BaselineEntry>;
  adapters?: Record<string, { cases: Record<string, BaselineEntry> }>;
}

export type BaselineStatus = 'pass' | 'new-failure' | 'xfail' | 'xpass' | 'flaky' | 'known-issue' | 'skip' | 'stale-skip' | 'missing';

export interface BaselineComparison {
  file: string;
  adapter: string;
  statuses: Map<string, BaselineStatus>;
  counts: Record<string, number>;
  newFailures: string[];
  xpass: string[];
  exitCode: 0 | 1;
}

const validate = validatorFor(schema);

/** Thrown when a baseline file is unreadable or malformed (a usage error: exit 2). */
export class BaselineInvalid extends Error {
  override readonly name = 'BaselineInvalid';
}

/** Reads and checks a baseline file. */
export function readBaseline(file: string): BaselineFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BaselineInvalid(`cannot read baseline ${file}: ${(error as Error).message}`);
  }
  if (!validate(parsed)) throw new BaselineInvalid(`${file} is not a valid baseline: ${(validate.errors ?? []).map((err) => `${err.instancePath} ${err.message}`).join('; ')}`);
  return parsed as BaselineFile;
}

/** The entries that apply to `adapter`. */
export function entriesFor(baseline: BaselineFile, adapter: string): Record<string, BaselineEntry> {
  return { ...(baseline.cases ?? {}), ...(baseline.adapters?.[adapter]?.cases ?? {}) };
}

function statusOf(record: CaseRecord, entry: BaselineEntry | undefined): BaselineStatus {
  const failing = record.outcome === 'failed' || record.outcome === 'errored';
  if (record.outcome === 'skipped') return entry?.expected === 'fail' ? 'stale-skip' : 'skip';
  if (!failing) return entry && entry.expected !== 'flaky' ? 'xpass' : 'pass';
  if (entry?.expected === 'flaky') return record.flaky ? 'flaky' : 'xfail';
  if (entry?.expected === 'fail') return 'xfail';
  if (entry?.expected === 'skip') return 'new-failure';
  return record.knownIssue ? 'known-issue' : 'new-failure';
}

/** Compares a run with a baseline. */
export function compareWithBaseline(run: RunData, baseline: BaselineFile, file: string): BaselineComparison {
  const entries = entriesFor(baseline, run.header.adapter.name);
  const statuses = new Map<string, BaselineStatus>();
  for (const record of run.cases) statuses.set(record.id, statusOf(record, entries[record.id]));
  for (const id of Object.keys(entries)) if (!statuses.has(id)) statuses.set(id, 'missing');
  const counts: Record<string, number> = {};
  for (const status of statuses.values()) counts[status] = (counts[status] ?? 0) + 1;
  const newFailures = [...statuses].filter(([, status]) => status === 'new-failure').map(([id]) => id);
  const xpass = [...statuses].filter(([, status]) => status === 'xpass').map(([id]) => id);
  return { file, adapter: run.header.adapter.name, statuses, counts, newFailures, xpass, exitCode: newFailures.length + xpass.length > 0 ? 1 : 0 };
}

/**
 * A baseline that accepts `runs` as they are: every failed or errored case expected to fail (flaky ones
 * expected flaky), keeping the reason and link of entries already in `previous`.
 */
export function baselineFromRuns(runs: readonly RunData[], previous: BaselineFile = {}): BaselineFile {
  const adapters: NonNullable<BaselineFile['adapters']> = {};
  for (const run of runs) {
    const old = entriesFor(previous, run.header.adapter.name);
    const cases: Record<string, BaselineEntry> = {};
    for (const record of run.cases) {
      if (record.outcome !== 'failed' && record.outcome !== 'errored') continue;
      const kept = old[record.id];
      cases[record.id] = {
        expected: record.flaky ? 'flaky' : 'fail',
        reason: kept?.reason ?? record.reason?.split('\n')[0] ?? record.outcome,
        ...(kept?.link ? { link: kept.link } : record.knownIssue?.issue ? { link: record.knownIssue.issue } : {}),
        since: kept?.since ?? run.header.startedAt.slice(0, 10),
      };
    }
    adapters[run.header.adapter.name] = { cases };
  }
  return { $schema: 'https://didcomm-conformance.dev/report/v1/baseline.schema.json', adapters };
}

/** Lines for a terminal: the problems first, each with its case ID. */
export function describeComparison(comparison: BaselineComparison): string[] {
  const lines = [`baseline ${comparison.file} (${comparison.adapter}): ${Object.entries(comparison.counts).map(([status, n]) => `${n} ${status}`).join(', ')}`];
  for (const id of comparison.newFailures) lines.push(`  NEW FAILURE ${id}`);
  for (const id of comparison.xpass) lines.push(`  XPASS       ${id} (expected to fail, now passes: update the baseline)`);
  return lines;
}
