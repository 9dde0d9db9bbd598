/**
 * When a live case fails (most often a wait that saw nothing), its own check is often not what broke: the wire
 * log of the case may show that the harness refused what the agent sent (its envelope broke a rule), or that the
 * agent refused the harness's valid messages (it cannot unpack them). Then the case fails under that refusal's
 * rule, with the refused bytes in its transcript, as one root cause shared by every case it blocks — not as a
 * protocol, mediator or transport failure the case never reached.
 * @module
 */
import type { WireEntry } from '../adapter/transcript.js';
import { isRequirementId, type RequirementId } from '../spec/requirements.js';
import { ConformanceFailure, HarnessTrouble, Inconclusive } from './checks.js';
import { isHarnessFault } from '../agent/wire-log.js';

/** Unpacks bytes with the agent under test; undefined when it cannot be asked (no `unpack`, adapter trouble). */
export type AgentUnpack = (packed: string) => Promise<{ accepted: boolean; reason?: string } | undefined>;

/** Relay entries carry deliberate faults; only what the harness agents themselves sent counts here. */
function isRelayed(entry: WireEntry): boolean {
  return entry.outcome?.startsWith('relay fault') ?? false;
}

/** The layer a packed message starts with, and the rule that obliges every receiver to process it. */
function envelopeDuty(packed: string): { kind: string; requirement: RequirementId } | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(packed) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof value['ciphertext'] === 'string') {
    let alg: unknown;
    try {
      alg = (JSON.parse(Buffer.from(String(value['protected']), 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    } catch {
      return undefined;
    }
    // ECDH-1PU draft 4 (tag in the KDF) is what authcrypt is (ENC-AUTH-001); anoncrypt's key wrapping is ENC-ALG-003.
    return alg === 'ECDH-1PU+A256KW' ? { kind: 'authcrypt', requirement: 'ENC-AUTH-001' } : { kind: 'anoncrypt', requirement: 'ENC-ALG-003' };
  }
  if (typeof value['payload'] === 'string') return { kind: 'signed', requirement: 'ENV-SIGN-001' };
  return undefined;
}

/**
 * The harness refused what the agent sent, under a rule: the refusal a silence is filed under (and what ends a
 * live wait early, src/agent/waits.ts). A message not addressed to that endpoint's keys breaks no envelope rule.
 */
export function isHarnessRefusal(entry: WireEntry): boolean {
  return entry.direction === 'in' && !isRelayed(entry) && (entry.status ?? 0) >= 400 && entry.error?.code !== 'ERR_KEY_NOT_FOUND'
    && entry.error?.requirement !== undefined && isRequirementId(entry.error.requirement);
}

/**
 * The failure a live case comes to: the refusal on the wire that explains it, else `failure` itself; or, for a
 * silence after the agent's endpoint refused the harness's valid message when the adapter cannot say whether the
 * agent reads those bytes, Inconclusive: the case never reached its subject, and blaming the silence on the
 * case's own rule would name a requirement the agent was never put to (the endpoint's answer itself is judged by
 * the transport cases, TRANS-003).
 */
export async function attributeSilence(failure: ConformanceFailure, wire: readonly WireEntry[], unpack: AgentUnpack): Promise<ConformanceFailure | Inconclusive | HarnessTrouble> {
  // 0. A silence after the harness failed at its own part (a message of its own it could not send, one of the
  //    agent's it failed on): what the case waited for may never have been asked of the agent. Harness trouble.
  const fault = failure.silence ? wire.find(isHarnessFault) : undefined;
  if (fault) {
    const type = (fault.plaintext as { type?: unknown } | undefined)?.type;
    const what = fault.direction === 'out'
      ? `could not send its ${typeof type === 'string' ? type : 'message'} to ${fault.endpoint}`
      : `failed on a message the agent sent to ${fault.endpoint}`;
    return new HarnessTrouble(`the harness ${what} (${fault.error!.message}), so the case's own check could not be judged (it saw: ${failure.message.replace(`${failure.requirement}: `, '')})`);
  }
  // 1. The harness refused what the agent sent: the agent's message broke the rule the refusal names. A message
  //    that is simply not addressed to that endpoint's keys (the agent sent it to the wrong hop) breaks no
  //    envelope rule: the case's own check judges that.
  const refusedIn = wire.find(isHarnessRefusal);
  if (refusedIn?.error?.requirement && isRequirementId(refusedIn.error.requirement)) {
    const requirement = refusedIn.error.requirement;
    return new ConformanceFailure(requirement,
      `the harness refused what the agent sent (${refusedIn.error.code}: ${refusedIn.error.message}), so the case's own check could not be judged (it saw: ${failure.message.replace(`${failure.requirement}: `, '')})`,
      // Worded as the envelope suites word it (suites/_support/wire.ts), so reports group both under one cause.
      { rootCause: { requirement, summary: `the agent's ${envelopeDuty(refusedIn.packed)?.kind ?? 'DIDComm'} messages break ${requirement}` } });
  }
  // 2. The agent's endpoint refused a valid message of the harness: can the agent unpack those bytes at all?
  let unexplained: { entry: WireEntry; kind: string } | undefined;
  for (const entry of wire) {
    if (entry.direction !== 'out' || isRelayed(entry) || entry.channel === 'response' || (entry.status ?? 0) < 400) continue;
    const duty = envelopeDuty(entry.packed);
    if (!duty) continue;
    const verdict = await unpack(entry.packed);
    if (!verdict) {
      unexplained ??= { entry, kind: duty.kind };
      continue;
    }
    if (verdict.accepted) continue;
    return new ConformanceFailure(duty.requirement,
      `the agent's endpoint answered ${entry.status} to a valid ${duty.kind} message of the harness and its unpack refuses the same bytes (${verdict.reason ?? 'rejected'}), so the case's own check could not be judged (it saw: ${failure.message.replace(`${failure.requirement}: `, '')})`,
      { rootCause: { requirement: duty.requirement, summary: `the agent cannot unpack ${duty.kind}` } });
  }
  // 3. Refused with no way to ask the agent why (an adapter without `unpack`, such as an agent reached only
  //    through its endpoint): whether the agent breaks the case's rule is unknown, not shown.
  if (failure.silence && unexplained) {
    const { entry, kind } = unexplained;
    return new Inconclusive(`inconclusive: the agent's endpoint answered ${entry.status} to a valid ${kind} message of the harness at ${entry.endpoint} and the adapter cannot unpack, so nothing shows whether the agent reads those bytes: the case never reached its own check (${failure.requirement}; it saw: ${failure.message.replace(`${failure.requirement}: `, '')}). The endpoint's answer is judged by transport.receiver.http-2xx (TRANS-003).`);
  }
  return failure;
}
