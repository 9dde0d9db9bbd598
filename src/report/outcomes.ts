/**
 * The outcome names, read from the run record schema so the schema stays their one source.
 * @module
 */
import schema from './run-record.schema.json' with { type: 'json' };

/** What a case can come to. `errored` is harness or adapter trouble, never a verdict on the agent. */
export type Outcome = 'passed' | 'failed' | 'warning' | 'skipped' | 'errored';

/** Every outcome, in report order. */
export const OUTCOMES = schema.$defs.Outcome.enum as readonly Outcome[];

/** Counts per outcome. */
export type Totals = Record<Outcome, number>;

/** All-zero totals. */
export function emptyTotals(): Totals {
  return Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Totals;
}
