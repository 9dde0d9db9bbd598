/**
 * The mediator role of the reference agent: coordinate-mediation 3.0 (grant or deny, the recipient list),
 * routing 2.0 forwards (queue for a registered recipient, pass on to another agent's endpoint, refuse a
 * forward to itself or back to its own endpoint) and message pickup 3.0 from the queues, with live mode on
 * WebSocket connections.
 * @module
 */
import { parseForward, wrapInForwards } from '../didcomm/routing/forward.js';
import { didOf } from '../did/document.js';
import type { KeyContext, PlaintextMessage } from '../didcomm/types.js';
import { bodyOf, newMessageId, replyHeaders } from '../didcomm/protocols/message.js';
import { currentTime } from '../didcomm/clock.js';
import {
  MEDIATE_REQUEST, RECIPIENT_QUERY, RECIPIENT_UPDATE, buildMediateDeny, buildMediateGrant, buildRecipient, buildRecipientUpdateResponse,
  type UpdateAction, type UpdateResult,
} from '../didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import {
  DELIVERY_REQUEST, LIVE_DELIVERY_CHANGE, MESSAGES_RECEIVED, STATUS_REQUEST, buildDelivery, buildStatus,
} from '../didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { buildProblemReport } from '../didcomm/protocols/report-problem-2.0/report-problem.js';

/** A message waiting for pickup. */
export interface QueuedMessage {
  id: string;
  packed: string;
  /** Epoch seconds of arrival. */
  receivedAt: number;
}

/** Where a forward goes. */
export type ForwardDecision =
  | { kind: 'deliver'; recipient: string; attached: string[] }
  | { kind: 'relay'; next: string; attached: string[] }
  | { kind: 'reject'; code: string; reason: string; requirement: 'ROUTE-002' | 'ROUTE-003' | 'ROUTE-009' };

export type MediationPolicy = 'grant' | 'deny';

/** The forward a queued message came in, and the position of its attachment there (what a store may key on). */
export interface Arrival {
  forward: PlaintextMessage;
  attachment: number;
}

/** A connection the mediator can push on (a WebSocket of the `ws` package fits). */
export interface LiveSocket {
  readonly readyState: number;
  send(text: string): void;
  once(event: 'close', listener: () => void): unknown;
}

const SOCKET_OPEN = 1;

/** Mediator state: who was granted mediation, their recipient DIDs, and a queue per recipient DID. */
export class Mediator {
  policy: MediationPolicy = 'grant';
  /** How a grant gives `routing_did`: the page's array or a bare string, as some mediators do (PROTO-MED-002). */
  grantForm: 'array' | 'string' = 'array';
  readonly granted = new Set<string>();
  /** recipient DID -> the DID that registered it. */
  readonly recipients = new Map<string, string>();
  readonly queues = new Map<string, QueuedMessage[]>();
  /**
   * Routing keys a recipient configured with the mediator beyond its DID document (ROUTE-009): the
   * attached message is wrapped once per key before it goes on. Coordinate-mediation 3.0 has no field for
   * them, so only the agent's owner sets them.
   */
  readonly extraRoutingKeys = new Map<string, string[]>();
  /** Connections with live mode on, and whose recipients they carry (PROTO-PICKUP-009). */
  readonly #live = new Map<LiveSocket, string>();

  constructor(protected readonly now: () => number = currentTime) {}

  reset(): void {
    this.granted.clear();
    this.recipients.clear();
    this.queues.clear();
    this.extraRoutingKeys.clear();
    this.#live.clear();
    this.policy = 'grant';
    this.grantForm = 'array';
  }

  /** True for the types this role answers. */
  handles(type: string): boolean {
    return [MEDIATE_REQUEST, RECIPIENT_UPDATE, RECIPIENT_QUERY, STATUS_REQUEST, DELIVERY_REQUEST, MESSAGES_RECEIVED, LIVE_DELIVERY_CHANGE].includes(type);
  }

  /**
   * Decides about a forward (ROUTE-009): a registered recipient gets it queued; `isOwn(did)` names the
   * mediator's own DIDs, and a forward whose `next` is one of them (the attachment was not for us, or
   * unpack would have unwrapped it, ROUTE-010) is refused, as is one that `relayable` cannot place.
   */
  decide(forward: PlaintextMessage, isOwn: (did: string) => boolean, relay: (did: string) => 'ok' | 'loop' | 'none'): ForwardDecision {
    let parsed;
    try {
      parsed = parseForward(forward);
    } catch (error) {
      return { kind: 'reject', code: 'ERR_FORWARD_INVALID', reason: error instanceof Error ? error.message : String(error), requirement: 'ROUTE-003' };
    }
    const next = didOf(parsed.next);
    if (isOwn(next)) return { kind: 'reject', code: 'ERR_FORWARD_LOOP', reason: `the forward names this mediator (${parsed.next}) as next, but its attachment is not addressed to it`, requirement: 'ROUTE-009' };
    // `next` may be the DID or one of its keys, for the last hop (ROUTE-002).
    if (this.recipients.has(next) || this.recipients.has(parsed.next)) {
      const recipient = this.recipients.has(parsed.next) ? parsed.next : next;
      return { kind: 'deliver', recipient, attached: parsed.messages.map((m) => m.attached) };
    }
    const route = relay(next);
    if (route === 'ok') return { kind: 'relay', next, attached: parsed.messages.map((m) => m.attached) };
    if (route === 'loop') return { kind: 'reject', code: 'ERR_FORWARD_LOOP', reason: `${parsed.next} is not registered here and its endpoint leads back to this mediator (a loop)`, requirement: 'ROUTE-009' };
    return { kind: 'reject', code: 'ERR_FORWARD_UNKNOWN_NEXT', reason: `no mediation for ${parsed.next} and no endpoint to pass it on to`, requirement: 'ROUTE-009' };
  }

  /** The attached message wrapped once per routing key the recipient configured here (ROUTE-009). */
  async wrapForRecipient(recipient: string, packed: string, ctx: KeyContext): Promise<string> {
    const keys = this.extraRoutingKeys.get(recipient) ?? [];
    return keys.length ? wrapInForwards(packed, recipient, keys, ctx) : packed;
  }

  /**
   * Hands a registered recipient its message: pushed at once on a connection its owner turned live mode on
   * for, else queued for pickup (PROTO-PICKUP-009: while live mode is off, arrivals MUST be queued). Live
   * messages go as the forwarded message itself, not in a `delivery`: pickup 3.0 defines `delivery` only as
   * the answer to a `delivery-request` (its `thid`, PROTO-PICKUP-006), and says live messages are delivered
   * "rather than being pushed to the queue", so there is nothing to acknowledge.
   */
  accept(recipient: string, packed: string, arrival?: Arrival): 'live' | 'queued' {
    const owner = this.recipients.get(recipient);
    const socket = [...this.#live].find(([s, o]) => o === owner && s.readyState === SOCKET_OPEN)?.[0];
    if (socket) {
      socket.send(packed);
      return 'live';
    }
    this.enqueue(recipient, { id: newMessageId(), packed, receivedAt: this.now() }, arrival);
    return 'queued';
  }

  /**
   * The storage decisions a mediator makes, one method each so that adapters/faux can break exactly one:
   * a fresh opaque id per queued copy (PROTO-PICKUP-006), a queue per recipient DID (-008), delivery of at
   * most `limit` (-005), removal only of what the requester acknowledged for its own DIDs (-007).
   */
  protected enqueue(recipient: string, message: QueuedMessage, _arrival?: Arrival): void {
    const queue = this.queues.get(recipient) ?? [];
    queue.push(message);
    this.queues.set(recipient, queue);
  }

  protected forDelivery(dids: readonly string[], limit: number): QueuedMessage[] {
    return dids.flatMap((did) => this.queues.get(did) ?? []).slice(0, Math.max(0, limit));
  }

  protected acknowledge(requester: string, ids: ReadonlySet<string>): void {
    // Per recipient DID (PROTO-PICKUP-008): each queue has its own ids, so one owner's acknowledgement leaves the others' copies.
    for (const did of this.owned(requester)) this.queues.set(did, (this.queues.get(did) ?? []).filter((m) => !ids.has(m.id)));
  }

  /**
   * Answers a coordinate-mediation or pickup request from an authenticated `message.from`; `socket` is
   * the WebSocket it came on (none for HTTP, which cannot carry live mode).
   */
  answer(message: PlaintextMessage, socket?: LiveSocket): PlaintextMessage[] {
    const requester = message.from;
    if (!requester) return [];
    switch (message.type) {
      case MEDIATE_REQUEST:
        if (this.policy === 'deny') return [buildMediateDeny(message)];
        this.granted.add(requester);
        return [buildMediateGrant(message, message.to?.[0] ?? '', this.grantForm)];
      case RECIPIENT_UPDATE:
        return [this.#update(message, requester)];
      case RECIPIENT_QUERY:
        return [this.#recipients(message, requester)];
      case STATUS_REQUEST:
        return [this.#status(message, requester, socket)];
      case DELIVERY_REQUEST:
        return [this.#delivery(message, requester, socket)];
      case MESSAGES_RECEIVED:
        this.acknowledge(requester, new Set((bodyOf(message)['message_id_list'] as unknown[] | undefined ?? []).map(String)));
        return [this.#status(message, requester, socket)];
      case LIVE_DELIVERY_CHANGE:
        return [this.#liveDeliveryChange(message, requester, socket)];
      default:
        return [];
    }
  }

  /** PROTO-PICKUP-009: answered with a status; live mode only on a persistent connection, per connection. */
  #liveDeliveryChange(message: PlaintextMessage, requester: string, socket: LiveSocket | undefined): PlaintextMessage {
    const wanted = bodyOf(message)['live_delivery'] === true;
    if (wanted && !socket) return buildProblemReport('e.m.live-mode-not-supported', message);
    if (socket && wanted) {
      this.#live.set(socket, requester);
      // A new connection starts with live mode off: the state dies with this one.
      socket.once('close', () => this.#live.delete(socket));
    } else if (socket) {
      this.#live.delete(socket);
    }
    return this.#status(message, requester, socket);
  }

  /** PROTO-MED-005: the requester's recipient DIDs, a page of them when `paginate {limit, offset}` asks. */
  #recipients(message: PlaintextMessage, requester: string): PlaintextMessage {
    const owned = this.owned(requester);
    const paginate = bodyOf(message)['paginate'] as { limit?: unknown; offset?: unknown } | undefined;
    if (!paginate || !Number.isInteger(paginate.limit) || !Number.isInteger(paginate.offset)) return buildRecipient(message, owned);
    const offset = Math.max(0, paginate.offset as number);
    const page = owned.slice(offset, offset + Math.max(0, paginate.limit as number));
    return buildRecipient(message, page, { count: page.length, offset, remaining: Math.max(0, owned.length - offset - page.length) });
  }

  protected owned(requester: string): string[] {
    return [...this.recipients].filter(([, owner]) => owner === requester).map(([did]) => did);
  }

  #update(message: PlaintextMessage, requester: string): PlaintextMessage {
    const updates = (bodyOf(message)['updates'] ?? []) as Array<{ recipient_did?: unknown; action?: unknown }>;
    const updated = updates.map((u) => {
      const did = String(u.recipient_did);
      const action = (u.action === 'remove' ? 'remove' : 'add') as UpdateAction;
      let result: UpdateResult;
      if (!this.granted.has(requester) || typeof u.recipient_did !== 'string' || !did.startsWith('did:') || !['add', 'remove'].includes(String(u.action))) result = 'client_error';
      else if (action === 'add') result = this.recipients.get(did) === requester ? 'no_change' : (this.recipients.set(did, requester), 'success');
      else result = this.recipients.get(did) === requester ? (this.recipients.delete(did), 'success') : 'no_change';
      // An action the page does not define is echoed as given, with client_error (PROTO-MED-004).
      return { recipient_did: did, action: (typeof u.action === 'string' ? u.action : action) as UpdateAction, result };
    });
    return buildRecipientUpdateResponse(message, updated);
  }

  #selected(message: PlaintextMessage, requester: string): { dids: string[]; recipientDid?: string } {
    const recipientDid = bodyOf(message)['recipient_did'];
    const owned = this.owned(requester);
    if (typeof recipientDid === 'string') return { dids: owned.includes(recipientDid) ? [recipientDid] : [], recipientDid };
    return { dids: owned };
  }

  #status(message: PlaintextMessage, requester: string, socket: LiveSocket | undefined): PlaintextMessage {
    const { dids, recipientDid } = this.#selected(message, requester);
    const queued = dids.flatMap((did) => this.queues.get(did) ?? []);
    const times = queued.map((m) => m.receivedAt);
    return buildStatus({
      message_count: queued.length,
      ...(recipientDid ? { recipient_did: recipientDid } : {}),
      ...(queued.length ? {
        longest_waited_seconds: this.now() - Math.min(...times),
        oldest_received_time: Math.min(...times),
        newest_received_time: Math.max(...times),
        total_bytes: queued.reduce((sum, m) => sum + Buffer.byteLength(m.packed), 0),
      } : {}),
      live_delivery: socket !== undefined && this.#live.get(socket) === requester,
    }, replyHeaders(message));
  }

  #delivery(message: PlaintextMessage, requester: string, socket: LiveSocket | undefined): PlaintextMessage {
    const { dids, recipientDid } = this.#selected(message, requester);
    const queued = this.forDelivery(dids, Number(bodyOf(message)['limit'] ?? 10));
    // PROTO-PICKUP-005: nothing queued => a status, immediately. Delivered messages stay queued until acknowledged (-007).
    if (queued.length === 0) return this.#status(message, requester, socket);
    return buildDelivery(queued, replyHeaders(message), recipientDid);
  }
}
