/**
 * Verdicts computed from case records: one per certification profile, and one per requirement of the
 * registry (including the requirements no case exercised, so a report shows its own blind spots).
 *
 * Verdict policy (stated here and in docs/reports.md): a profile `passes` when at least one of its cases
 * ran and none failed or errored; a known issue does not make a failed case pass (it only keeps the exit
 * code at 0). `incomplete` when a case errored and none failed: the harness could not decide. `not-run`
 * when every case was skipped or none exists. The percentage is passed (warnings included) over the cases
 * that ran (not skipped).
 * @module
 */
import { PROFILES, type ProfileName } from '../spec/profiles.js';
import { REQUIREMENTS, type Requirement, type RequirementId } from '../spec/requirements.js';
import type { Outcome } from './outcomes.js';
import type { CaseRecord } from './run-records.js';

export type Verdict = 'pass' | 'fail' | 'incomplete' | 'not-run';

/** The verdict of one profile. */
export interface ProfileVerdict {
  profile: ProfileName;
  description: string;
  verdict: Verdict;
  /** Cases counted towards the profile. */
  cases: number;
  ran: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  /** passed / ran, 0..100, rounded down (a 99.6% run is not shown as 100%). */
  percent: number;
}

/** How bad an outcome is, worst last. */
const SEVERITY: Record<Outcome, number> = { skipped: 0, passed: 1, warning: 2, errored: 3, failed: 4 };

/** The worse of two outcomes. */
export function worse(a: Outcome, b: Outcome): Outcome {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** The one verdict policy (see the module comment): known issues do not turn a failure into a pass. */
export function verdictOf(counts: { ran: number; failed: number; errored: number }): Verdict {
  return counts.ran === 0 ? 'not-run' : counts.failed > 0 ? 'fail' : counts.errored > 0 ? 'incomplete' : 'pass';
}

/** One verdict per profile, in the registry's order. */
export function profileVerdicts(cases: readonly CaseRecord[]): ProfileVerdict[] {
  return (Object.keys(PROFILES) as ProfileName[]).map((profile) => {
    const mine = cases.filter((record) => record.profiles.includes(profile));
    const count = (outcome: Outcome): number => mine.filter((record) => record.outcome === outcome).length;
    const passed = count('passed') + count('warning');
    const failed = count('failed');
    const errored = count('errored');
    const skipped = count('skipped');
    const ran = mine.length - skipped;
    const verdict = verdictOf({ ran, failed, errored });
    return {
      profile, description: PROFILES[profile], verdict, cases: mine.length, ran, passed, failed, errored, skipped,
      percent: ran === 0 ? 0 : Math.floor((passed / ran) * 100),
    };
  });
}

/** One row of the requirement table. */
export interface RequirementRow {
  id: string;
  level: string;
  section: string;
  text: string;
  /** Case IDs that cite it. */
  cases: string[];
  /** The worst outcome of those cases, or `untested`. */
  outcome: Outcome | 'untested';
}

/** Every requirement of the registry with the cases that cite it; IDs cited but unknown to the registry come last. */
export function requirementRows(cases: readonly CaseRecord[]): RequirementRow[] {
  const byRequirement = new Map<string, CaseRecord[]>();
  for (const record of cases) {
    for (const id of record.requirements) byRequirement.set(id, [...(byRequirement.get(id) ?? []), record]);
  }
  const rows: RequirementRow[] = [];
  const row = (id: string, entry: Requirement | undefined): RequirementRow => {
    const citing = byRequirement.get(id) ?? [];
    return {
      id,
      level: entry?.level ?? '?',
      section: entry?.section ?? '',
      text: entry?.text ?? '(not in the requirement registry)',
      cases: citing.map((record) => record.id),
      outcome: citing.length === 0 ? 'untested' : citing.map((record) => record.outcome).reduce(worse),
    };
  };
  for (const [id, entry] of Object.entries(REQUIREMENTS) as Array<[RequirementId, Requirement]>) rows.push(row(id, entry));
  for (const id of byRequirement.keys()) if (!Object.hasOwn(REQUIREMENTS, id)) rows.push(row(id, undefined));
  return rows;
}

/** The link to a requirement in the spec (its section in the DIF spec; the digest ID is the anchor text). */
export const SPEC_URL = 'https://identity.foundation/didcomm-messaging/spec/v2.1/';

/** The spec section a requirement cites (`§3.2`), when its text names one. */
export function specSection(text: string): string | undefined {
  return /§\s?(\d+(?:\.\d+)*)/.exec(text)?.[1];
}

/** A link for a requirement: the spec (v2.1) the digest was drawn from, with the section it cites. */
export function requirementLink(id: string): { url: string; section?: string } {
  const entry = (REQUIREMENTS as Record<string, Requirement | undefined>)[id];
  const section = entry ? specSection(entry.text) : undefined;
  return { url: SPEC_URL, ...(section ? { section } : {}) };
}
