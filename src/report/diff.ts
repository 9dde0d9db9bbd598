/**
 * `diff OLD NEW`: per-case transitions between two runs (matched on stable case ID), grouped by
 * requirement, regressions first. Totals alone hide what changed (wpt.fyi #411).
 * @module
 */
import type { Outcome } from './outcomes.js';
import type { RunData } from './run-data.js';

export type Change = 'regression' | 'fixed' | 'changed' | 'new' | 'removed';

export interface Transition {
  id: string;
  from: Outcome | 'absent';
  to: Outcome | 'absent';
  change: Change;
  requirements: string[];
}

const BAD = new Set<Outcome | 'absent'>(['failed', 'errored']);

function classify(from: Outcome | 'absent', to: Outcome | 'absent'): Change {
  if (from === 'absent') return 'new';
  if (to === 'absent') return 'removed';
  if (!BAD.has(from) && BAD.has(to)) return 'regression';
  if (BAD.has(from) && !BAD.has(to)) return 'fixed';
  return 'changed';
}

/** Every case whose outcome differs (or that exists on one side only). */
export function diffRuns(old: RunData, current: RunData): Transition[] {
  const before = new Map(old.cases.map((record) => [record.id, record]));
  const after = new Map(current.cases.map((record) => [record.id, record]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const transitions: Transition[] = [];
  for (const id of ids) {
    const a = before.get(id);
    const b = after.get(id);
    const from = a?.outcome ?? 'absent';
    const to = b?.outcome ?? 'absent';
    if (from === to && Boolean(a?.flaky) === Boolean(b?.flaky)) continue;
    transitions.push({ id, from, to, change: classify(from, to), requirements: (b ?? a)!.requirements });
  }
  return transitions;
}

/** Transitions grouped by requirement ID (a case citing two requirements appears under both). */
export function groupByRequirement(transitions: readonly Transition[]): Map<string, Transition[]> {
  const groups = new Map<string, Transition[]>();
  for (const transition of transitions) {
    for (const id of transition.requirements.length > 0 ? transition.requirements : ['(none)']) groups.set(id, [...(groups.get(id) ?? []), transition]);
  }
  return new Map([...groups].sort(([a, ta], [b, tb]) => Number(tb.some((t) => t.change === 'regression')) - Number(ta.some((t) => t.change === 'regression')) || a.localeCompare(b)));
}

/** The diff as text lines. */
export function formatDiff(old: RunData, current: RunData, transitions: readonly Transition[]): string[] {
  const lines = [`diff ${old.header.adapter.name} ${old.header.runId} -> ${current.header.adapter.name} ${current.header.runId}`];
  if (transitions.length === 0) return [...lines, 'no case changed outcome'];
  const count = (change: Change): number => transitions.filter((t) => t.change === change).length;
  lines.push(`${count('regression')} regressions, ${count('fixed')} fixed, ${count('changed')} changed, ${count('new')} new, ${count('removed')} removed`);
  for (const [requirement, group] of groupByRequirement(transitions)) {
    lines.push(`${requirement}`);
    for (const t of group) lines.push(`  ${t.change.padEnd(10)} ${t.id}: ${t.from} -> ${t.to}`);
  }
  return lines;
}
