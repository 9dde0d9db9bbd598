/**
 * An adapter's `knownIssues` regenerated from a full run: one entry per requirement a failure breaks (the root
 * cause's when the case has one, else the requirement the case failed on), an errored case by its ID. A known
 * issue keyed that way excuses exactly the failures under it (src/runner/case.ts `knownIssueFor`), never a
 * case that only cites it. Entries a maintainer wrote are kept: an existing reason stays while its key still
 * fails, and `interop.*` entries (the matrix's, src/matrix) are never touched.
 * @module
 */
import type { CaseRecord } from './run-records.js';

/** One entry of adapter.json `knownIssues`. */
export interface KnownIssue {
  reason: string;
  issue?: string;
}

export type KnownIssues = Record<string, KnownIssue>;

/** What changed between the manifest's entries and the run's. */
export interface KnownIssuesUpdate {
  /** The new `knownIssues`: requirement keys, then case IDs, then `interop.*`, each sorted. */
  next: KnownIssues;
  added: string[];
  removed: string[];
  kept: string[];
}

/** Keys of the matrix's cells: not a run's to decide. */
const isInteropKey = (key: string): boolean => key.startsWith('interop.');

/** The key a failed or errored case is excused under. */
export function knownIssueKey(record: CaseRecord): string | undefined {
  if (record.outcome === 'errored') return record.id;
  if (record.outcome !== 'failed') return undefined;
  return record.rootCause?.requirement ?? record.error?.requirement ?? record.id;
}

/** The reason written for a key the manifest does not have yet: how many cases, and what was seen. */
function generatedReason(key: string, records: CaseRecord[]): string {
  if (records[0]!.outcome === 'errored') return `errored: ${(records[0]!.reason ?? '').slice(0, 300)}`;
  const seen = new Map<string, number>();
  for (const record of records) {
    const text = (record.rootCause?.summary ?? record.reason ?? '').replace(/^[A-Z0-9]+(-[A-Z0-9]+)*-[0-9]{3}: /, '').slice(0, 220);
    seen.set(text, (seen.get(text) ?? 0) + 1);
  }
  const top = [...seen].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([text, n]) => `${text}${n > 1 ? ` (${n} cases)` : ''}`);
  const shared = records.some((record) => record.rootCause !== undefined) ? ' as a shared root cause' : '';
  return `${key}: ${records.length} case(s) fail on it${shared}. Seen: ${top.join(' | ')}`;
}

function keyOrder(a: string, b: string): number {
  const rank = (key: string): number => (isInteropKey(key) ? 2 : key.includes('.') ? 1 : 0);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The manifest's `knownIssues` brought in line with the failures of `cases`. */
export function updateKnownIssues(existing: KnownIssues, cases: readonly CaseRecord[]): KnownIssuesUpdate {
  const failing = new Map<string, CaseRecord[]>();
  for (const record of cases) {
    const key = knownIssueKey(record);
    if (key) failing.set(key, [...(failing.get(key) ?? []), record]);
  }
  const next: KnownIssues = {};
  const added: string[] = [];
  const kept: string[] = [];
  for (const [key, records] of failing) {
    if (existing[key]) {
      next[key] = existing[key]!;
      kept.push(key);
    } else {
      next[key] = { reason: generatedReason(key, records) };
      added.push(key);
    }
  }
  for (const [key, issue] of Object.entries(existing)) if (isInteropKey(key)) next[key] = issue;
  const removed = Object.keys(existing).filter((key) => !(key in next));
  const ordered = Object.fromEntries(Object.keys(next).sort(keyOrder).map((key) => [key, next[key]!]));
  return { next: ordered, added: added.sort(keyOrder), removed: removed.sort(keyOrder), kept: kept.sort(keyOrder) };
}

/** The update as lines for a terminal: `+ KEY: reason`, `- KEY: reason`, and a count of what stays. */
export function formatUpdate(existing: KnownIssues, update: KnownIssuesUpdate): string[] {
  const lines = [
    ...update.removed.map((key) => `- ${key}: ${existing[key]!.reason}`),
    ...update.added.map((key) => `+ ${key}: ${update.next[key]!.reason}`),
  ];
  const interop = Object.keys(update.next).filter(isInteropKey).length;
  lines.push(`${update.added.length} added, ${update.removed.length} removed, ${update.kept.length} kept with their reasons${interop > 0 ? `, ${interop} interop.* untouched` : ''}`);
  return lines;
}
