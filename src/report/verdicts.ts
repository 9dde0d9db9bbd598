/**
 * Verdicts computed from case records: one per certification profile, and one per requirement of the
 * registry (including the requirements no case exercised, so a report shows its own blind spots).
 *
 * Profile verdict policy (the one place it lives; docs/verdict-rule.md and docs/reports.md state it):
 * - a case counts in a profile with its outcome, or its `strictOutcome` in the strict profile;
 * - a failed case whose failure has a root cause the profile does not certify (a capability gap, a refused
 *   envelope) is `blocked` there, not failed: the profile's subject was never reached;
 * - `fail` when a case failed (a known issue keeps the exit code at 0 but does not make a failure pass);
 *   `incomplete` when none failed but one errored or was blocked, or skipped on a required capability the
 *   adapter cannot drive (a skipped record with a root cause), or the run was narrowed (`--suite`, a shard,
 *   another `--profile`): a profile passes only on every one of its cases; `not-run` when none ran; `pass`
 *   otherwise. The percentage is passed (warnings included) over the cases that ran, rounded down.
 * @module
 */
import { PROFILE_DEFINITIONS, PROFILES, profileRequirements, type ProfileName } from '../spec/profiles.js';
import { REQUIREMENTS, isRequirementId, type Requirement, type RequirementId } from '../spec/requirements.js';
import { isInformational } from '../spec/verdict-rule.js';
import type { Outcome } from './outcomes.js';
import type { CaseRecord, RunHeader } from './run-records.js';

export type Verdict = 'pass' | 'fail' | 'incomplete' | 'not-run';

/** What a verdict needs of a case record. */
export type VerdictInput = Pick<CaseRecord, 'profiles' | 'outcome' | 'requirements' | 'knownIssue' | 'strictOutcome' | 'rootCause' | 'error' | 'warnings'>;

/** The verdict of one profile. */
export interface ProfileVerdict {
  profile: ProfileName;
  description: string;
  verdict: Verdict;
  /** Why it is `incomplete`, when it is. */
  incompleteBecause?: string;
  /** Cases counted towards the profile. */
  cases: number;
  ran: number;
  passed: number;
  warning: number;
  failed: number;
  /** Failed on a root cause outside the profile: the profile's subject was never reached. */
  blocked: number;
  errored: number;
  skipped: number;
  /** Failed or errored cases excused by a known issue. */
  knownIssues: number;
  /** passed / ran, 0..100, rounded down (a 99.6% run is not shown as 100%). */
  percent: number;
  /** Requirements of the profile cited by a case that ran, out of every requirement the profile certifies. */
  requirements: { exercised: number; total: number };
}

/** How bad an outcome is, worst last. */
const SEVERITY: Record<Outcome, number> = { skipped: 0, passed: 1, warning: 2, errored: 3, failed: 4 };

/** The worse of two outcomes. */
export function worse(a: Outcome, b: Outcome): Outcome {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** The one verdict policy (see the module comment): known issues do not turn a failure into a pass. */
export function verdictOf(counts: { ran: number; failed: number; errored: number; blocked?: number; undrivable?: number; narrowed?: boolean }): Verdict {
  if (counts.ran === 0) return 'not-run';
  if (counts.failed > 0) return 'fail';
  return counts.errored > 0 || (counts.blocked ?? 0) > 0 || (counts.undrivable ?? 0) > 0 || counts.narrowed ? 'incomplete' : 'pass';
}

/** How a run's selection narrows `profile`, or undefined when every case of it was selected. */
export function narrowing(selection: RunHeader['selection'] | undefined, profile: string): string | undefined {
  if (!selection) return undefined;
  if (selection.suites !== '**') return `only suites ${selection.suites} ran`;
  if (selection.profile && selection.profile !== profile) return `only profile ${selection.profile} ran`;
  if (selection.shard && !isCompleteShardSet(selection.shard)) return `only shard ${selection.shard} ran`;
  return undefined;
}

/** True for `merged 1/3,2/3,3/3`: every shard of one split, merged (`report merge`). */
export function isCompleteShardSet(shard: string): boolean {
  const match = /^merged (.*)$/.exec(shard);
  if (!match) return false;
  const parts = match[1]!.split(',').map((part) => /^(\d+)\/(\d+)$/.exec(part.trim()));
  if (parts.some((part) => !part)) return false;
  const total = Number(parts[0]![2]);
  const seen = new Set(parts.map((part) => (Number(part![2]) === total ? Number(part![1]) : -1)));
  return seen.size === total && [...seen].every((i) => i >= 1 && i <= total);
}

/** The outcome a case counts with in `profile`: `blocked` when its failure's root cause lies outside it. */
export function outcomeIn(record: VerdictInput, profile: ProfileName): Outcome | 'blocked' {
  const outcome = profile === 'strict' ? record.strictOutcome ?? record.outcome : record.outcome;
  const cause = record.rootCause?.requirement;
  if (outcome === 'failed' && cause && isRequirementId(cause) && !PROFILE_DEFINITIONS[profile].certifies(cause)) return 'blocked';
  return outcome;
}

/**
 * A skipped case whose root cause is a required capability the profile certifies: the adapter could not drive
 * the method that would show it (UndrivableCapability), so the profile cannot pass on it.
 */
function isUndrivableIn(record: VerdictInput, profile: ProfileName): boolean {
  const cause = record.rootCause?.requirement;
  return record.outcome === 'skipped' && cause !== undefined && isRequirementId(cause) && PROFILE_DEFINITIONS[profile].certifies(cause);
}

/** One verdict per profile, in the registry's order. */
export function profileVerdicts(cases: readonly VerdictInput[], selection?: RunHeader['selection']): ProfileVerdict[] {
  return (Object.keys(PROFILES) as ProfileName[]).map((profile) => {
    const mine = cases.filter((record) => record.profiles.includes(profile));
    const counts: Record<Outcome | 'blocked', number> = { passed: 0, warning: 0, failed: 0, errored: 0, skipped: 0, blocked: 0 };
    const exercised = new Set<string>();
    let knownIssues = 0;
    let undrivable = 0;
    for (const record of mine) {
      const outcome = outcomeIn(record, profile);
      counts[outcome] += 1;
      if (isUndrivableIn(record, profile)) undrivable += 1;
      if (outcome !== 'skipped') for (const id of record.requirements) exercised.add(id);
      if ((outcome === 'failed' || outcome === 'errored') && record.knownIssue) knownIssues += 1;
    }
    const certified = profileRequirements(profile);
    const ran = mine.length - counts.skipped;
    const narrowed = narrowing(selection, profile);
    const verdict = verdictOf({ ran, failed: counts.failed, errored: counts.errored, blocked: counts.blocked, undrivable, narrowed: narrowed !== undefined });
    const incompleteBecause = verdict !== 'incomplete' ? undefined
      : [narrowed, counts.errored ? `${counts.errored} errored` : undefined, counts.blocked ? `${counts.blocked} blocked by failures outside the profile` : undefined,
        undrivable ? `${undrivable} skipped on a required capability the adapter cannot drive` : undefined].filter(Boolean).join('; ');
    return {
      profile, description: PROFILES[profile], verdict, ...(incompleteBecause ? { incompleteBecause } : {}),
      cases: mine.length, ran, passed: counts.passed + counts.warning, warning: counts.warning, failed: counts.failed, blocked: counts.blocked,
      errored: counts.errored, skipped: counts.skipped, knownIssues,
      percent: ran === 0 ? 0 : Math.floor(((counts.passed + counts.warning) / ran) * 100),
      requirements: { exercised: certified.filter((id) => exercised.has(id)).length, total: certified.length },
    };
  });
}

/** Failed cases that break the same requirement for the same reason: what a vendor fixes once. */
export interface FailureGroup {
  /** The requirement broken: the root cause's, else the failing check's. */
  requirement: string;
  /** The shared cause when there is one (a capability gap, a refused envelope), else the first case's reason. */
  summary: string;
  /** True when the cases share a root cause (their own subjects were not reached). */
  rootCause: boolean;
  cases: string[];
}

/**
 * Failures grouped for the reader: one group per root cause, and one per failing requirement for the rest, the
 * largest first. The requirement of each group is the one its cases failed on, never one they merely cite.
 */
export function failureGroups(cases: readonly Pick<CaseRecord, 'id' | 'outcome' | 'error' | 'rootCause' | 'reason'>[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const record of cases) {
    if (record.outcome !== 'failed') continue;
    const root = record.rootCause;
    const requirement = root?.requirement ?? record.error?.requirement ?? '?';
    const key = root ? `${requirement} ${root.summary}` : requirement;
    const group = groups.get(key) ?? { requirement, summary: root?.summary ?? (record.reason ?? '').replace(/^[A-Z0-9-]+: /, ''), rootCause: root !== undefined, cases: [] };
    group.cases.push(record.id);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.cases.length - a.cases.length || a.requirement.localeCompare(b.requirement));
}

/** One row of the requirement table. */
export interface RequirementRow {
  id: string;
  level: string;
  section: string;
  text: string;
  /** Case IDs that cite it. */
  cases: string[];
  /** Case IDs that failed on it (their failing check's requirement, or their root cause's). */
  failedOn: string[];
  /** Case IDs that warned on it. */
  warnedOn: string[];
  /**
   * `failed` or `warning` only when a case failed or warned *on this requirement*; otherwise `passed` when a
   * case citing it ran, `skipped` when every one was skipped, `untested` when none cites it. Informational
   * entries (INFO, AMB-*, VEC-*) are never coloured: at most `passed`.
   */
  outcome: Outcome | 'untested';
}

/** Every requirement of the registry with the cases that cite it; IDs cited but unknown to the registry come last. */
export function requirementRows(cases: readonly CaseRecord[]): RequirementRow[] {
  const citing = new Map<string, CaseRecord[]>();
  const failedOn = new Map<string, string[]>();
  const warnedOn = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, id: string | undefined, caseId: string): void => {
    if (id && !(map.get(id) ?? []).includes(caseId)) map.set(id, [...(map.get(id) ?? []), caseId]);
  };
  for (const record of cases) {
    for (const id of record.requirements) citing.set(id, [...(citing.get(id) ?? []), record]);
    if (record.outcome === 'failed') add(failedOn, record.rootCause?.requirement ?? record.error?.requirement, record.id);
    for (const warning of record.warnings ?? []) add(warnedOn, warning.requirement, record.id);
  }
  const rows: RequirementRow[] = [];
  const row = (id: string, entry: Requirement | undefined): RequirementRow => {
    const cited = citing.get(id) ?? [];
    const failed = failedOn.get(id) ?? [];
    const warned = warnedOn.get(id) ?? [];
    const ran = cited.some((record) => record.outcome !== 'skipped');
    const informational = isInformational(id);
    const outcome: RequirementRow['outcome'] = !informational && failed.length > 0 ? 'failed'
      : !informational && warned.length > 0 ? 'warning'
      : ran || failed.length > 0 || warned.length > 0 ? 'passed'
      : cited.length > 0 ? 'skipped' : 'untested';
    return {
      id, level: entry?.level ?? '?', section: entry?.section ?? '', text: entry?.text ?? '(not in the requirement registry)',
      cases: cited.map((record) => record.id), failedOn: failed, warnedOn: warned, outcome,
    };
  };
  for (const [id, entry] of Object.entries(REQUIREMENTS) as Array<[RequirementId, Requirement]>) rows.push(row(id, entry));
  const extra = new Set([...citing.keys(), ...failedOn.keys(), ...warnedOn.keys()]);
  for (const id of extra) if (!Object.hasOwn(REQUIREMENTS, id)) rows.push(row(id, undefined));
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
