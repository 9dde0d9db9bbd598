/**
 * One verdict per profile, from the case records of a run, with the policy of src/report/verdicts.ts
 * (`verdictOf`): `failed` when a case failed — a known issue keeps the exit code at 0 but does not make a
 * failed case pass — `incomplete` when one errored and none failed, `passed` when at least one ran and
 * none failed or errored, `not-run` when none ran. Known issues are counted apart.
 * @module
 */
import { emptyTotals, type Totals } from '../report/outcomes.js';
import type { CaseRecord } from '../report/run-records.js';
import { verdictOf } from '../report/verdicts.js';
import { PROFILE_NAMES } from '../spec/profiles.js';

export type ProfileVerdict = 'passed' | 'failed' | 'incomplete' | 'not-run';

/** The run records' words for the report's verdicts. */
const RUN_VERDICT = { pass: 'passed', fail: 'failed', incomplete: 'incomplete', 'not-run': 'not-run' } as const;

/** A profile's verdict and the outcome counts of its cases. */
export interface ProfileResult {
  verdict: ProfileVerdict;
  totals: Totals;
  /** Failed or errored cases excused by a known issue. */
  knownIssues: number;
}

/** Verdicts of every profile over `records`. */
export function profileVerdicts(records: ReadonlyArray<Pick<CaseRecord, 'profiles' | 'outcome' | 'knownIssue'>>): Record<string, ProfileResult> {
  const results: Record<string, ProfileResult> = {};
  for (const name of PROFILE_NAMES) {
    const totals = emptyTotals();
    let knownIssues = 0;
    for (const record of records) {
      if (!record.profiles.includes(name)) continue;
      totals[record.outcome] += 1;
      if ((record.outcome === 'failed' || record.outcome === 'errored') && record.knownIssue) knownIssues += 1;
    }
    const ran = totals.passed + totals.warning + totals.failed + totals.errored;
    const verdict = RUN_VERDICT[verdictOf({ ran, failed: totals.failed, errored: totals.errored })];
    results[name] = { verdict, totals, knownIssues };
  }
  return results;
}
