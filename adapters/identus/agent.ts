/**
 * One Identus edge agent (@hyperledger/identus-sdk): Apollo (keys), Castor (did:peer), Pluto (over the
 * in-memory store) and Mercury (DIDComm v2 pack/unpack and HTTP delivery), and the adapter protocol's live
 * methods translated into its API. Messages are built by the SDK's own protocol classes (BasicMessage,
 * ProblemReport) or, for `send`, as the SDK's `Domain.Message`; Mercury packs (authcrypt when the message
 * has a `from`, anoncrypt when not), wraps in a forward when the recipient's endpoint is a DID, and POSTs.
 * @module
 */
import { Agent, Apollo, Castor, Domain, Pluto } from '@hyperledger/identus-sdk';
import { BasicMessage, ProblemReport } from '@hyperledger/identus-sdk/plugins/didcomm';
import type {
  CreateIdentityParams, CreateIdentityResult, PlaintextMessage, ProtocolParams, ProtocolResult, SendParams, SendResult,
} from '../../src/adapter/protocol/v1/types.generated.js';
import { didCoreJson } from './did-documents.js';
import { MemoryStore } from './memory-store.js';
import { Unsupported } from '../../src/adapter/sdk/index.js';

export const BASICMESSAGE_PIURI = 'https://didcomm.org/basicmessage/2.0';
export const REPORT_PROBLEM_PIURI = 'https://didcomm.org/report-problem/2.0';

/** Raised when Identus's API has no way to do what was asked: answered -32601 (unsupported, the case is skipped) with the reason. */
export class CannotExpress extends Unsupported {
  override readonly name = 'CannotExpress';
}

/** The keys `createNewPeerDID` always makes: one X25519 (keyAgreement) and one Ed25519 (authentication). */
const CURVES = { keyAgreement: 'X25519', authentication: 'Ed25519' } as const;

const STANDARD_HEADERS = new Set(['id', 'type', 'typ', 'body', 'from', 'to', 'thid', 'pthid', 'created_time', 'expires_time', 'from_prior', 'attachments', 'ack']);

export class IdentusAgent {
  private constructor(readonly agent: Agent, readonly castor: Castor, private readonly endpointUrl: string) {}

  /** A fresh agent with an empty store; `endpointUrl` is what `self:http` stands for. */
  static async create(endpointUrl: string): Promise<IdentusAgent> {
    const apollo = new Apollo();
    const castor = new Castor(apollo);
    const pluto = new Pluto(new MemoryStore(), apollo);
    await pluto.start();
    // No mediator: the agent is not started (start() would ask one for mediation, coordinate-mediation 2.0).
    const agent = Agent.initialize({ pluto, apollo, castor });
    return new IdentusAgent(agent, castor, endpointUrl);
  }

  /** A did:peer:2 from `createNewPeerDID`, with one DIDCommMessaging service when an endpoint is asked for. */
  async createIdentity(params: CreateIdentityParams): Promise<CreateIdentityResult> {
    if (params.didMethod !== 'peer:2') throw new CannotExpress(`Identus creates did:peer:2 only, not ${params.didMethod}`);
    for (const role of ['keyAgreement', 'authentication'] as const) {
      const asked = params[role] ?? [];
      if (asked.some((curve) => curve !== CURVES[role])) throw new CannotExpress(`createNewPeerDID makes one ${CURVES[role]} ${role} key; asked for ${asked.join(', ')}`);
    }
    if (params.endpoint === 'self:ws') throw new CannotExpress('Identus has no WebSocket endpoint of its own');
    const services = params.endpoint === undefined ? [] : [new Domain.DIDDocument.Service('#didcomm-1', ['DIDCommMessaging'],
      new Domain.DIDDocument.ServiceEndpoint(params.endpoint === 'self:http' ? this.endpointUrl : params.endpoint, ['didcomm/v2'], params.routingKeys ?? []))];
    const did = await this.agent.createNewPeerDID(services, false);
    return { did: did.toString(), didDocument: didCoreJson(await this.castor.resolveDID(did.toString())) };
  }

  /** Whether Mercury unpacks `packed` (the endpoint's 202/400). */
  async accepts(packed: string): Promise<boolean> {
    try {
      await this.agent.mercury.unpackMessage(packed);
      return true;
    } catch (error) {
      console.error(`identus adapter: Mercury did not unpack a received message: ${String(error)}`);
      return false;
    }
  }

  /** `send`: the plaintext as the SDK's Message, delivered by Mercury. */
  async send({ message, to, from, envelope, transport }: SendParams): Promise<SendResult> {
    if (transport !== undefined && transport !== 'http') throw new CannotExpress(`Mercury delivers over HTTP only, not ${transport}`);
    const sender = message.from ?? from;
    if (envelope === 'authcrypt' && sender === undefined) throw new CannotExpress('authcrypt needs a sender; Mercury authcrypts exactly when the message has a "from"');
    if (envelope === 'anoncrypt' && sender !== undefined) throw new CannotExpress('Mercury authcrypts every message that has a "from"; it cannot anoncrypt one');
    if (envelope === 'plaintext' || envelope === 'signed') throw new CannotExpress(`Mercury sends encrypted messages only, not ${envelope}`);
    return this.#deliver(toDomainMessage({ ...message, ...(sender ? { from: sender } : {}) }, to));
  }

  /** `protocol`: the actions Identus's protocol classes can build. */
  async protocol({ piuri, action, from, to, args = {} }: ProtocolParams): Promise<ProtocolResult> {
    if (from === undefined || to === undefined) throw new CannotExpress(`${piuri} ${action} needs "from" and "to"`);
    const [sender, recipient] = [Domain.DID.fromString(from), Domain.DID.fromString(to)];
    let message: Domain.Message;
    if (piuri === BASICMESSAGE_PIURI && action === 'message') {
      message = new BasicMessage({ content: String(args['content'] ?? '') }, sender, recipient).makeMessage();
    } else if (piuri === REPORT_PROBLEM_PIURI && action === 'problem-report') {
      // Identus's ProblemReport takes code, comment, args, escalate_to and a thid; it has no pthid (PROB-002).
      if (args['pthid'] !== undefined) console.error(`identus adapter: ProblemReport has no pthid; ${JSON.stringify(args['pthid'])} cannot be passed on`);
      message = new ProblemReport({ code: String(args['code']), ...(typeof args['comment'] === 'string' ? { comment: args['comment'] } : {}) },
        sender, recipient, typeof args['thid'] === 'string' ? args['thid'] : undefined).makeMessage();
    } else {
      throw new CannotExpress(`Identus has no ${piuri} ${action}`);
    }
    const result = await this.#deliver(message);
    if (!result.delivered) throw new Error(`Mercury's delivery was refused with HTTP ${result.status}`);
    return { thid: message.thid ?? message.id };
  }

  async #deliver(message: Domain.Message): Promise<SendResult> {
    try {
      await this.agent.mercury.sendMessage(message);
      return { delivered: true };
    } catch (error) {
      // The SDK's FetchApi throws an ApiError carrying the HTTP status for a non-2xx answer.
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number') return { delivered: false, status };
      // A connection that failed or closed without an answer: fetch's TypeError, passed on by the SDK.
      if (error instanceof TypeError && error.message === 'fetch failed') {
        console.error(`identus adapter: Mercury's POST got no answer: ${String((error as { cause?: unknown }).cause ?? error)}`);
        return { delivered: false };
      }
      throw error;
    }
  }
}

/** A plaintext message as the SDK's `Domain.Message` (what Mercury packs); other headers go in extraHeaders. */
function toDomainMessage(message: PlaintextMessage, to: string): Domain.Message {
  if (message.attachments !== undefined) throw new CannotExpress('attachments are not translated to Identus AttachmentDescriptors by this adapter');
  const extraHeaders = Object.fromEntries(Object.entries(message).filter(([key]) => !STANDARD_HEADERS.has(key)));
  const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return new Domain.Message(
    (message.body ?? {}) as Record<string, unknown> as never, str(message.id), String(message.type),
    typeof message.from === 'string' ? Domain.DID.fromString(message.from) : undefined, Domain.DID.fromString(to),
    [], str(message.thid), extraHeaders as never, num(message.created_time), num(message.expires_time),
    Array.isArray(message['ack']) ? (message['ack'] as string[]) : undefined, undefined, str(message.from_prior), str(message.pthid));
}
