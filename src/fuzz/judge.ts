/**
 * Judging one agent's answer to one fuzzed input against the reference's expectation (oracle.ts). A finding
 * is only what the verdict rule fails (`failingOutcome` for a receiver): accepting what a receiver MUST
 * reject, refusing what it MUST accept, returning other content than the envelope protects, reporting
 * wrong metadata, crashing or hanging where it owed an answer. Everything else is agreement, or a
 * difference on an input the spec leaves open (kept for the differential table, never a finding).
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import type { UnpackResult as ReferenceResult } from '../didcomm/types.js';
import type { Capabilities, PlaintextMessage, UnpackMetadata } from '../adapter/protocol/v1/types.generated.js';
import { missingNeeds } from '../runner/applicability.js';
import { failingOutcome } from '../spec/verdict-rule.js';
import type { Expectation } from './oracle.js';

/** What the agent did with the input, as the harness saw it. */
export type Answer =
  | { status: 'accepted'; message: PlaintextMessage; metadata: UnpackMetadata }
  | { status: 'rejected'; code: string; message: string }
  /** The adapter process died while unpacking (confirmed on replay before it counts). */
  | { status: 'crash'; detail: string }
  /** No answer within the deadline (confirmed on replay before it counts). */
  | { status: 'hang'; detail: string }
  /**
   * Live mode: the agent's endpoint took the message (2xx, or a WebSocket that stayed open) and nothing came
   * back on its thread within the wait: neither an acceptance the wire shows nor a refusal.
   */
  | { status: 'silent'; detail: string }
  /** Harness or adapter trouble that is not the implementation's answer (schema, JSON-RPC error, restart limit). */
  | { status: 'errored'; code: string; detail: string };

export type Behaviour = 'accepts-invalid' | 'rejects-valid' | 'wrong-content' | 'wrong-metadata' | 'crash' | 'hang';

export type Judgement =
  | { kind: 'agrees' }
  | { kind: 'finding'; behaviour: Behaviour; requirement: string; detail: string }
  /** The agent's answer differs from the reference's on an input the spec leaves open: a note, not a finding. */
  | { kind: 'open-difference'; because: string; detail: string }
  /** The input needs what the agent does not claim to receive: not asked of it. */
  | { kind: 'not-applicable'; detail: string }
  | { kind: 'errored'; detail: string };

/** The plaintext media type a receiver may report on a message that did not carry `typ` (§2.2). */
function comparable(message: unknown, expected: Record<string, unknown>): unknown {
  if (typeof message !== 'object' || message === null) return message;
  const typ = (message as Record<string, unknown>)['typ'];
  if (expected['typ'] === undefined && (typ === 'application/didcomm-plain+json' || typ === 'didcomm-plain+json')) {
    const { typ: _typ, ...rest } = message as Record<string, unknown>;
    return rest;
  }
  return message;
}

/** True when the agent returned exactly the plaintext the reference unpacked (an added plaintext `typ` aside). */
export function sameContent(message: PlaintextMessage, reference: ReferenceResult): boolean {
  return isDeepStrictEqual(comparable(message, reference.message), reference.message);
}

/** Metadata the agent reported that contradicts what the envelope proved: [requirement, what] per field. */
export function metadataProblems(metadata: UnpackMetadata, reference: ReferenceResult): Array<[string, string]> {
  const ref = reference.metadata;
  const problems: Array<[string, string]> = [];
  // The same requirements as the vector runner's checks (suites/_support/vector-runner.ts, PITFALLS 3, 6, 26).
  if (metadata.encrypted !== ref.encrypted) problems.push(['ENC-JWE-003', `reported encrypted=${metadata.encrypted}, the envelope is ${ref.encrypted ? '' : 'not '}encrypted`]);
  if (metadata.authenticated !== ref.authenticated) problems.push(['ENC-AUTH-007', `reported authenticated=${metadata.authenticated}, the envelope ${ref.authenticated ? 'authenticates' : 'does not authenticate'} its sender`]);
  if (metadata.nonRepudiation !== ref.nonRepudiation) problems.push(['ENV-SIGN-008', `reported nonRepudiation=${metadata.nonRepudiation}, the envelope is ${ref.nonRepudiation ? '' : 'not '}signed`]);
  if (metadata.senderKid !== undefined && metadata.senderKid !== ref.senderKid) problems.push(['ENC-AUTH-007', `reported senderKid ${metadata.senderKid}, the authcrypt sender is ${ref.senderKid ?? 'none'}`]);
  if (metadata.signerKid !== undefined && metadata.signerKid !== ref.signerKid) problems.push(['ENV-SIGN-003', `reported signerKid ${metadata.signerKid}, the signer is ${ref.signerKid ?? 'none'}`]);
  return problems;
}

const failsReceiver = (requirement: string, kind: 'acceptance' | 'conduct'): boolean =>
  failingOutcome({ requirement, kind, strength: 'must', party: 'receiver' }, 'default') === 'failed';

function describe(answer: Answer): string {
  switch (answer.status) {
    case 'accepted': return 'accepted';
    case 'rejected': return `rejected (${answer.code}: ${answer.message.slice(0, 160)})`;
    default: return `${answer.status} (${answer.detail.slice(0, 160)})`;
  }
}

/** A returned "message" that is itself a JWS or JWE: the agent opened fewer layers than the input has. */
export function isEnvelopeShaped(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const value = message as Record<string, unknown>;
  return typeof value['ciphertext'] === 'string' || (typeof value['payload'] === 'string' && (Array.isArray(value['signatures']) || typeof value['signature'] === 'string'));
}

const SILENT = 'PROTO-PING-002: the agent took the ping (2xx) but no ping-response came; answering is a SHOULD, so silence shows no refusal';

const PARTIAL = 'ENV-NEST-001: the agent returned an inner layer of a nested stack; no MUST makes a receiver unwrap it in one call (verdict-audit §4 DEBATABLE 5)';

/** Checks an accepted answer's content and metadata against what the reference unpacked. */
export function judgeAccepted(answer: Extract<Answer, { status: 'accepted' }>, reference: ReferenceResult, duty: string | undefined): Judgement {
  const hops = reference.metadata.layers.filter((layer) => layer.kind !== 'plaintext' && layer.kind !== 'forward').length;
  if (hops > 1 && isEnvelopeShaped(answer.message)) {
    // One layer opened: what it returned must be the inner layer the outer one protects (the JWS, when there is one).
    const inner = reference.metadata.signedMessage === undefined ? undefined : JSON.parse(reference.metadata.signedMessage) as unknown;
    if (inner === undefined || isDeepStrictEqual(answer.message, inner)) return { kind: 'open-difference', because: PARTIAL, detail: 'returned the inner layer' };
  }
  const protectedContent = reference.metadata.encrypted || reference.metadata.authenticated;
  if (protectedContent && duty && !sameContent(answer.message, reference) && failsReceiver(duty, 'conduct')) {
    return { kind: 'finding', behaviour: 'wrong-content', requirement: duty, detail: `returned content other than the envelope protects: ${JSON.stringify(answer.message).slice(0, 300)}` };
  }
  const problem = metadataProblems(answer.metadata, reference).find(([requirement]) => failsReceiver(requirement, 'conduct'));
  if (problem) return { kind: 'finding', behaviour: 'wrong-metadata', requirement: problem[0], detail: problem[1] };
  return { kind: 'agrees' };
}

/** The judgement of `answer` under `expectation`, for an agent that claims `capabilities`. */
export function judge(expectation: Expectation, answer: Answer, capabilities: Capabilities): Judgement {
  if (expectation.kind === 'reference-failure') return { kind: 'errored', detail: `the reference failed on this input: ${expectation.detail}` };
  if (answer.status === 'errored') return { kind: 'errored', detail: `${answer.code}: ${answer.detail}` };
  if (expectation.kind !== 'must-reject' && expectation.needs) {
    const missing = missingNeeds(capabilities, expectation.needs, 'receiver');
    if (missing.length > 0) return { kind: 'not-applicable', detail: `needs ${missing.map((m) => m.text).join(', ')}, not claimed for receiving` };
  }
  if (expectation.kind === 'must-reject') {
    // Taking a message without acting on it shows no acceptance: TRANS-003 asks 2xx of a successful receipt, and no MUST an error status of a refused one.
    if (answer.status === 'rejected' || answer.status === 'silent') return { kind: 'agrees' };
    if (answer.status === 'accepted') {
      if (expectation.outerOpens && isEnvelopeShaped(answer.message)) return { kind: 'open-difference', because: PARTIAL, detail: 'opened the outer layer only; the defect lies inside it' };
      return { kind: 'finding', behaviour: 'accepts-invalid', requirement: expectation.requirement, detail: `accepted what a receiver MUST reject (the reference: ${expectation.code}, ${expectation.message.slice(0, 200)})` };
    }
    // A crash or hang is not the rejection a receiver owes (confirmed on replay by the caller).
    return { kind: 'finding', behaviour: answer.status, requirement: expectation.requirement, detail: `${describe(answer)} instead of rejecting (the reference: ${expectation.code})` };
  }
  if (expectation.kind === 'must-accept') {
    if (answer.status === 'accepted') return judgeAccepted(answer, expectation.result, expectation.duty);
    // Received (2xx) but not answered: answering a ping is a SHOULD (PROTO-PING-002), so silence alone breaks no MUST.
    if (answer.status === 'silent') return { kind: 'open-difference', because: SILENT, detail: answer.detail };
    const behaviour = answer.status === 'rejected' ? 'rejects-valid' : answer.status;
    return { kind: 'finding', behaviour, requirement: expectation.duty, detail: `${describe(answer)} a message every receiver must accept (the reference accepts it in both readings)` };
  }
  // Open: only what the agent did with content it accepted can still be judged.
  const because = `${expectation.because.id}: ${expectation.because.why}`;
  if (answer.status === 'accepted' && expectation.result) return judgeAccepted(answer, expectation.result, expectation.duty);
  if (answer.status === 'silent') return expectation.result ? { kind: 'open-difference', because: SILENT, detail: answer.detail } : { kind: 'agrees' };
  const referenceAccepts = expectation.result !== undefined;
  if ((answer.status === 'accepted') === referenceAccepts) return { kind: 'agrees' };
  return { kind: 'open-difference', because, detail: `${describe(answer)}; the reference ${referenceAccepts ? 'accepts' : `rejects (${expectation.rejection?.code ?? '?'})`}` };
}
