/**
 * One verdict per profile, from the case records of a run: `passed` when every case of the profile passed,
 * warned or was skipped and at least one ran; `failed` when one failed outside a known issue; `incomplete`
 * when one errored (outside a known issue) and none failed; `not-run` when no case of the profile ran.
 * @module
 */
import { emptyTotals, type Totals } from '../report/outcomes.js';
import type { CaseRecord } from '../report/run-records.js';
import { PROFILE_NAMES } from '../spec/profiles.js';

export type ProfileVerdict = 'passed' | 'failed' | 'incomplete' | 'not-run';

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
    let failed = 0;
    let errored = 0;
    let knownIssues = 0;
    for (const record of records) {
      if (!record.profiles.includes(name)) continue;
      totals[record.outcome] += 1;
      const bad = record.outcome === 'failed' || record.outcome === 'errored';
      if (bad && record.knownIssue) knownIssues += 1;
      else if (record.outcome === 'failed') failed += 1;
      else if (record.outcome === 'errored') errored += 1;
    }
    const ran = totals.passed + totals.warning + totals.failed + totals.errored;
    const verdict: ProfileVerdict = failed > 0 ? 'failed' : errored > 0 ? 'incomplete' : ran > 0 ? 'passed' : 'not-run';
    results[name] = { verdict, totals, knownIssues };
  }
  return results;
}
