/**
 * What the runner hands to the vitest workers that run the suites (via `provide`/`inject`), and what the
 * suites hand back to the reporter (via task meta). Both cross a process boundary, so both are plain data.
 * @module
 */
import type {} from 'vitest';
import type { AdapterTarget, ResolvedLimits } from '../adapter/manifest.js';
import type { KnownIssue, Role } from '../adapter/protocol/v1/types.generated.js';
import type { TranscriptEntry } from '../adapter/transcript.js';
import type { RequirementId } from '../spec/requirements.js';
import type { CaseRecord } from '../report/run-records.js';
import type { Outcome } from '../report/outcomes.js';
import type { ProfileName } from '../spec/profiles.js';
import type { SessionHostAddress } from './session-host.js';

/** The run, as seen from a worker. */
export interface RunContext {
  adapterName: string;
  target: AdapterTarget;
  limits: ResolvedLimits;
  /** Where the worker leases its adapter session (the runner process holds the adapter processes). */
  sessions: SessionHostAddress;
  /** adapter.json `limits.quietMs`: the quiet window for this agent, instead of the measured one. */
  quietMs?: number;
  knownIssues: Record<string, KnownIssue>;
  /** Restrict to cases of this profile; others are skipped with a reason. */
  profile?: ProfileName;
  seed: number;
  /** The reference side's fixed time (epoch seconds). */
  clock: number;
}

/** What a case declares and what it came to; the reporter reads this, never the title. */
export interface CaseMeta {
  id: string;
  requirements: RequirementId[];
  profiles: ProfileName[];
  role: Role;
  outcome?: Outcome;
  reason?: string;
  error?: CaseRecord['error'];
  warnings?: Array<{ requirement: RequirementId; message: string }>;
  /** Observations under informational entries, and strict readings outside the strict profile: never coloured. */
  notes?: Array<{ requirement: string; message: string }>;
  /** The strict profile's reading, when it differs from `outcome` (a case in `strict` and another profile). */
  strictOutcome?: Outcome;
  /** The shared cause of this failure when it is not the case's own subject (a capability gap, a refused message). */
  rootCause?: { requirement: string; summary: string };
  knownIssue?: CaseRecord['knownIssue'];
  transcript?: TranscriptEntry[];
}

declare module 'vitest' {
  interface ProvidedContext {
    conformanceRun: RunContext;
  }
  interface TaskMeta {
    conformance?: CaseMeta;
  }
}
