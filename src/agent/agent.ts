/**
 * The reference agent and mediator that plays the other party in live tests: HTTP (POST, spec §8.1) and
 * WebSocket (§8.2) endpoints on loopback, did:peer:2 identities whose service names them, the responder
 * side of every protocol in src/didcomm/protocols, routing 2.0 forwards and queueing as a mediator, and a
 * record of every message received with its decoded layers (the inbox). Replies go back on the same
 * connection only when the request says `return_route: "all"` (TRANS-RR-001..002), else to the sender's
 * own endpoint. As a mediation recipient it keeps WebSockets open to its mediator (pickup live mode) and
 * takes what a pickup `delivery` brings as if it had arrived at its endpoint (src/agent/recipient.ts).
 * @module
 */
import type { WebSocket } from 'ws';
import { packMessage } from '../didcomm/envelope/pack.js';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { isForwardType } from '../didcomm/routing/forward.js';
import type { PackMode, PlaintextMessage, UnpackMetadata } from '../didcomm/types.js';
import { createDidResolver, type DidcommDidResolver } from '../did/resolver.js';
import { SecretStore } from '../did/secrets.js';
import { createIdentity, type Identity } from '../did/identity.js';
import { resolveDidcommEndpoints, type DidcommEndpoint } from '../did/endpoints.js';
import { didOf, keyIdsFor } from '../did/document.js';
import { isDidcommError } from '../errors/didcomm-error.js';
import { MEDIA_TYPES } from '../spec/media-types.js';
import { Inbox, type AgentTransport, type InboundRecord } from './inbox.js';
import { Mediator } from './mediator.js';
import { RotationState } from './rotation.js';
import { RESPONDER_TYPES, canonicalType, respond } from './handlers.js';
import { deliver, type DeliveryResult } from './transport.js';
import { openAgentConnection, type AgentConnection } from './connection.js';
import { grantedRoute, isMediationAnswer, takeDelivery } from './recipient.js';
import { agentFeatures } from './features.js';
import type { Feature } from '../didcomm/protocols/discover-features-2.0/discover-features.js';
import { DELIVERY, STATUS } from '../didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { unanswerableThread } from '../didcomm/protocols/message.js';
import { currentTime } from '../didcomm/clock.js';
import { AgentEndpoint, isDidcommMediaType, type Problem, type ReceiveOutcome } from './endpoint.js';
import { recordWire } from './wire-log.js';
import { assertOwnMessage } from './own-messages.js';
import { checkProtocolMessage } from '../schema/protocol-messages.js';
import { noteAnswer, noteSent } from './waits.js';
import { BackgroundWork } from './background.js';

export { isDidcommMediaType, MAX_BODY_BYTES, type Problem } from './endpoint.js';

/** Where the agent's keys and DID documents live (shared with an adapter's state when it embeds the agent). */
export interface AgentKeys {
  resolver: DidcommDidResolver;
  secrets: SecretStore;
}

export interface AgentOptions {
  /** Also act as a mediator (coordinate-mediation, forwards, pickup). Default false. */
  mediator?: boolean;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** The key context; read on every use, so an adapter can swap it on `reset`. Default: a fresh one. */
  keys?: () => AgentKeys;
  /** Epoch seconds; injectable for expiry tests. */
  now?: () => number;
  /**
   * Rewrites every message after the schema check, just before it is packed: only for faux adapters that
   * break messages on purpose (adapters/faux). The harness never sets it.
   */
  rewriteOutgoing?: (message: PlaintextMessage) => PlaintextMessage;
  /** Packs what the agent sends, instead of `packMessage`: only for faux adapters with envelope bugs (adapters/faux). */
  packOutgoing?: typeof packMessage;
  /** Builds the mediator and the rotation state: only faux adapters replace them with broken ones (adapters/faux/flaws). */
  makeMediator?: (now: () => number) => Mediator;
  makeRotation?: () => RotationState;
}

/** How to send one message. */
export interface SendOptions {
  /** The recipient DID; its DIDComm service decides where the message goes. */
  to: string;
  envelope?: PackMode;
  transport?: AgentTransport;
  /** Override the Content-Type (fault injection); default the outer layer's media type (TRANS-002). */
  contentType?: string;
  /** Override the forward attachment encoding. */
  attachment?: 'json' | 'base64';
  /** WebSocket: replies to wait for (return_route). */
  expectReplies?: number;
  /** Why this message breaks its protocol schema on purpose (a negative case); unset, a broken message is a harness bug. */
  malformed?: string;
  timeoutMs?: number;
}

/** How a message reached `receive`. */
export interface Arrival {
  /** The WebSocket it came on at our endpoint (replies with return_route go back on it). */
  socket?: WebSocket;
  /** `response`: the reply to a request of ours (return_route); never answered. Default `request`. */
  channel?: 'request' | 'response';
  /** Ids we sent on the connection it came on: a message threaded to one of them is a response. */
  answers?: ReadonlySet<string>;
  /** It came through our mediator (InboundRecord.pickup). */
  pickup?: 'delivery' | 'live';
}

/** What `send` did. */
export interface SendResult extends DeliveryResult {
  endpoint: string;
  packed: string;
  mediaType: string;
  /** The routing keys wrapped around the message, outermost first. */
  routingKeys: string[];
}

export class ReferenceAgent {
  readonly inbox = new Inbox();
  readonly mediator: Mediator | undefined;
  /** DIDs this agent holds. */
  readonly dids = new Set<string>();
  /** Acknowledge what a pickup `delivery` brought with `messages-received` (PROTO-PICKUP-007); off when a case acknowledges itself. */
  acknowledgeDeliveries = true;
  /** Mediator DID -> the routing DID it granted us (PROTO-MED-002). */
  readonly routingDids = new Map<string, string>();
  /** WebSockets this agent opened and keeps (`connect`). */
  readonly connections = new Set<AgentConnection>();
  /** Rotations learned and `from_prior` JWTs pending (ROT-006..008). */
  readonly rotation: RotationState;
  features: Feature[];
  /** Fault knob: answer the next requests with these HTTP statuses (after recording them). */
  readonly failNext: number[] = [];
  readonly #keys: () => AgentKeys;
  readonly #now: () => number;
  readonly #rewrite: (message: PlaintextMessage) => PlaintextMessage;
  readonly #packOutgoing: typeof packMessage;
  readonly #background = new BackgroundWork();
  #endpoint!: AgentEndpoint;

  private constructor(options: AgentOptions) {
    const own = { resolver: createDidResolver({ examples: false }), secrets: new SecretStore() };
    this.#keys = options.keys ?? (() => own);
    this.#now = options.now ?? currentTime;
    this.#rewrite = options.rewriteOutgoing ?? ((message) => message);
    this.#packOutgoing = options.packOutgoing ?? packMessage;
    this.mediator = options.mediator ? (options.makeMediator ?? ((now) => new Mediator(now)))(this.#now) : undefined;
    this.rotation = options.makeRotation?.() ?? new RotationState();
    this.features = agentFeatures(!!options.mediator);
  }

  /** Starts an agent listening on 127.0.0.1 (port 0 unless given). */
  static async start(options: AgentOptions = {}): Promise<ReferenceAgent> {
    const agent = new ReferenceAgent(options);
    agent.#endpoint = await AgentEndpoint.listen((body, transport, contentType, socket) => agent.receive(body, transport, contentType, socket ? { socket } : {}), options.port);
    return agent;
  }

  get httpUrl(): string {
    return this.#endpoint.httpUrl;
  }

  get wsUrl(): string {
    return this.#endpoint.wsUrl;
  }

  get keys(): AgentKeys {
    return this.#keys();
  }

  /** A did:peer:2 (or did:peer:4) identity whose DIDComm service is this agent's endpoint (or `endpoint`, e.g. a mediator DID). */
  async createIdentity(options: { transport?: AgentTransport; endpoint?: string; routingKeys?: string[]; method?: 'peer:2' | 'peer:4' } = {}): Promise<Identity> {
    const endpoint = options.endpoint ?? (options.transport === 'ws' ? this.wsUrl : this.httpUrl);
    const identity = await createIdentity({ method: options.method ?? 'peer:2', endpoint, ...(options.routingKeys ? { routingKeys: options.routingKeys } : {}) });
    this.adopt(identity);
    return identity;
  }

  /** Holds an identity created elsewhere. */
  adopt(identity: Identity): void {
    this.keys.resolver.addDocument(identity.didDocument);
    for (const secret of identity.secrets) this.keys.secrets.add(secret.kid, secret.privateJwk);
    this.dids.add(identity.did);
  }

  /**
   * Rotates `oldDid` to a fresh DID with the same kind of endpoint (ROT-001..003): later messages from the
   * new DID carry `from_prior` until a message addressed to it arrives (ROT-008).
   */
  async rotate(oldDid: string, transport: AgentTransport = 'http'): Promise<{ did: string; fromPrior: string }> {
    const identity = await this.createIdentity({ transport });
    const fromPrior = await this.rotation.begin(this.keys, oldDid, identity.did, this.#now());
    return { did: identity.did, fromPrior };
  }

  /** Packs `message` for `options.to` and delivers it to the recipient's endpoint, through its routing keys. */
  async send(message: PlaintextMessage, options: SendOptions): Promise<SendResult> {
    const endpoints = await resolveDidcommEndpoints(this.keys.resolver, options.to);
    const wanted = options.transport;
    const matching = endpoints.filter((e) => !wanted || (wanted === 'ws' ? /^wss?:/.test(e.uri) : /^https?:/.test(e.uri)));
    const candidates = matching.length > 0 ? matching : endpoints.slice(0, 1);
    if (!candidates[0]) throw new TypeError(`${options.to} has no DIDComm endpoint`);
    if (options.malformed === undefined) assertOwnMessage(message);
    const outgoing = this.#rewrite(this.rotation.withFromPrior(message));
    const mode = options.envelope ?? (outgoing.from && this.dids.has(didOf(outgoing.from)) ? 'authcrypt' : 'anoncrypt');
    let result: SendResult | undefined;
    // ROUTE-013: an endpoint that still fails after the retries (5xx or no connection) gives way to the next, in the DID document's order (SVC-005).
    for (const endpoint of candidates) {
      result = await this.#sendVia(endpoint, outgoing, mode, options);
      if (result.status !== 0 && result.status < 500) break;
    }
    return result!;
  }

  /** Packs for one endpoint (its routing keys) and delivers there; replies on the connection are received. */
  async #sendVia(endpoint: DidcommEndpoint, outgoing: PlaintextMessage, mode: PackMode, options: SendOptions): Promise<SendResult> {
    const packed = await this.#packOutgoing(outgoing, {
      mode,
      ...(mode === 'plaintext' || mode === 'signed' ? {} : { to: [options.to] }),
      ...(mode === 'authcrypt' && outgoing.from ? { from: outgoing.from } : {}),
      ...(mode === 'signed' && outgoing.from ? { signBy: await this.#authenticationKey(outgoing.from) } : {}),
      ...(endpoint.routingKeys.length ? { forward: { routingKeys: endpoint.routingKeys, rewrite: this.#ownForward, ...(options.attachment ? { attachment: options.attachment } : {}) } } : {}),
    }, this.keys);
    noteSent(outgoing.id);
    const result = await this.#deliverWithRetry(endpoint, packed.packed, options.contentType ?? packed.mediaType, options, outgoing);
    for (const reply of result.replies) await this.receive(reply.packed, /^wss?:/.test(endpoint.uri) ? 'ws' : 'http', reply.contentType, { channel: 'response' });
    return { ...result, endpoint: endpoint.uri, packed: packed.packed, mediaType: packed.mediaType, routingKeys: endpoint.routingKeys };
  }

  /** Delivers text as is to a URI (no packing): for raw wire cases and mediators passing forwards on. */
  async deliverRaw(uri: string, packed: string, contentType: string, expectReplies = 0): Promise<DeliveryResult> {
    const result = await deliver(uri, packed, { contentType, expectReplies, timeoutMs: 5000 });
    for (const reply of result.replies) await this.receive(reply.packed, /^wss?:/.test(uri) ? 'ws' : 'http', reply.contentType, { channel: 'response' });
    return result;
  }

  /**
   * Opens a WebSocket to `did`'s endpoint and keeps it, as pickup live mode needs (PROTO-PICKUP-009).
   * What the peer sends on it is received like anything else: a reply to what we sent there is a
   * response, anything else was pushed to us (pickup `live`).
   */
  async connect(did: string): Promise<AgentConnection> {
    const endpoint = (await resolveDidcommEndpoints(this.keys.resolver, did)).find((e) => /^wss?:/.test(e.uri));
    if (!endpoint) throw new TypeError(`${did} has no WebSocket endpoint`);
    const connection = await openAgentConnection(did, endpoint.uri, async (message) => (await this.#pack(message)).packed, (text, answers) => {
      this.#background.add(this.receive(text, 'ws', undefined, { answers, pickup: 'live' }));
    });
    this.connections.add(connection);
    void connection.closed.then(() => this.connections.delete(connection));
    return connection;
  }

  async #deliverWithRetry(endpoint: DidcommEndpoint, packed: string, contentType: string, options: SendOptions, plaintext: PlaintextMessage): Promise<DeliveryResult> {
    let result: DeliveryResult | undefined;
    // ROUTE-013: on a transmission failure (5xx or no connection), retry later, twice at most.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * attempt));
      result = await deliver(endpoint.uri, packed, {
        contentType, timeoutMs: options.timeoutMs ?? 5000, expectReplies: options.expectReplies ?? 0, lingerMs: 50, plaintext, signal: this.#background.signal,
      });
      if ((result.status !== 0 && result.status < 500) || this.#background.signal.aborted) break;
    }
    return result!;
  }

  async #authenticationKey(did: string): Promise<string> {
    const kid = keyIdsFor(await this.keys.resolver.resolve(did), 'authentication')[0];
    if (!kid) throw new TypeError(`${did} has no authentication key`);
    return kid;
  }

  /**
   * Takes one received message: records it, unpacks it, routes a forward, answers what it understands.
   * Returns the HTTP status and, with `return_route: "all"`, the one reply for the HTTP response.
   */
  async receive(packed: string, transport: AgentTransport, contentType: string | undefined, arrival: Arrival = {}): Promise<ReceiveOutcome> {
    const { socket } = arrival;
    let channel = arrival.channel ?? 'request';
    const record = this.inbox.add({ transport, channel, packed, outcome: 'handled', ...(contentType ? { contentType } : {}) });
    const fault = channel === 'request' && transport === 'http' && !arrival.pickup ? this.failNext.shift() : undefined;
    if (fault !== undefined) return this.#finish(record, fault, 'rejected', { code: 'FAULT_INJECTED', message: `answered ${fault} on purpose` });
    if (transport === 'http' && channel === 'request' && !isDidcommMediaType(contentType)) {
      return this.#finish(record, 415, 'rejected', { code: 'ERR_MEDIA_TYPE', message: `Content-Type ${JSON.stringify(contentType)} is not a DIDComm media type`, requirement: 'TRANS-002' });
    }
    let message: PlaintextMessage;
    let metadata: UnpackMetadata;
    try {
      ({ message, metadata } = await unpackMessage(packed, this.keys, { strict: false }));
    } catch (error) {
      const e: { code: string; message: string; requirement?: string } = isDidcommError(error) ? error.toJSON() : { code: 'ERR_UNPACK', message: String(error) };
      // A forward that decrypts but does not parse is still shown, so the suites hold it to its schema (ROUTE-002, -003).
      if (e.code === 'ERR_FORWARD_INVALID') await this.#keepUnparsedForward(record, packed);
      return this.#finish(record, 400, 'rejected', { code: e.code, message: e.message, ...(e.requirement ? { requirement: e.requirement } : {}) });
    }
    record.message = message;
    record.metadata = metadata;
    // What the sender's message is worth against its protocol schema: the suites judge it (suites/protocols/live.ts).
    const schema = checkProtocolMessage(message);
    if (schema) record.schema = schema;
    if (message.thid !== undefined && arrival.answers?.has(message.thid)) record.channel = channel = 'response';
    else if (arrival.pickup) record.pickup = arrival.pickup;
    if (isForwardType(message.type)) return this.#forward(record, message);
    const route = grantedRoute(message);
    if (route) this.routingDids.set(route.mediator, route.routingDid);
    if (message.type === DELIVERY) {
      // What our mediator delivers is taken as if it had come to our endpoint, then acknowledged (PROTO-PICKUP-007).
      const ack = await takeDelivery(message, (item) => this.receive(item, transport, MEDIA_TYPES.encrypted, { pickup: 'delivery' }));
      if (ack && this.acknowledgeDeliveries) this.#background.send(ack, (to) => this.send(ack, { to }));
      return this.#finish(record, channel === 'response' ? 200 : 202, 'handled');
    }
    const rotatedAway = this.rotation.observe(message, metadata, this.dids);
    // ROT-007: the old DID was rotated away; what it sends now is ignored.
    if (rotatedAway) return this.#finish(record, 202, 'ignored', rotatedAway);
    if (channel === 'response' || isMediationAnswer(message.type)) return this.#finish(record, channel === 'response' ? 200 : 202, 'handled');
    const replies = this.#answer(message, transport === 'ws' ? socket : undefined);
    const routeBack = message['return_route'] === 'all'
      || (message['return_route'] === 'thread' && message['return_route_thread'] !== undefined);
    const back: Array<{ packed: string; mediaType: string }> = [];
    for (const reply of replies) {
      const onThisConnection = routeBack && (transport === 'ws' || back.length === 0);
      if (onThisConnection) back.push(await this.#pack(reply));
      // PROTO-PICKUP-004: a status is only sent while the recipient is connected, never queued (sent to its mediator).
      else if (reply.type !== STATUS) this.#background.send(reply, (to) => this.send(reply, { to }));
    }
    if (transport === 'ws') {
      this.#endpoint.replyOnSocket(socket, back);
      return this.#finish(record, 200, 'handled');
    }
    this.#finish(record, back[0] ? 200 : 202, 'handled');
    return back[0] ? { status: 200, reply: back[0] } : { status: 202 };
  }

  async #keepUnparsedForward(record: InboundRecord, packed: string): Promise<void> {
    const seen = await unpackMessage(packed, this.keys, { strict: false, unwrapForward: false }).catch(() => undefined);
    if (!seen) return;
    record.message = seen.message;
    record.metadata = seen.metadata;
    const schema = checkProtocolMessage(seen.message);
    if (schema) record.schema = schema;
  }

  #answer(message: PlaintextMessage, socket: WebSocket | undefined): PlaintextMessage[] {
    // THR-001: a reply on a thread whose id is outside the unreserved set would break it; the agent stays silent.
    if (unanswerableThread(message)) return [];
    if (this.mediator?.handles(message.type)) return this.mediator.answer(message, socket);
    const type = canonicalType(message.type, RESPONDER_TYPES);
    const replies = respond(message, type, this.features, this.#now());
    // A reply needs a route back: the sender's DID (PROTO-PING-003).
    return replies.filter((reply) => reply.to?.[0]);
  }

  /** The forwards it wraps are its own messages too: held to their schema, then (faux adapters only) rewritten. */
  readonly #ownForward = (forward: PlaintextMessage): PlaintextMessage => {
    assertOwnMessage(forward);
    return this.#rewrite(forward);
  };

  async #pack(reply: PlaintextMessage): Promise<{ packed: string; mediaType: string }> {
    assertOwnMessage(reply);
    const outgoing = this.#rewrite(this.rotation.withFromPrior(reply));
    const packed = await this.#packOutgoing(outgoing, { mode: 'authcrypt', to: [outgoing.to![0]!], from: outgoing.from! }, this.keys);
    return { packed: packed.packed, mediaType: packed.mediaType };
  }

  async #forward(record: InboundRecord, forward: PlaintextMessage): Promise<{ status: number }> {
    if (!this.mediator) return this.#finish(record, 400, 'rejected', { code: 'ERR_NOT_A_MEDIATOR', message: 'this agent does not mediate', requirement: 'ROUTE-009' });
    const own = new Set([this.httpUrl, this.wsUrl]);
    const endpointsOf = async (did: string) => resolveDidcommEndpoints(this.keys.resolver, did).catch(() => []);
    const nextDid = didOf(String((forward.body as { next?: unknown } | undefined)?.next ?? ''));
    const nextEndpoints = nextDid.startsWith('did:') ? await endpointsOf(nextDid) : [];
    const onward = nextEndpoints.filter((e) => !own.has(e.uri));
    const decision = this.mediator.decide(forward, (did) => this.dids.has(did), () => (onward.length > 0 ? 'ok' : nextEndpoints.length > 0 ? 'loop' : 'none'));
    if (decision.kind === 'reject') return this.#finish(record, 400, 'rejected', { code: decision.code, message: decision.reason, requirement: decision.requirement });
    if (decision.kind === 'deliver') {
      // ROUTE-009: each attached message wrapped again for routing keys the recipient configured here, then
      // pushed live or queued.
      let live = true;
      for (const [attachment, attached] of decision.attached.entries()) {
        const wrapped = await this.mediator.wrapForRecipient(decision.recipient, attached, this.keys);
        live = this.mediator.accept(decision.recipient, wrapped, { forward, attachment }) === 'live' && live;
      }
      return this.#finish(record, 202, live ? 'forwarded' : 'queued');
    }
    const target = onward[0]!;
    // Each attached message goes on as is, to the next hop's endpoint (ROUTE-009).
    let passed = true;
    for (const attached of decision.attached) {
      const result = await deliver(target.uri, attached, { contentType: MEDIA_TYPES.encrypted, timeoutMs: 5000 });
      passed = result.status >= 200 && result.status < 300 && passed;
    }
    return this.#finish(record, passed ? 202 : 502, 'forwarded');
  }

  #finish(record: InboundRecord, status: number, outcome: InboundRecord['outcome'], error?: InboundRecord['error']): { status: number; problem?: Problem } {
    record.status = status;
    record.outcome = outcome;
    if (error) record.error = error;
    // How fast the agent answers on this machine now: what the quiet window is derived from (waits.ts).
    if (record.message?.thid !== undefined) noteAnswer(record.message.thid);
    this.inbox.touch();
    // The evidence of a live verdict: what reached a harness endpoint and what the harness made of it.
    recordWire({
      direction: 'in', transport: record.transport, endpoint: record.transport === 'ws' ? this.wsUrl : this.httpUrl, channel: record.channel, status, packed: record.packed, outcome,
      ...(record.contentType ? { contentType: record.contentType } : {}), ...(record.message ? { plaintext: record.message } : {}), ...(error ? { error } : {}),
      ...(record.schema ? { schema: record.schema } : {}),
    });
    return error ? { status, problem: error } : { status };
  }

  /** Waits for background deliveries (bounded, then ends them), closes every socket and the server. */
  async close(): Promise<void> {
    await this.#background.settle(2000);
    await Promise.all([...this.connections].map((c) => c.close()));
    await this.#endpoint.close();
  }
}
