/**
 * What live cases share: a harness-side reference agent on 127.0.0.1 (closed when the case ends), the
 * adapter's own identities on its endpoint (`createIdentity` with `self:http` / `self:ws`), and turning
 * validator findings into verdicts. Verdicts come from what the harness agent observes on the wire: every
 * protocol message a harness agent receives is checked against its schema (src/schema/protocols/), when a
 * case takes it (`mustSee`) and, for all the others, when the case body ends.
 * @module
 */
import { ReferenceAgent } from '../../src/agent/agent.js';
import type { AgentTransport, InboundRecord } from '../../src/agent/inbox.js';
import { onWire } from '../../src/agent/wire-log.js';
import type { WireEntry } from '../../src/adapter/transcript.js';
import { checkProtocolMessage, describeViolation, type SchemaViolation } from '../../src/schema/protocol-messages.js';
import { REQUIREMENTS } from '../../src/spec/requirements.js';
import type { Identity } from '../../src/did/identity.js';
import { resolveDidcommEndpoints } from '../../src/did/endpoints.js';
import type { Finding } from '../../src/didcomm/protocols/message.js';
import { check, currentCase, NotApplicable, type CaseContext } from '../../src/runner/case.js';
import { isRequirementId } from '../../src/spec/requirements.js';
import { decided, endWait, lastWaitEnd, QUIET_MS, WAIT_MS } from '../../src/agent/waits.js';
import type { PlaintextMessage, UnpackMetadata } from '../../src/adapter/protocol/v1/types.generated.js';

/**
 * WAIT_MS: how long the harness waits for a message it expects (a wait ends earlier once its outcome is decided);
 * QUIET_MS: how long it waits to be sure a message does not come, measured from answer latencies in the run
 * (a live binding: read it when waiting). See src/agent/waits.ts.
 */
export { QUIET_MS, WAIT_MS } from '../../src/agent/waits.js';

/** The harness side of a live case. */
export interface Harness {
  agent: ReferenceAgent;
  /** The harness identity on its HTTP endpoint. */
  me: Identity;
}

/** Runs `body` with a fresh harness agent (optionally a mediator), after resetting the adapter; always closes it. */
export async function live(ctx: CaseContext, body: (harness: Harness) => Promise<void>, options: { mediator?: boolean; transport?: AgentTransport } = {}): Promise<void> {
  await ctx.call('reset', {});
  const agent = await ReferenceAgent.start({ mediator: !!options.mediator });
  judged.clear();
  // Every harness agent of the case (mediators a case starts too) reports what it received here.
  const received: WireEntry[] = [];
  const stopListening = onWire((entry) => {
    if (entry.direction === 'in' && entry.schema) received.push(entry);
  });
  try {
    const me = await agent.createIdentity({ transport: options.transport ?? 'http' });
    await body({ agent, me });
    // The wire entry carries the check made on the message as received (its plaintext is shown redacted).
    for (const entry of received) {
      if (judged.has(messageKey(entry.plaintext))) continue;
      judgeSchema(entry.schema!.violations.filter((v): v is SchemaViolation => isRequirementId(v.requirement)), `a ${messageType(entry.plaintext)} the harness received`);
    }
    noteReceiverWarnings(ctx, agent);
  } finally {
    stopListening();
    await agent.close();
  }
}

function messageType(plaintext: unknown): string {
  return String((plaintext as { type?: unknown } | undefined)?.type ?? 'message');
}

/** Messages a case already held to their schema (`mustSee`), by type and id, so the end of the case does not judge them twice. */
const judged = new Set<string>();

function messageKey(plaintext: unknown): string {
  const { type, id } = (plaintext ?? {}) as { type?: unknown; id?: unknown };
  return `${String(type)} ${String(id)}`;
}

/**
 * Judges each schema violation under the requirement its subschema states, naming the JSON pointer and the
 * schema; the verdict rule reads each at its level. A violation of a MUST (or STRICT) rule ends the case: the
 * message is broken where the case would read it.
 */
export function judgeSchema(violations: readonly SchemaViolation[], what: string): void {
  const ctx = currentCase();
  const stopping = violations.find((v) => ['MUST', 'STRICT'].includes(REQUIREMENTS[v.requirement].level));
  for (const v of violations) if (v !== stopping) ctx.judge(false, v.requirement, `${what} breaks its schema: ${describeViolation(v)}`);
  if (stopping) check(false, stopping.requirement, `${what} breaks its schema: ${describeViolation(stopping)}`);
}

/** Judges `message` (one the harness got other than on its endpoint, e.g. an invitation URL) by its schema. */
export function mustConform(message: unknown, what: string): void {
  judgeSchema(checkProtocolMessage(message)?.violations ?? [], what);
}

/** A received message the case takes is held to its protocol schema right away, before the case reads it. */
function judgeTaken(value: unknown, what: string): void {
  const record = value as Partial<InboundRecord> | undefined;
  if (!record?.schema || !record.message) return;
  judged.add(messageKey(record.message));
  judgeSchema(record.schema.violations, what);
}

/**
 * Every message the harness agent took in the case went through the reference receiver in lenient mode: what
 * it tolerated and warned about is still what the agent sent, judged as the agent's conduct once per finding,
 * whatever the case was about (an `id` over 32 bytes fails LIM-001, a MUST; a missed SHOULD warns).
 */
function noteReceiverWarnings(ctx: CaseContext, agent: ReferenceAgent): void {
  const seen = new Set<string>();
  for (const record of agent.inbox.records) {
    for (const warning of record.metadata?.warnings ?? []) {
      const key = `${warning.requirement} ${warning.message}`;
      if (seen.has(key) || !isRequirementId(warning.requirement)) continue;
      seen.add(key);
      ctx.judge(false, warning.requirement, `a message the harness received (${record.message?.type ?? 'unknown type'}): ${warning.message}`, { kind: 'conduct' });
    }
  }
}

/**
 * Skips a case that judges how a sender's transport retries or falls back when the adapter supplies that
 * transport itself (`adapterProvides: ["transport"]`): its code is not the implementation under test.
 */
export function judgesLibraryTransport(ctx: CaseContext): void {
  if (ctx.capabilities.adapterProvides?.includes('transport')) {
    throw new NotApplicable('the transport is the adapter\'s own code (adapterProvides: transport), not the implementation\'s: its retries and fallbacks are not judged');
  }
}

/** An identity the adapter holds, on its own endpoint. */
/**
 * The first HTTP(S) DIDComm endpoint of `did`, whichever of the `serviceEndpoint` shapes its document uses
 * (a string, an object, or an array of them, AMB-10): where a raw POST to that agent goes.
 */
export async function httpEndpointOf(agent: ReferenceAgent, did: string): Promise<string> {
  const endpoint = (await resolveDidcommEndpoints(agent.keys.resolver, did)).find((e) => /^https?:\/\//.test(e.uri));
  if (!endpoint) throw new Error(`${did} names no HTTP(S) DIDComm endpoint`);
  return endpoint.uri;
}

export async function adapterIdentity(ctx: CaseContext, transport: AgentTransport = 'http'): Promise<string> {
  const { did } = await ctx.call('createIdentity', { didMethod: 'peer:2', endpoint: `self:${transport}` });
  return did;
}

/** Records every validator finding as a failed check; the verdict rule reads each at its own level. */
export function mustHaveNoFindings(findings: Finding[], what: string): void {
  const ctx = currentCase();
  for (const finding of findings) ctx.judge(false, finding.requirement, `${what}: ${finding.message}`, finding.strength ? { strength: finding.strength } : undefined);
}

/**
 * A positive control of a live case: unless `value` is defined the case proves nothing (inconclusive), or fails
 * under the refusal on the wire that explains the silence (a message the agent cannot unpack, say).
 */
export function controlSee<T>(value: T | undefined, what: string): asserts value is T {
  check(value !== undefined, 'TRANS-003', `the harness did not observe ${what} ${howLong()}`, { silence: true, control: true });
  judgeTaken(value, what);
}

/** How long the harness waited for what it did not see, and why it stopped (a wait ends early once decided). */
function howLong(): string {
  const end = lastWaitEnd();
  if (!end?.decision) return `within ${WAIT_MS} ms`;
  return `(the wait ended after ${end.waitedMs} ms: ${end.decision.reason})`;
}

/**
 * Fails unless `value` is defined: the harness did not see what it waited for. When the case's wire log shows a
 * refusal that explains the silence, the case runner files the failure under that refusal (src/runner/silence.ts).
 * A message it takes is judged by its protocol schema at once.
 */
export function mustSee<T>(value: T | undefined, requirement: Finding['requirement'], what: string): asserts value is T {
  check(value !== undefined, requirement, `the harness did not observe ${what} ${howLong()}`, { silence: true });
  judgeTaken(value, what);
}

/**
 * The first message the adapter's endpoint reports as received and unpacked that matches `predicate`, within
 * the wait: what the adapter's side took, seen through `received` (never its say-so about a send). Polled,
 * first often then every 100 ms, one call at a time; like every wait it ends one quiet window after its
 * outcome is decided without the message (src/agent/waits.ts).
 */
export async function waitReceived(ctx: CaseContext, predicate: (message: PlaintextMessage, metadata: UnpackMetadata) => boolean): Promise<{ message: PlaintextMessage; metadata: UnpackMetadata } | undefined> {
  const started = Date.now();
  let pause = 5;
  let decision: ReturnType<typeof decided>;
  let giveUpAt = started + WAIT_MS;
  for (;;) {
    const { messages } = await ctx.call('received', {});
    for (const m of messages) {
      if (m.unpacked?.status === 'accepted' && predicate(m.unpacked.message, m.unpacked.metadata)) {
        endWait(started);
        return { message: m.unpacked.message, metadata: m.unpacked.metadata };
      }
    }
    if (!decision && (decision = decided())) giveUpAt = Math.min(giveUpAt, Date.now() + QUIET_MS);
    const left = giveUpAt - Date.now();
    if (left <= 0) break;
    await new Promise((r) => setTimeout(r, Math.min(pause, left)));
    pause = Math.min(100, pause * 2);
  }
  endWait(started, decision);
  return undefined;
}

/** What a live protocol case needs: the protocols it exercises, over HTTP. */
export function needsHttp(...piuris: string[]): { protocols: string[]; transports: ['http'] } {
  return { protocols: piuris, transports: ['http'] };
}
