/**
 * Accounting for the adapter as a pickup 3.0 mediator under load: which message was queued for which harness
 * owner, what each delivery brought, what was acknowledged. Every delivery is judged as it arrives (ids unique
 * to the mediator, PROTO-PICKUP-006; only the requester's messages, -008; nothing acknowledged comes back, -007),
 * and at the end every message must be accounted for: delivered to its owner and acknowledged, none lost.
 * @module
 */
import { unpackMessage } from '../../src/didcomm/envelope/unpack.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import {
  DELIVERY, STATUS, buildDeliveryRequest, buildMessagesReceived, buildStatusRequest, deliveredMessages, validateDelivery, validateStatus,
} from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { PROBLEM_REPORT } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { currentCase, must } from '../../src/runner/case.js';
import { mustHaveNoFindings, mustSee } from '../protocols/live.js';
import { ask } from './adapter-mediator.js';

/** A delivered item: the mediator's attachment id and the message inside. */
export interface Delivered {
  attachmentId: string;
  messageId: string;
}

const key = (owner: string, messageId: string) => `${owner} ${messageId}`;
const short = (did: string) => `${did.slice(0, 24)}…`;

/** What the harness queued at the adapter mediator, per owner, and what became of it. */
export class PickupLedger {
  /** owner + inner message id -> the recipient DID it was forwarded to. */
  readonly #queued = new Map<string, string>();
  readonly #delivered = new Set<string>();
  readonly #acknowledged = new Set<string>();
  /** Attachment id -> the owner and message it named when first seen (PROTO-PICKUP-006: unique to the mediator). */
  readonly #ids = new Map<string, string>();
  /** Deliveries stopped while messages were queued (a status counting them, or only acknowledged ones again): what was not delivered is not lost. */
  #withheld = false;

  constructor(private readonly agent: ReferenceAgent, private readonly mediator: string) {}

  /** Messages the mediator may drop (an expired forward): delivering them is right, losing them is too. */
  readonly #optional = new Set<string>();

  /** Records that `messageId` was forwarded to `recipient`, a DID `owner` registered. */
  queued(owner: string, recipient: string, messageId: string, options: { optional?: boolean } = {}): void {
    this.#queued.set(key(owner, messageId), recipient);
    if (options.optional) this.#optional.add(key(owner, messageId));
  }

  /** True when `owner` was delivered `messageId`. */
  wasDelivered(owner: string, messageId: string): boolean {
    return this.#delivered.has(key(owner, messageId));
  }

  /** How many messages are queued for `owner` and not yet acknowledged. */
  outstanding(owner: string): number {
    return [...this.#queued.keys()].filter((k) => k.startsWith(`${owner} `) && !this.#acknowledged.has(k) && !this.#optional.has(k)).length;
  }

  /** A status for `owner`, checked; returns its body. */
  async status(owner: string, recipientDid?: string): Promise<{ message_count: number } & Record<string, unknown>> {
    const answer = await ask(this.agent, buildStatusRequest({ from: owner, to: [this.mediator] }, recipientDid), this.mediator);
    mustSee(answer, 'PROTO-PICKUP-002', 'a status answering the status-request');
    mustHaveNoFindings(validateStatus(answer.message!, recipientDid), 'the status');
    return answer.message!.body as { message_count: number };
  }

  /**
   * One delivery-request of `owner` with `limit`; returns what it brought (nothing when a status answered).
   * Judged at once: the delivery's own rules, ids unique across owners and messages, only the owner's messages,
   * nothing it already acknowledged.
   */
  async pickUp(owner: string, limit: number, recipientDid?: string): Promise<Delivered[]> {
    const request = buildDeliveryRequest({ from: owner, to: [this.mediator] }, limit, recipientDid);
    const answer = await ask(this.agent, request, this.mediator);
    mustSee(answer, 'PROTO-PICKUP-005', `a delivery or a status answering a delivery-request (limit ${limit})`);
    if (answer.message!.type === STATUS) {
      const count = answer.message!.body?.['message_count'];
      // A status is the answer only when nothing is queued (a MUST then); with messages waiting, delivering is a SHOULD.
      currentCase().should(count === 0, 'PROTO-PICKUP-005', `a delivery-request was answered by a status counting ${String(count)} messages instead of a delivery`);
      if (count !== 0) this.#withheld = true;
      return [];
    }
    must(answer.message!.type === DELIVERY, 'PROTO-PICKUP-005', `a delivery-request was answered with ${answer.message!.type}`);
    // Over the limit is checked here as what the page says it is, a SHOULD of the mediator ("SHOULD deliver up to
    // the limit indicated"); the digest's level text gives PROTO-PICKUP-005 a MUST for the requesting side.
    const findings = validateDelivery(answer.message!, request);
    mustHaveNoFindings(findings.filter((f) => f.requirement !== 'PROTO-PICKUP-005'), 'the delivery');
    const count = answer.message!.attachments?.length ?? 0;
    currentCase().should(count <= limit, 'PROTO-PICKUP-005', `a delivery of ${count} messages answered a delivery-request with limit ${limit}`);
    const items: Delivered[] = [];
    for (const { id, packed } of deliveredMessages(answer.message!)) {
      const inner = await unpackMessage(packed, this.agent.keys).catch(() => undefined);
      must(inner, 'PROTO-PICKUP-006', `delivered attachment ${id} is not a DIDComm encrypted message the harness forwarded`);
      items.push({ attachmentId: id, messageId: inner.message.id });
    }
    this.#judge(owner, items, recipientDid);
    return items;
  }

  #judge(owner: string, items: Delivered[], recipientDid: string | undefined): void {
    const ctx = currentCase();
    const inThisDelivery = new Set<string>();
    for (const { attachmentId, messageId } of items) {
      const k = key(owner, messageId);
      must(!inThisDelivery.has(attachmentId), 'PROTO-PICKUP-006', `one delivery names two messages with attachment id ${attachmentId}: ids are unique to the mediator`);
      inThisDelivery.add(attachmentId);
      const earlier = this.#ids.get(attachmentId);
      must(earlier === undefined || earlier === k, 'PROTO-PICKUP-006', `attachment id ${attachmentId} was given before to another ${earlier?.startsWith(`${owner} `) ? 'message' : 'owner\'s message'}: ids are unique to the mediator`);
      this.#ids.set(attachmentId, k);
      const recipient = this.#queued.get(k);
      must(recipient !== undefined, 'PROTO-PICKUP-008', `${short(owner)} was delivered message ${messageId}, which was queued for ${this.#ownerOf(messageId) ?? 'nobody it registered'}: each recipient's queue is its own`);
      must(recipientDid === undefined || recipient === recipientDid, 'PROTO-PICKUP-005', `a delivery for recipient_did ${short(recipientDid ?? '')} brought a message for ${short(recipient)}`);
      ctx.should(!this.#acknowledged.has(k), 'PROTO-PICKUP-007', `message ${messageId} was delivered again after ${short(owner)} acknowledged it with messages-received (the mediator can clear it then; the updated status SHOULD reflect it)`);
      this.#delivered.add(k);
    }
  }

  #ownerOf(messageId: string): string | undefined {
    const found = [...this.#queued.keys()].find((k) => k.endsWith(` ${messageId}`));
    return found ? short(found.split(' ')[0]!) : undefined;
  }

  /**
   * `owner` acknowledges `items` with messages-received (optionally naming `foreignIds` of someone else's too);
   * returns the mediator's answer. Refused with a problem report, nothing counts as acknowledged.
   */
  async acknowledge(owner: string, items: readonly Delivered[], foreignIds: readonly string[] = []): Promise<PlaintextMessage | undefined> {
    const ids = [...items.map((i) => i.attachmentId), ...foreignIds];
    const answer = await ask(this.agent, buildMessagesReceived({ from: owner, to: [this.mediator] }, ids), this.mediator);
    if (answer?.message?.type === PROBLEM_REPORT) return answer.message;
    for (const item of items) this.#acknowledged.add(key(owner, item.messageId));
    return answer?.message;
  }

  /**
   * Picks up everything of `owner`, `limit` at a time, acknowledging all but `holdBack` messages of the first
   * delivery (they must come again, PROTO-PICKUP-007), then everything, until a status says the queue is empty.
   */
  async drain(owner: string, limit: number, holdBack = 0, maxRounds = 12): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      const items = await this.pickUp(owner, limit);
      if (items.length === 0) return;
      const fresh = items.filter((i) => !this.#acknowledged.has(key(owner, i.messageId)));
      // A mediator that redelivers what was acknowledged would never empty: the warning is recorded, stop here;
      // what it has not delivered yet waits behind the acknowledged messages, it is not lost.
      if (fresh.length === 0) {
        this.#withheld = true;
        return;
      }
      await this.acknowledge(owner, round === 0 ? fresh.slice(0, Math.max(0, fresh.length - holdBack)) : fresh);
    }
  }

  /**
   * Every message queued for `owner` was delivered to it and acknowledged: one never delivered was lost from the
   * queue (PROTO-PICKUP-009: arrivals MUST be queued); one delivered but gone before it was acknowledged was
   * deleted too early (PROTO-PICKUP-007).
   */
  account(owner: string): void {
    for (const [k, recipient] of this.#queued) {
      if (!k.startsWith(`${owner} `) || this.#acknowledged.has(k) || (this.#optional.has(k) && !this.#delivered.has(k))) continue;
      const messageId = k.slice(owner.length + 1);
      if (this.#withheld && !this.#delivered.has(k)) continue;
      must(this.#delivered.has(k), 'PROTO-PICKUP-009', `message ${messageId}, forwarded to ${short(recipient)} and accepted, was never delivered: it was not kept in the queue`);
      must(false, 'PROTO-PICKUP-007', `message ${messageId} was delivered but not acknowledged, and the queue ran empty without delivering it again: deleted before messages-received`);
    }
  }
}
