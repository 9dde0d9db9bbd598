/**
 * The profile verdicts a run's footer records, from src/report/verdicts.ts (`profileVerdicts`, the one policy)
 * in the run records' words: passed, failed, incomplete, not-run. Known issues are counted apart.
 * @module
 */
import { emptyTotals, type Totals } from '../report/outcomes.js';
import type { RunHeader } from '../report/run-records.js';
import { profileVerdicts as reportVerdicts, type VerdictInput } from '../report/verdicts.js';

export type ProfileVerdict = 'passed' | 'failed' | 'incomplete' | 'not-run';

/** The run records' words for the report's verdicts. */
const RUN_VERDICT = { pass: 'passed', fail: 'failed', incomplete: 'incomplete', 'not-run': 'not-run' } as const;

/** A profile's verdict and the outcome counts of its cases. */
export interface ProfileResult {
  verdict: ProfileVerdict;
  totals: Totals;
  /** Failed or errored cases excused by a known issue. */
  knownIssues: number;
  /** Failed on a root cause outside the profile. */
  blocked?: number;
  /** Why the verdict is incomplete. */
  incompleteBecause?: string;
}

/** Verdicts of every profile over `records`, for the run's `selection`. */
export function profileVerdicts(records: readonly VerdictInput[], selection?: RunHeader['selection']): Record<string, ProfileResult> {
  const results: Record<string, ProfileResult> = {};
  for (const v of reportVerdicts(records, selection)) {
    const totals = emptyTotals();
    totals.passed = v.passed - v.warning;
    totals.warning = v.warning;
    totals.failed = v.failed + v.blocked;
    totals.errored = v.errored;
    totals.skipped = v.skipped;
    results[v.profile] = {
      verdict: RUN_VERDICT[v.verdict], totals, knownIssues: v.knownIssues,
      ...(v.blocked ? { blocked: v.blocked } : {}), ...(v.incompleteBecause ? { incompleteBecause: v.incompleteBecause } : {}),
    };
  }
  return results;
}
