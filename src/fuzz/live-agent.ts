/**
 * One agent fuzzed live (`--mode live`): the fuzzed bytes are delivered to the agent's own endpoint (the
 * one its DID document names, `createIdentity` with `self:http` / `self:ws`, as the live suites do) and the
 * harness watches the wire for what the agent does. The agent holds every SICPA party as in unpack mode;
 * the documents it is given name a harness agent's endpoint as the service of every party but Bob, so the
 * answer to a ping from Alice (or Charlie) reaches the harness, which holds the same keys.
 *
 * An answer is read from the wire: a ping-response on the ping's thread is an acceptance (the agent's own
 * view of the message, from `received`, is then judged as `unpack`'s answer would be); a problem report on
 * it, or an error status on the POST, a refusal; a 2xx (or a WebSocket) and nothing on the thread, silence.
 * A delivery that finds no endpoint, or the adapter process gone, is a crash; a POST without an answer
 * within its deadline, a hang; either counts only when it repeats on a fresh session after the untouched
 * base was answered (`confirm`). Waits are the live suites' decided waits (src/agent/waits.ts): a ping the
 * agent must accept is waited for up to WAIT_MS, ending early once the endpoint refused it; one it must
 * reject, a quiet window.
 * @module
 */
import { AdapterSession } from '../adapter/session.js';
import type { ResolvedAdapter } from '../adapter/manifest.js';
import type { Capabilities } from '../adapter/protocol/v1/types.generated.js';
import type { PlaintextMessage } from '../didcomm/types.js';
import type { TranscriptEntry } from '../adapter/transcript.js';
import { ReferenceAgent, type AgentKeys } from '../agent/agent.js';
import type { AgentTransport, InboundRecord } from '../agent/inbox.js';
import { beginCaseWaits, noteLatency, QUIET_MS, WAIT_MS } from '../agent/waits.js';
import { onWire } from '../agent/wire-log.js';
import type { DidDocument } from '../did/document.js';
import { resolveDidcommEndpoints } from '../did/endpoints.js';
import { createDidResolver } from '../did/resolver.js';
import { TRUST_PING_PIURI, PING_RESPONSE } from '../didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { isAdapterError } from '../errors/adapter-error.js';
import { MEDIA_TYPES } from '../spec/media-types.js';
import { FuzzUnsupported, handOverParties, type AskOptions, type FuzzTarget } from './agent.js';
import { seedOf } from './cases.js';
import type { Answer, Judgement } from './judge.js';
import { harnessParties, judgeLive, unanswerable } from './live-oracle.js';
import type { Expectation } from './oracle.js';
import { recipeKeys } from './recipe.js';
import { SessionBackedTarget } from './session-target.js';

const PROBLEM_REPORT = 'https://didcomm.org/report-problem/2.0/problem-report';
/** A POST the agent does not answer within this is a hang (the harness's own delivery deadline). */
const DELIVERY_TIMEOUT_MS = 5000;

/** The SICPA documents, every party but Bob served by the harness at `uri`. */
function servedDocuments(uri: string): DidDocument[] {
  const served = new Set(harnessParties());
  return recipeKeys().documents.map((doc) => served.has(doc.id)
    ? { ...doc, service: [{ id: `${doc.id}#didcomm`, type: 'DIDCommMessaging', serviceEndpoint: { uri, accept: ['didcomm/v2'], routingKeys: [] } }] } as DidDocument
    : doc);
}

/** Why `capabilities` cannot be fuzzed live, or undefined. */
export function liveRefusal(name: string, capabilities: Capabilities): string | undefined {
  if (!capabilities.roles.includes('receiver')) return `${name} claims no receiver role`;
  if (!capabilities.transports.some((t) => t === 'http' || t === 'ws')) return `${name} claims no transport (http or ws) to deliver to`;
  if (!capabilities.protocols.some((p) => p === TRUST_PING_PIURI || p.startsWith(`${TRUST_PING_PIURI}/`))) return `${name} does not claim trust-ping 2.0, whose answer is what live mode judges`;
  return undefined;
}

interface Endpoints {
  http?: string;
  ws?: string;
}

export class LiveFuzzAgent extends SessionBackedTarget implements FuzzTarget {
  #harness: ReferenceAgent;
  #endpoints: Endpoints = {};
  /** The greatest `received` seq read so far. */
  #seenSeq = 0;

  private constructor(adapter: ResolvedAdapter, session: AdapterSession, harness: ReferenceAgent) {
    super(adapter, session);
    this.#harness = harness;
  }

  /** Starts the adapter and a harness agent and sets the agent up; throws FuzzUnsupported when it cannot be fuzzed live. */
  static async open(adapter: ResolvedAdapter): Promise<LiveFuzzAgent> {
    const session = await AdapterSession.open(adapter.target, adapter.limits);
    const refusal = liveRefusal(adapter.name, session.description.capabilities);
    if (refusal) {
      await session.close();
      throw new FuzzUnsupported(`${refusal}: it cannot be fuzzed live (only an agent with a transport and trust-ping can)`);
    }
    const keys: AgentKeys = { resolver: createDidResolver({ examples: false }), secrets: recipeKeys().secrets };
    const harness = await ReferenceAgent.start({ keys: () => keys });
    for (const doc of servedDocuments(harness.httpUrl)) keys.resolver.addDocument(doc);
    const agent = new LiveFuzzAgent(adapter, session, harness);
    try {
      await agent.setUp(session);
    } catch (error) {
      await session.close();
      await harness.close();
      throw error;
    }
    return agent;
  }

  /** The agent's endpoints from its own DID documents, then every SICPA party (Bob with secrets as its own). */
  protected override async setUp(session: AdapterSession): Promise<void> {
    await session.call('reset', {});
    const endpoints: Endpoints = {};
    for (const transport of ['http', 'ws'] as const) {
      if (!session.description.capabilities.transports.includes(transport)) continue;
      const { did, didDocument } = await session.call('createIdentity', { didMethod: 'peer:2', endpoint: `self:${transport}` });
      const resolver = createDidResolver({ examples: false });
      resolver.addDocument(didDocument as DidDocument);
      const found = (await resolveDidcommEndpoints(resolver, did)).find((e) => (transport === 'ws' ? /^wss?:/ : /^https?:/).test(e.uri));
      if (!found) throw new Error(`${this.adapter.name}: the did:peer:2 it created on its own ${transport} endpoint names no ${transport} DIDComm endpoint`);
      endpoints[transport] = found.uri;
    }
    await handOverParties(session, this.adapter.name, servedDocuments(this.#harness.httpUrl));
    this.#endpoints = endpoints;
    this.#seenSeq = 0;
    session.takeTranscript();
  }

  /** Where `text` goes: HTTP, or WebSocket for about half the inputs when both are claimed (fixed by the bytes, so a replay takes the same way). */
  #transportFor(text: string): AgentTransport {
    const { http, ws } = this.#endpoints;
    if (http && ws) return seedOf(text) % 2 === 0 ? 'http' : 'ws';
    return http ? 'http' : 'ws';
  }

  /**
   * Delivers `text` and reads the agent's answer from the wire. `message` is the plaintext it carries (its
   * thread is where the answer goes); `patience` 'quiet' when the agent must not answer (a quiet window).
   */
  async ask(text: string, options: AskOptions = {}): Promise<{ answer: Answer; transcript: TranscriptEntry[] }> {
    if (!this.session.healthy) await this.replaceSession('the adapter process was not running');
    const transport = this.#transportFor(text);
    const uri = this.#endpoints[transport]!;
    const thread = options.message ? String(options.message.thid ?? options.message.id) : undefined;
    const quiet = options.patience === 'quiet' || (options.message !== undefined && unanswerable(options.message) !== undefined);
    const wire: TranscriptEntry[] = [];
    const stopWire = options.keep ? onWire((entry) => wire.push(entry)) : undefined;
    const endWaits = beginCaseWaits(this.adapter.manifest.limits?.quietMs);
    const after = this.#harness.inbox.records.at(-1)?.seq ?? 0;
    const sent = Date.now();
    let answer: Answer;
    try {
      const delivery = await this.#harness.deliverRaw(uri, text, this.#contentTypeOf(text), 0);
      const onThread = (record: InboundRecord): boolean => record.seq > after && record.message !== undefined
        && (thread === undefined ? record.message.type === PING_RESPONSE : record.message.thid === thread || record.message.pthid === thread);
      const reply = delivery.status === 0 ? undefined : await this.#harness.inbox.waitFor(onThread, quiet ? QUIET_MS : WAIT_MS, after);
      if (reply && reply.message!.type !== PROBLEM_REPORT) noteLatency(Date.now() - sent);
      answer = await this.#answerOf(text, delivery, reply);
    } finally {
      endWaits();
      stopWire?.();
    }
    const transcript = this.session.takeTranscript();
    return { answer, transcript: options.keep ? [...transcript, ...wire] : [] };
  }

  #contentTypeOf(text: string): string {
    try {
      const value = JSON.parse(text) as Record<string, unknown>;
      if (typeof value['ciphertext'] === 'string') return MEDIA_TYPES.encrypted;
      if (typeof value['payload'] === 'string') return MEDIA_TYPES.signed;
    } catch {
      // bytes that are no JSON still go as what they were mutated from
    }
    return MEDIA_TYPES.encrypted;
  }

  async #answerOf(text: string, delivery: { status: number; error?: string }, reply: InboundRecord | undefined): Promise<Answer> {
    if (reply?.message?.type === PROBLEM_REPORT) {
      const code = String((reply.message.body as { code?: unknown } | undefined)?.code ?? 'problem-report');
      return { status: 'rejected', code: `problem-report ${code}`, message: `a problem report on the ping's thread (HTTP ${delivery.status})` };
    }
    if (reply) return this.#acceptedView(text, reply);
    if (delivery.status === 0) {
      const alive = this.session.healthy;
      const timedOut = /abort|timeout/i.test(delivery.error ?? '');
      return alive && timedOut
        ? { status: 'hang', detail: `the endpoint did not answer the POST within ${DELIVERY_TIMEOUT_MS} ms (${delivery.error ?? 'no answer'})` }
        : { status: 'crash', detail: alive ? `the endpoint refused the connection: ${delivery.error ?? 'no connection'}` : 'the adapter process died' };
    }
    if (!this.session.healthy) return { status: 'crash', detail: `the adapter process died after the endpoint answered ${delivery.status}` };
    if (delivery.status >= 400) return { status: 'rejected', code: `HTTP ${delivery.status}`, message: `the endpoint answered ${delivery.status} and sent nothing on the ping's thread` };
    return { status: 'silent', detail: `the endpoint answered ${delivery.status === 101 ? 'on the WebSocket' : delivery.status} and nothing came on the ping's thread within the wait` };
  }

  /** An answered ping: the agent's own view of the message (`received`), judged as unpack's answer would be. */
  async #acceptedView(text: string, reply: InboundRecord): Promise<Answer> {
    let messages;
    try {
      ({ messages } = await this.session.call('received', { after: this.#seenSeq }));
    } catch (error) {
      if (!isAdapterError(error)) throw error;
      return { status: 'errored', code: error.code, detail: `the agent answered the ping (${reply.message!.type}) but received failed: ${error.message}` };
    }
    for (const m of messages) this.#seenSeq = Math.max(this.#seenSeq, m.seq);
    const own = messages.filter((m) => m.packed === text).at(-1);
    if (own?.unpacked?.status === 'accepted') return { status: 'accepted', message: own.unpacked.message as PlaintextMessage, metadata: own.unpacked.metadata };
    return { status: 'errored', code: 'ERR_FUZZ_LIVE_UNREPORTED', detail: `the agent answered the ping (${reply.message!.type}) but its adapter's received does not report the message as accepted` };
  }

  judge(expectation: Expectation, answer: Answer): Judgement {
    return judgeLive(expectation, answer, this.capabilities);
  }

  /**
   * A crash or hang on `text` is the agent's when, on a fresh session, the untouched base is answered and
   * `text` again crashes or hangs it.
   */
  async confirm(status: 'crash' | 'hang', text: string, base: { text: string; message?: PlaintextMessage }, message?: PlaintextMessage): Promise<boolean> {
    await this.replaceSession(`confirming a ${status}`);
    const control = await this.ask(base.text, base.message ? { message: base.message } : {});
    if (control.answer.status !== 'accepted') return false;
    const again = await this.ask(text, message ? { message } : {});
    return again.answer.status === status;
  }

  async close(): Promise<void> {
    await this.session.close();
    await this.#harness.close();
  }
}
