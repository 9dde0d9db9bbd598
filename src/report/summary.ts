/**
 * summary.json: the machine-readable digest of one or more runs (per adapter: fingerprint, totals, verdict
 * per profile, failing cases with their repro command, baseline statuses when compared). Checked against
 * summary.schema.json before it is written.
 * @module
 */
import { validatorFor } from '../schema/ajv.js';
import schema from './summary.schema.json' with { type: 'json' };
import type { Totals } from './outcomes.js';
import type { BaselineComparison } from './baseline.js';
import { environmentFingerprint, type EnvironmentFingerprint } from './fingerprint.js';
import type { RunData } from './run-data.js';
import { needsRepro, reproCommand } from './repro.js';
import { failureGroups, profileVerdicts, requirementRows, type ProfileVerdict } from './verdicts.js';

export interface RunSummaryJson {
  adapter: string;
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  interrupted: boolean;
  fingerprint: EnvironmentFingerprint;
  totals: Totals;
  unexpected: number;
  flaky: string[];
  profiles: ProfileVerdict[];
  requirements: { total: number; exercised: number; failing: string[] };
  causes: Array<{ requirement: string; summary: string; rootCause: boolean; count: number; cases: string[] }>;
  failures: Array<{ id: string; outcome: string; requirements: string[]; requirement?: string; rootCause?: { requirement: string; summary: string }; reason?: string; knownIssue?: string; repro: string }>;
  baseline?: { file: string; exitCode: 0 | 1; counts: Record<string, number>; newFailures: string[]; xpass: string[] };
}

/**
 * An adapter the job left out without running it: `skipped` (its build toolchain is missing: not a verdict),
 * `errored` (its build failed: harness trouble). Never counted as failed cases.
 */
export interface AdapterNotRun {
  adapter: string;
  outcome: 'skipped' | 'errored';
  reason: string;
}

export interface SummaryJson {
  format: 1;
  generatedAt: string;
  runs: RunSummaryJson[];
  adaptersNotRun?: AdapterNotRun[];
}

const validate = validatorFor(schema);

/** The summary of `runs`; throws when it would violate its own schema (a harness bug). */
export function buildSummary(runs: readonly RunData[], baselines: ReadonlyMap<string, BaselineComparison> = new Map(), notRun: readonly AdapterNotRun[] = []): SummaryJson {
  const summary: SummaryJson = {
    format: 1,
    generatedAt: new Date().toISOString(),
    runs: runs.map((run) => {
      const rows = requirementRows(run.cases).filter((row) => row.cases.length > 0);
      const baseline = baselines.get(run.header.adapter.name);
      return {
        adapter: run.header.adapter.name,
        runId: run.header.runId,
        startedAt: run.header.startedAt,
        finishedAt: run.footer?.finishedAt ?? null,
        interrupted: run.footer?.interrupted ?? true,
        fingerprint: environmentFingerprint(run.header),
        totals: run.totals,
        unexpected: run.cases.filter((record) => needsRepro(record) && !record.knownIssue).length,
        flaky: run.cases.filter((record) => record.flaky).map((record) => record.id),
        profiles: profileVerdicts(run.cases, run.header.selection),
        requirements: {
          total: requirementRows([]).length,
          exercised: rows.length,
          failing: rows.filter((row) => row.outcome === 'failed' || row.outcome === 'errored').map((row) => row.id),
        },
        causes: failureGroups(run.cases).map((group) => ({ requirement: group.requirement, summary: group.summary, rootCause: group.rootCause, count: group.cases.length, cases: group.cases })),
        failures: run.cases.filter(needsRepro).map((record) => ({
          id: record.id,
          outcome: record.outcome,
          requirements: record.requirements,
          ...(record.error?.requirement ? { requirement: record.error.requirement } : {}),
          ...(record.rootCause ? { rootCause: record.rootCause } : {}),
          ...(record.reason ? { reason: record.reason } : {}),
          ...(record.knownIssue ? { knownIssue: record.knownIssue.key } : {}),
          repro: reproCommand(run, record),
        })),
        ...(baseline ? { baseline: { file: baseline.file, exitCode: baseline.exitCode, counts: baseline.counts, newFailures: baseline.newFailures, xpass: baseline.xpass } } : {}),
      };
    }),
    ...(notRun.length > 0 ? { adaptersNotRun: [...notRun] } : {}),
  };
  if (!validate(summary)) throw new Error(`summary.json violates its schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  return summary;
}
