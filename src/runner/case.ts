/**
 * `conformanceCase`: how a suite declares a test. It takes the requirement IDs (typed by the registry),
 * the profiles and the role, decides applicability from the adapter's claimed capabilities, runs the body
 * with a session to the adapter, and leaves the outcome, reason and transcript in the task meta for the
 * reporter. The adapter is a parameter of the run; a suite never asks which adapter it is talking to.
 * @module
 */
import { withSeededRandom } from '../crypto/random.js';
import { withClock } from '../didcomm/clock.js';
import { afterAll, inject, test, type TestContext } from 'vitest';
import { ADAPTER_ERROR_CODES, isAdapterError } from '../errors/adapter-error.js';
import { AdapterSession } from '../adapter/session.js';
import type { TranscriptEntry, WireEntry } from '../adapter/transcript.js';
import { onWire } from '../agent/wire-log.js';
import type { MethodName, ParamsOf, ResultOf } from '../adapter/protocol/v1/methods.js';
import type { Capabilities, Role } from '../adapter/protocol/v1/types.generated.js';
import type { RequirementId } from '../spec/requirements.js';
import { missingCapabilities, type CaseNeeds } from './applicability.js';
import type { ProfileName } from '../spec/profiles.js';
import type { CaseMeta, RunContext } from './run-context.js';

/** A case's declaration. */
export interface CaseDeclaration {
  /** Stable ID, `<area>.<role>.<slug>`; reports, known issues and baselines key on it. */
  id: string;
  /** One line for humans; nothing reads it back. */
  title: string;
  requirements: readonly [RequirementId, ...RequirementId[]];
  profiles: readonly ProfileName[];
  /** The part the adapter plays. */
  role: Role;
  needs?: CaseNeeds;
  /** The spec requires what `needs` names: an adapter lacking it fails instead of skipping. */
  required?: boolean;
}

/** What a case body gets. */
export interface CaseContext {
  /** Calls the adapter; trouble throws `AdapterError`, which makes the case `errored`. */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  capabilities: Capabilities;
  /** The run's seed, for cases that generate inputs. */
  seed: number;
  /** Records a warning when `condition` is false (a SHOULD); the case ends `warning` unless it fails. */
  should(condition: unknown, requirement: RequirementId, message: string): void;
  /**
   * Needs found while the case runs (e.g. the algorithms of a vector's inner layers): when the adapter did not
   * claim them the case ends `skipped`, or `failed` under `requirement` when `required`.
   */
  need(needs: CaseNeeds, required: boolean, requirement: RequirementId): void;
}

/** A need found at run time that the adapter did not claim: the case does not apply. */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable';
}

/** A MUST the agent broke. */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  readonly requirement: RequirementId;

  constructor(requirement: RequirementId, message: string) {
    super(`${requirement}: ${message}`);
    this.requirement = requirement;
  }
}

/** The positive control of a negative case failed: the case proves nothing and is skipped with this reason. */
export class Inconclusive extends Error {
  override readonly name = 'Inconclusive';
}

/** Fails the case under `requirement` when `condition` is false (a MUST the agent broke). */
export function must(condition: unknown, requirement: RequirementId, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(requirement, message);
}

let session: Promise<AdapterSession> | undefined;

function runContext(): RunContext {
  return inject('conformanceRun');
}

/** The adapter session of this test file, opened on first use. */
function adapterSession(): Promise<AdapterSession> {
  if (!session) {
    const run = runContext();
    session = AdapterSession.open(run.target, run.limits);
  }
  return session;
}

afterAll(async () => {
  const opened = await session?.catch(() => undefined);
  await opened?.close();
});

/** Declares one conformance case. */
export function conformanceCase(declaration: CaseDeclaration, body: (ctx: CaseContext) => Promise<void>): void {
  const meta: CaseMeta = {
    id: declaration.id,
    requirements: [...declaration.requirements],
    profiles: [...declaration.profiles],
    role: declaration.role,
  };
  test(`${declaration.id}: ${declaration.title}`, { meta: { conformance: meta } }, async (context) => {
    const state = context.task.meta.conformance!;
    await runCase(declaration, state, body, context);
  });
}

async function runCase(declaration: CaseDeclaration, state: CaseMeta, body: (ctx: CaseContext) => Promise<void>, context: TestContext): Promise<void> {
  const run = runContext();
  state.knownIssue = knownIssueFor(run, declaration);
  const finish = (outcome: CaseMeta['outcome'], reason?: string): void => {
    state.outcome = outcome;
    if (reason !== undefined) state.reason = reason;
  };
  if (run.profile && !declaration.profiles.includes(run.profile)) {
    finish('skipped', `not in profile ${run.profile}`);
    context.skip(state.reason);
  }
  let opened: AdapterSession | undefined;
  // What the harness agents of a live case see on the wire joins the transcript: the verdict's evidence.
  const wire: WireEntry[] = [];
  const stopListening = onWire((entry) => wire.push(entry));
  try {
    opened = await adapterSession();
    opened.takeTranscript();
    const missing = missingCapabilities(opened.description.capabilities, declaration.needs ?? {}, declaration.role);
    if (missing.length > 0 && !declaration.required) {
      finish('skipped', `not claimed: ${missing.join(', ')}`);
    } else if (missing.length > 0) {
      throw new ConformanceFailure(declaration.requirements[0], `required but not claimed: ${missing.join(', ')}`);
    } else {
      const warnings: NonNullable<CaseMeta['warnings']> = [];
      const live = opened;
      // The reference side of the case draws its randomness from the run's seed and reads the run's clock,
      // so the same seed, clock and adapter give the same bytes and verdicts.
      await withClock(run.clock, () => withSeededRandom(`${run.seed}/${declaration.id}`, () => body({
        call: (method, params) => live.call(method, params),
        capabilities: live.description.capabilities,
        seed: run.seed,
        should(condition, requirement, message) {
          if (!condition) warnings.push({ requirement, message });
        },
        need(needs, required, requirement) {
          const lacking = missingCapabilities(live.description.capabilities, needs, declaration.role);
          if (lacking.length === 0) return;
          if (required) throw new ConformanceFailure(requirement, `required but not claimed: ${lacking.join(', ')}`);
          throw new NotApplicable(`not claimed: ${lacking.join(', ')}`);
        },
      })));
      if (warnings.length > 0) state.warnings = warnings;
      finish(warnings.length > 0 ? 'warning' : 'passed', warnings.length > 0 ? warnings.map((w) => `${w.requirement}: ${w.message}`).join('; ') : undefined);
    }
  } catch (error) {
    classify(error, state);
    if (state.outcome !== 'skipped') throw error;
  } finally {
    stopListening();
    state.transcript = inTimeOrder(opened?.takeTranscript() ?? [], wire);
  }
  if (state.outcome === 'skipped') context.skip(state.reason);
}

/** Adapter calls and wire entries merged by time (each list is already in order). */
function inTimeOrder(calls: TranscriptEntry[], wire: WireEntry[]): TranscriptEntry[] {
  if (wire.length === 0) return calls;
  const merged: TranscriptEntry[] = [];
  let w = 0;
  for (const call of calls) {
    while (w < wire.length && wire[w]!.at < call.at) merged.push(wire[w++]!);
    merged.push(call);
  }
  return merged.concat(wire.slice(w));
}

/** Sorts a thrown value into failed (the agent broke a rule), skipped (unsupported) or errored (trouble). */
function classify(error: unknown, state: CaseMeta): void {
  const message = error instanceof Error ? error.message : String(error);
  if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') {
    state.outcome = 'skipped';
    state.reason = `the adapter does not implement a method this case needs (${message})`;
  } else if (isAdapterError(error)) {
    state.outcome = 'errored';
    state.reason = `${error.code}: ${message}`;
    state.error = { kind: 'adapter', code: error.code, message, hint: ADAPTER_ERROR_CODES[error.code].hint };
  } else if (error instanceof Inconclusive || error instanceof NotApplicable) {
    state.outcome = 'skipped';
    state.reason = message;
  } else if (error instanceof ConformanceFailure) {
    state.outcome = 'failed';
    state.reason = message;
    state.error = { kind: 'assertion', requirement: error.requirement, message };
  } else if (error instanceof Error && error.name === 'AssertionError') {
    state.outcome = 'failed';
    state.reason = message.split('\n')[0]!;
    state.error = { kind: 'assertion', requirement: state.requirements[0], message };
  } else {
    state.outcome = 'errored';
    state.reason = `harness error: ${message}`;
    state.error = { kind: 'harness', message };
  }
}

function knownIssueFor(run: RunContext, declaration: CaseDeclaration): CaseMeta['knownIssue'] {
  for (const key of [declaration.id, ...declaration.requirements]) {
    const issue = run.knownIssues[key];
    if (issue) return { key, reason: issue.reason, ...(issue.issue ? { issue: issue.issue } : {}) };
  }
  return undefined;
}
