/**
 * The mediator role of the reference agent: coordinate-mediation 3.0 (grant or deny, the recipient list),
 * routing 2.0 forwards (queue for a registered recipient, pass on to another agent's endpoint, refuse a
 * forward to itself or back to its own endpoint) and message pickup 3.0 from the queues.
 * @module
 */
import { parseForward } from '../didcomm/routing/forward.js';
import { didOf } from '../did/document.js';
import type { PlaintextMessage } from '../didcomm/types.js';
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

/** Where a forward went. */
export type ForwardDecision =
  | { kind: 'queue'; recipient: string }
  | { kind: 'relay'; next: string; attached: string }
  | { kind: 'reject'; code: string; reason: string; requirement: 'ROUTE-002' | 'ROUTE-003' | 'ROUTE-009' };

export type MediationPolicy = 'grant' | 'deny';

/** Mediator state: who was granted mediation, their recipient DIDs, and a queue per recipient DID. */
export class Mediator {
  policy: MediationPolicy = 'grant';
  readonly granted = new Set<string>();
  /** recipient DID -> the DID that registered it. */
  readonly recipients = new Map<string, string>();
  readonly queues = new Map<string, QueuedMessage[]>();

  constructor(private readonly now: () => number = currentTime) {}

  reset(): void {
    this.granted.clear();
    this.recipients.clear();
    this.queues.clear();
    this.policy = 'grant';
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
    if (this.recipients.has(next) || this.recipients.has(parsed.next)) {
      const recipient = this.recipients.has(parsed.next) ? parsed.next : next;
      const queue = this.queues.get(recipient) ?? [];
      queue.push({ id: newMessageId(), packed: parsed.attached, receivedAt: this.now() });
      this.queues.set(recipient, queue);
      return { kind: 'queue', recipient };
    }
    const route = relay(next);
    if (route === 'ok') return { kind: 'relay', next, attached: parsed.attached };
    if (route === 'loop') return { kind: 'reject', code: 'ERR_FORWARD_LOOP', reason: `${parsed.next} is not registered here and its endpoint leads back to this mediator (a loop)`, requirement: 'ROUTE-009' };
    return { kind: 'reject', code: 'ERR_FORWARD_UNKNOWN_NEXT', reason: `no mediation for ${parsed.next} and no endpoint to pass it on to`, requirement: 'ROUTE-009' };
  }

  /** Answers a coordinate-mediation or pickup request from an authenticated `message.from`. */
  answer(message: PlaintextMessage, live: boolean): PlaintextMessage[] {
    const requester = message.from;
    if (!requester) return [];
    switch (message.type) {
      case MEDIATE_REQUEST:
        if (this.policy === 'deny') return [buildMediateDeny(message)];
        this.granted.add(requester);
        return [buildMediateGrant(message, message.to?.[0] ?? '')];
      case RECIPIENT_UPDATE:
        return [this.#update(message, requester)];
      case RECIPIENT_QUERY:
        return [buildRecipient(message, this.#owned(requester))];
      case STATUS_REQUEST:
        return [this.#status(message, requester)];
      case DELIVERY_REQUEST:
        return [this.#delivery(message, requester)];
      case MESSAGES_RECEIVED: {
        const ids = new Set((bodyOf(message)['message_id_list'] as unknown[] | undefined ?? []).map(String));
        for (const did of this.#owned(requester)) this.queues.set(did, (this.queues.get(did) ?? []).filter((m) => !ids.has(m.id)));
        return [this.#status(message, requester)];
      }
      case LIVE_DELIVERY_CHANGE:
        // PROTO-PICKUP-009: live mode is not offered; say so with the page's code.
        void live;
        return [buildProblemReport('e.m.live-mode-not-supported', message)];
      default:
        return [];
    }
  }

  #owned(requester: string): string[] {
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
      return { recipient_did: did, action, result };
    });
    return buildRecipientUpdateResponse(message, updated);
  }

  #selected(message: PlaintextMessage, requester: string): { dids: string[]; recipientDid?: string } {
    const recipientDid = bodyOf(message)['recipient_did'];
    const owned = this.#owned(requester);
    if (typeof recipientDid === 'string') return { dids: owned.includes(recipientDid) ? [recipientDid] : [], recipientDid };
    return { dids: owned };
  }

  #status(message: PlaintextMessage, requester: string): PlaintextMessage {
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
      live_delivery: false,
    }, replyHeaders(message));
  }

  #delivery(message: PlaintextMessage, requester: string): PlaintextMessage {
    const { dids, recipientDid } = this.#selected(message, requester);
    const limit = Number(bodyOf(message)['limit'] ?? 10);
    const queued = dids.flatMap((did) => this.queues.get(did) ?? []).slice(0, Math.max(0, limit));
    // PROTO-PICKUP-005: nothing queued => a status, immediately. Delivered messages stay queued until acknowledged (-007).
    if (queued.length === 0) return this.#status(message, requester);
    return buildDelivery(queued, replyHeaders(message), recipientDid);
  }
}
