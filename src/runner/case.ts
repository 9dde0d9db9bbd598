/**
 * `conformanceCase`: how a suite declares a test. It takes the requirement IDs (typed by the registry),
 * the profiles and the role, decides applicability from the adapter's claimed capabilities, runs the body
 * with a session to the adapter, and leaves the outcome, reason and transcript in the task meta for the
 * reporter. The adapter is a parameter of the run; a suite never asks which adapter it is talking to.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { withSeededRandom } from '../crypto/random.js';
import { withClock } from '../didcomm/clock.js';
import { inject, test, type TestContext } from 'vitest';
import { ADAPTER_ERROR_CODES, isAdapterError } from '../errors/adapter-error.js';
import { RemoteSession, type CaseSession } from './remote-session.js';
import type { TranscriptEntry, WireEntry } from '../adapter/transcript.js';
import { onWire } from '../agent/wire-log.js';
import { beginCaseWaits, noteLatency } from '../agent/waits.js';
import type { MethodName, ParamsOf, ResultOf } from '../adapter/protocol/v1/methods.js';
import type { Capabilities, Role } from '../adapter/protocol/v1/types.generated.js';
import type { RequirementId } from '../spec/requirements.js';
import { failingOutcome, isInformational, readingOf, type CheckKind, type CheckStrength, type Party, type Reading } from '../spec/verdict-rule.js';
import { missingNeeds, type CaseNeeds } from './applicability.js';
import { capabilityRootCause } from './capability-rules.js';
import { attributeSilence } from './silence.js';
import { ConformanceFailure, HarnessTrouble, Inconclusive, NotApplicable, UndrivableCapability, type ShouldId } from './checks.js';
import type { ProfileName } from '../spec/profiles.js';
import type { CaseMeta, RunContext } from './run-context.js';

export { ConformanceFailure, Inconclusive, NotApplicable, check, must, mustRefuse, type MustId, type ShouldId, type RootCause } from './checks.js';

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
  /**
   * What the adapter must have claimed. What it lacks skips the case, unless the spec requires it
   * (src/runner/capability-rules.ts): then the case fails under that capability rule as a shared root cause.
   */
  needs?: CaseNeeds;
  /**
   * False for a case that tests something other than a capability (a negative vector of an algorithm, say):
   * a required capability the agent lacks then skips it, since the finding is the capability cases' to make.
   */
  capabilityFindings?: boolean;
}

/** What a case body gets. */
export interface CaseContext {
  /** Calls the adapter; trouble throws `AdapterError`, which makes the case `errored`. */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  capabilities: Capabilities;
  /** The run's seed, for cases that generate inputs. */
  seed: number;
  /**
   * Records a broken recommendation when `condition` is false: a warning (never a failure), or a note when
   * the verdict rule says the requirement does not bind the party judged.
   */
  should(condition: unknown, requirement: ShouldId, message: string): void;
  /**
   * Records a failed check without ending the case, for findings read from data (the reference receiver's
   * warnings about what the agent sent): the verdict rule decides what each comes to.
   */
  judge(condition: unknown, requirement: RequirementId, message: string, options?: { kind?: CheckKind; strength?: CheckStrength }): void;
  /** Records an observation under an informational entry (INFO, AMB-*, VEC-*): shown, never colours anything. */
  note(condition: unknown, requirement: RequirementId, message: string): void;
  /**
   * Needs found while the case runs (e.g. the algorithms of a vector's inner layers): what the adapter did not
   * claim skips the case, or fails it under the capability rule when the spec requires it.
   */
  need(needs: CaseNeeds): void;
  /** The harness agents' wire entries of this case so far (the evidence a live verdict is traced to). */
  wire(): readonly WireEntry[];
}

/**
 * This worker's adapter session, leased from the runner on first use and kept for every suite file the worker
 * runs (vitest runs them in one module graph: `isolate: false`); file boundaries are announced to the host.
 */
let session: Promise<RemoteSession> | undefined;
/** The suite file whose cases ran last on the session. */
let sessionFile: string | undefined;

/** The context of the case running now, for helpers that record findings without being handed it. */
const running = new AsyncLocalStorage<CaseContext>();

/** The case running now; a helper called outside a case body is a harness bug. */
export function currentCase(): CaseContext {
  const ctx = running.getStore();
  if (!ctx) throw new Error('not inside a conformance case body');
  return ctx;
}

function runContext(): RunContext {
  return inject('conformanceRun');
}

/**
 * The adapter session for a case of `file`. The first case of a file starts it clean, as a process of its own
 * would: the host resets the agent (or starts a fresh process) and counts restarts anew.
 */
async function adapterSession(file: string): Promise<RemoteSession> {
  session ??= RemoteSession.connect(runContext().sessions);
  const leased = await session;
  if (sessionFile !== file) {
    const first = sessionFile === undefined;
    sessionFile = file;
    if (!first) await leased.beginFile();
  }
  return leased;
}

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
  const finish = (outcome: CaseMeta['outcome'], reason?: string): void => {
    state.outcome = outcome;
    if (reason !== undefined) state.reason = reason;
  };
  if (run.profile && !declaration.profiles.includes(run.profile)) {
    finish('skipped', `not in profile ${run.profile}`);
    context.skip(state.reason);
  }
  let opened: RemoteSession | undefined;
  // What the harness agents of a live case see on the wire joins the transcript: the verdict's evidence.
  const wire: WireEntry[] = [];
  const stopListening = onWire((entry) => wire.push(entry));
  // The case's wire entries decide its waits early; its quiet waits last the measured window (or the override).
  const endWaits = beginCaseWaits(run.quietMs);
  const judged = new Judgement(declaration);
  try {
    opened = await adapterSession(context.task.file.filepath);
    await opened.takeTranscript();
    const live = opened;
    const needed = (needs: CaseNeeds): void => {
      const missing = missingNeeds(live.description.capabilities, needs, declaration.role);
      if (missing.length === 0) return;
      // One required capability the agent lacks is the finding; anything else missing makes the case untestable.
      // A role the adapter cannot play makes the whole case untestable: nothing it needs is judged.
      const untestable = declaration.capabilityFindings === false || missing.some((item) => item.kind === 'role');
      const required = untestable ? undefined
        : missing.map((item) => ({ item, cause: capabilityRootCause(item, declaration.role) })).find((m) => m.cause);
      if (required?.cause) throw new ConformanceFailure(required.cause.requirement, `required but not claimed: ${required.item.text}`, { rootCause: required.cause });
      throw new NotApplicable(`not claimed: ${missing.map((item) => item.text).join(', ')}`);
    };
    try {
      needed(declaration.needs ?? {});
    } catch (finding) {
      // An envelope capability is judged through `pack` (sender) or `unpack` (receiver): an adapter that cannot
      // drive that method (-32601) cannot show what the library lacks, so the case is untestable, not failed,
      // and the profiles certifying the capability rule are incomplete (UndrivableCapability).
      const method = declaration.role === 'sender' ? 'pack' : 'unpack';
      if (finding instanceof ConformanceFailure && finding.rootCause && declaration.role !== 'mediator' && !(await canDrive(live, method))) {
        throw new UndrivableCapability(`untestable: ${finding.message.replace(`${finding.requirement}: `, '')}, and the adapter cannot drive ${method} to show it`, finding.rootCause);
      }
      throw finding;
    }
    // The reference side of the case draws its randomness from the run's seed and reads the run's clock,
    // so the same seed, clock and adapter give the same bytes and verdicts.
    const ctx: CaseContext = {
      call: async (method, params) => {
        const started = performance.now();
        const result = await live.call(method, params);
        // Cheap calls measure the adapter's responsiveness on this machine now (the quiet window follows it).
        if (method === 'reset' || method === 'received') noteLatency(performance.now() - started);
        return result;
      },
      capabilities: live.description.capabilities,
      seed: run.seed,
      should(condition, requirement, message) {
        if (!condition) judged.observe(new ConformanceFailure(requirement, message, { strength: 'should' }));
      },
      judge(condition, requirement, message, options) {
        if (!condition) judged.observe(new ConformanceFailure(requirement, message, options ?? {}));
      },
      note(condition, requirement, message) {
        if (!condition) judged.notes.push({ requirement, message });
      },
      need: needed,
      wire: () => wire,
    };
    await withClock(run.clock, () => withSeededRandom(`${run.seed}/${declaration.id}`, () => running.run(ctx, () => body(ctx))));
    judged.settle(state);
  } catch (error) {
    if (error instanceof ConformanceFailure) {
      // A live failure is judged by the refusal on the wire that explains it, when there is one: the agent's
      // message the harness refused, or the harness's message the agent cannot unpack.
      const session = opened;
      const failure = session && wire.length > 0 && !error.rootCause ? await attributeSilence(error, wire, (packed) => agentUnpack(session, packed)) : error;
      // A silence no refusal explains, on a positive control or a wait whose rule is informational, leaves
      // the case undecided; so does one after the agent's endpoint refused what the adapter cannot unpack.
      if (failure instanceof Inconclusive || failure instanceof HarnessTrouble) {
        classifyTrouble(failure, state);
      } else if (failure.silence && failure.control) {
        classifyTrouble(new Inconclusive(`inconclusive: the positive control failed (${failure.message.replace(`${failure.requirement}: `, '')})`), state);
      } else if (failure.silence && failingOutcome({ requirement: failure.requirement, kind: failure.kind, strength: failure.strength, party: declaration.role }, readingOf(declaration.profiles)) === 'note') {
        classifyTrouble(new Inconclusive(`inconclusive: ${failure.message} — and no MUST of the digest requires it (${failure.requirement} is informational), so the case could not reach its subject`), state);
      } else {
        judged.observe(failure);
        judged.settle(state);
      }
    } else {
      classifyTrouble(error, state);
    }
  } finally {
    stopListening();
    endWaits();
    state.transcript = inTimeOrder(await opened?.takeTranscript().catch(() => []) ?? [], wire);
  }
  state.knownIssue = knownIssueFor(run, declaration, state);
  if (state.outcome === 'failed' || state.outcome === 'errored') throw new Error(state.reason ?? state.outcome);
  if (state.outcome === 'skipped') context.skip(state.reason);
}

/**
 * Whether the adapter implements `method` for any envelope, asked once per session with harmless calls: an
 * adapter answers -32601 per envelope it cannot express (didcomm-messaging packs no plaintext but encrypts), so
 * only -32601 for plaintext, anoncrypt and signed alike means the method cannot be driven. The anoncrypt and JWS
 * probes name parties the agent was not taught and carry no keys: a refusal or an error still shows the method.
 */
const driving = new WeakMap<CaseSession, Map<string, Promise<boolean>>>();
function canDrive(session: CaseSession, method: 'pack' | 'unpack'): Promise<boolean> {
  const known = driving.get(session) ?? new Map<string, Promise<boolean>>();
  driving.set(session, known);
  let answer = known.get(method);
  if (!answer) {
    answer = (async () => {
      for (const params of drivableProbes(method)) {
        const implemented = await session.call(method, params as never).then(() => true, (error: unknown) => !(isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED'));
        if (implemented) return true;
      }
      return false;
    })();
    known.set(method, answer);
  }
  return answer;
}

/** The harmless calls canDrive makes: one per envelope family. */
function drivableProbes(method: 'pack' | 'unpack'): object[] {
  const message = { id: 'drivable-probe', type: 'https://didcomm.org/trust-ping/2.0/ping', body: {} };
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  if (method === 'pack') {
    return [
      { message, envelope: 'plaintext' },
      { message: { ...message, to: ['did:example:drivable-probe'] }, envelope: 'anoncrypt', to: ['did:example:drivable-probe'] },
      { message: { ...message, from: 'did:example:drivable-probe' }, envelope: 'signed', signBy: 'did:example:drivable-probe#key-1' },
    ];
  }
  const jwe = { protected: b64({ typ: 'application/didcomm-encrypted+json', alg: 'ECDH-ES+A256KW', enc: 'A256CBC-HS512' }), recipients: [{ header: { kid: 'did:example:drivable-probe#key-1' }, encrypted_key: 'AA' }], iv: 'AA', ciphertext: 'AA', tag: 'AA' };
  const jws = { payload: b64(message), signatures: [{ protected: b64({ typ: 'application/didcomm-signed+json', alg: 'EdDSA' }), header: { kid: 'did:example:drivable-probe#key-1' }, signature: 'AA' }] };
  return [{ packed: JSON.stringify(message) }, { packed: JSON.stringify(jwe) }, { packed: JSON.stringify(jws) }];
}

/** Asks the agent to unpack `packed`; undefined when it cannot say (no `unpack`, adapter trouble). */
async function agentUnpack(session: CaseSession, packed: string): Promise<{ accepted: boolean; reason?: string } | undefined> {
  try {
    const result = await session.call('unpack', { packed });
    return result.status === 'accepted' ? { accepted: true } : { accepted: false, reason: `${result.error.code}: ${result.error.message.slice(0, 200)}` };
  } catch {
    return undefined;
  }
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

type Finding = { requirement: string; message: string };

/**
 * The failed checks of one case, judged by the verdict rule under both readings: the case's outcome is its
 * own profiles' reading (strict when `strict` is its only profile), and when the strict profile reads it
 * differently the record says so (`strictOutcome`).
 */
class Judgement {
  readonly notes: Finding[] = [];
  readonly #warnings: Record<Reading, Finding[]> = { default: [], strict: [] };
  readonly #failures: Record<Reading, ConformanceFailure[]> = { default: [], strict: [] };
  readonly #party: Party;
  readonly #profiles: readonly ProfileName[];
  readonly #own: Reading;

  constructor(declaration: CaseDeclaration) {
    this.#party = declaration.role;
    this.#profiles = declaration.profiles;
    this.#own = readingOf(declaration.profiles);
  }

  observe(failure: ConformanceFailure): void {
    const finding = { requirement: failure.requirement, message: failure.message.replace(`${failure.requirement}: `, '') };
    for (const reading of ['default', 'strict'] as const) {
      const outcome = failingOutcome({ requirement: failure.requirement, kind: failure.kind, strength: failure.strength, party: this.#party }, reading);
      if (outcome === 'failed') this.#failures[reading].push(failure);
      else if (outcome === 'warning') this.#warnings[reading].push(finding);
      else if (reading === this.#own) {
        const why = isInformational(failure.requirement) ? '' : ` (not a failure in this profile: ${failure.kind === 'acceptance' ? 'the rule puts no duty on receivers' : 'a strict reading'}; the strict profile counts it)`;
        this.notes.push({ ...finding, message: `${finding.message}${why}` });
      }
    }
  }

  /** Writes outcome, reason, error, warnings and notes into the case meta. */
  settle(state: CaseMeta): void {
    const own = this.#own;
    const outcomeOf = (reading: Reading): 'failed' | 'warning' | 'passed' => (this.#failures[reading].length > 0 ? 'failed' : this.#warnings[reading].length > 0 ? 'warning' : 'passed');
    const failure = this.#failures[own][0];
    state.outcome = outcomeOf(own);
    if (failure) {
      state.reason = failure.message;
      state.error = { kind: 'assertion', requirement: failure.requirement, message: failure.message };
      if (failure.rootCause) state.rootCause = failure.rootCause;
    } else if (state.outcome === 'warning') {
      state.reason = this.#warnings[own].map((w) => `${w.requirement}: ${w.message}`).join('; ');
    }
    if (this.#warnings[own].length > 0) state.warnings = this.#warnings[own] as CaseMeta['warnings'];
    if (this.notes.length > 0) state.notes = this.notes;
    if (own === 'default' && this.#profiles.includes('strict') && outcomeOf('strict') !== state.outcome) state.strictOutcome = outcomeOf('strict');
  }
}

/** Sorts a thrown value that is not a failed check into skipped (unsupported, inconclusive) or errored (trouble). */
function classifyTrouble(error: unknown, state: CaseMeta): void {
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
    if (error instanceof UndrivableCapability) state.rootCause = error.rootCause;
  } else {
    // A vitest `expect` in a case body is a harness bug: the case cannot say which requirement it judged.
    state.outcome = 'errored';
    state.reason = `harness error: ${message.split('\n')[0]}`;
    state.error = { kind: 'harness', message };
  }
}

/**
 * A known issue excuses a failed or errored case when adapter.json keys it by the case ID, the requirement the
 * case failed on, or its root cause's requirement — never by a requirement the case only cites.
 */
function knownIssueFor(run: RunContext, declaration: CaseDeclaration, state: CaseMeta): CaseMeta['knownIssue'] {
  if (state.outcome !== 'failed' && state.outcome !== 'errored') return undefined;
  const keys = [declaration.id, state.error?.requirement, state.rootCause?.requirement].filter((k): k is string => typeof k === 'string');
  for (const key of keys) {
    const issue = run.knownIssues[key];
    if (issue) return { key, reason: issue.reason, ...(issue.issue ? { issue: issue.issue } : {}) };
  }
  return undefined;
}
