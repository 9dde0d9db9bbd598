/**
 * Broken mediators and rotators for `flawed.ts`: the reference agent with one storage or clock decision of its
 * mediator (src/agent/mediator.ts) or its DID rotation (src/agent/rotation.ts) made wrong, as real
 * implementations get them wrong. Each entry names the case that must catch it and the requirement and outcome
 * the verdict rule gives (adapters/faux/flaws.test.ts runs them): a MUST fails, a SHOULD warns.
 * @module
 */
import { Mediator, type Arrival, type QueuedMessage } from '../../src/agent/mediator.js';
import { RotationState } from '../../src/agent/rotation.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import type { RequirementId } from '../../src/spec/requirements.js';

type Keys = Parameters<RotationState['begin']>[0];

/** Acknowledgements remove the listed ids from every queue, whoever owns it. */
class AckAnyOwner extends Mediator {
  protected override acknowledge(_requester: string, ids: ReadonlySet<string>): void {
    for (const [did, queue] of this.queues) this.queues.set(did, queue.filter((m) => !ids.has(m.id)));
  }
}

/** Delivers the whole queue whatever the `limit`. */
class IgnoresLimit extends Mediator {
  protected override forDelivery(dids: readonly string[]): QueuedMessage[] {
    return super.forDelivery(dids, Number.MAX_SAFE_INTEGER);
  }
}

/** Never clears what was acknowledged: acknowledged messages come again. */
class KeepsAcknowledged extends Mediator {
  protected override acknowledge(): void {}
}

/** Deletes messages as it delivers them, before any acknowledgement. */
class DropsDelivered extends Mediator {
  protected override forDelivery(dids: readonly string[], limit: number): QueuedMessage[] {
    const batch = super.forDelivery(dids, limit);
    for (const did of dids) this.queues.set(did, (this.queues.get(did) ?? []).filter((m) => !batch.includes(m)));
    return batch;
  }
}

/** The attachment id the forward's sender chose becomes the delivery's attachment id. */
class ForwardIds extends Mediator {
  protected override enqueue(recipient: string, message: QueuedMessage, arrival?: Arrival): void {
    const chosen = arrival?.forward.attachments?.[arrival.attachment]?.id;
    super.enqueue(recipient, chosen ? { ...message, id: String(chosen) } : message, arrival);
  }
}

/** Takes a forward whose attachment id it already queued for that recipient as a retransmission, and drops it. */
class DedupByAttachmentId extends Mediator {
  readonly #seen = new Set<string>();
  protected override enqueue(recipient: string, message: QueuedMessage, arrival?: Arrival): void {
    const chosen = arrival?.forward.attachments?.[arrival.attachment]?.id;
    const key = `${recipient} ${String(chosen)}`;
    if (chosen !== undefined && this.#seen.has(key)) return;
    this.#seen.add(key);
    super.enqueue(recipient, message, arrival);
  }
}

/** One queue for everyone: a delivery-request gets whatever is queued, for any owner. */
class OneQueue extends Mediator {
  protected override forDelivery(_dids: readonly string[], limit: number): QueuedMessage[] {
    return super.forDelivery([...this.queues.keys()], limit);
  }
}

/** Reads a forward's `expires_time` as milliseconds: every expiring forward looks long expired and is dropped. */
class ExpiryInMilliseconds extends Mediator {
  protected override enqueue(recipient: string, message: QueuedMessage, arrival?: Arrival): void {
    const expires = arrival?.forward.expires_time;
    if (typeof expires === 'number' && expires < Date.now()) return;
    super.enqueue(recipient, message, arrival);
  }
}

/** Signs `from_prior` with an `iat` an hour before the rotation (a cached or stale clock). */
class StaleIat extends RotationState {
  override begin(keys: Keys, oldDid: string, newDid: string, iat: number): Promise<string> {
    return super.begin(keys, oldDid, newDid, iat - 3600);
  }
}

/** Puts `iat` in milliseconds. */
class IatInMilliseconds extends RotationState {
  override begin(keys: Keys, oldDid: string, newDid: string, iat: number): Promise<string> {
    return super.begin(keys, oldDid, newDid, iat * 1000);
  }
}

/**
 * Stamps `from_prior` with the time of each message rather than of the rotation: the rotation message carries the
 * right `iat`, every later one a JWT signed as if re-issued seconds later.
 */
class IatPerMessage extends RotationState {
  readonly #later = new Map<string, string>();
  readonly #used = new Set<string>();
  override async begin(keys: Keys, oldDid: string, newDid: string, iat: number): Promise<string> {
    const reissued = await super.begin(keys, oldDid, newDid, iat + 5);
    this.#later.set(newDid, reissued);
    return super.begin(keys, oldDid, newDid, iat);
  }

  override withFromPrior(message: PlaintextMessage): PlaintextMessage {
    const from = message.from;
    if (!from || !this.#later.has(from) || !this.pendingFromPrior.has(from)) return super.withFromPrior(message);
    if (this.#used.has(from)) this.pendingFromPrior.set(from, this.#later.get(from)!);
    this.#used.add(from);
    return super.withFromPrior(message);
  }
}

/** Takes a rotation only while its `iat` is fresh (five minutes), as if `iat` dated the message. */
class FreshRotationsOnly extends RotationState {
  override observe(...[message, metadata, own]: Parameters<RotationState['observe']>): ReturnType<RotationState['observe']> {
    const iat = metadata.fromPrior?.iat;
    const stale = typeof iat === 'number' && iat < Math.floor(Date.now() / 1000) - 300;
    return super.observe(message, stale ? { ...metadata, fromPrior: undefined } : metadata, own);
  }
}

/** A flaw: what it breaks, and where the suites must catch it. */
export interface Flaw {
  description: string;
  mediator?: (now: () => number) => Mediator;
  rotation?: () => RotationState;
  caught: { caseId: string; requirement: RequirementId; outcome: 'failed' | 'warning'; suite: string };
}

const LOAD = 'routing/pickup-load.test.ts';

export const FLAWS: Record<string, Flaw> = {
  'mediator-ack-any-owner': {
    description: 'messages-received removes the listed ids from every owner\'s queue',
    mediator: (now) => new AckAnyOwner(now),
    caught: { caseId: 'routing.mediator.pickup-foreign-acknowledgement', requirement: 'PROTO-PICKUP-007', outcome: 'failed', suite: LOAD },
  },
  'mediator-ignores-limit': {
    description: 'delivers the whole queue whatever the delivery-request limit (a SHOULD)',
    mediator: (now) => new IgnoresLimit(now),
    caught: { caseId: 'routing.mediator.pickup-limit-batches', requirement: 'PROTO-PICKUP-005', outcome: 'warning', suite: LOAD },
  },
  'mediator-keeps-acknowledged': {
    description: 'never clears acknowledged messages, so they are delivered again (the page says it can clear them; the updated status SHOULD show it)',
    mediator: (now) => new KeepsAcknowledged(now),
    caught: { caseId: 'routing.mediator.pickup-limit-batches', requirement: 'PROTO-PICKUP-007', outcome: 'warning', suite: LOAD },
  },
  'mediator-drops-delivered': {
    description: 'deletes messages when it delivers them, before messages-received',
    mediator: (now) => new DropsDelivered(now),
    caught: { caseId: 'routing.mediator.pickup-limit-batches', requirement: 'PROTO-PICKUP-007', outcome: 'failed', suite: LOAD },
  },
  'mediator-forward-ids': {
    description: 'reuses the attachment id of the incoming forward as the delivery attachment id',
    mediator: (now) => new ForwardIds(now),
    caught: { caseId: 'routing.mediator.pickup-shared-attachment-ids', requirement: 'PROTO-PICKUP-006', outcome: 'failed', suite: LOAD },
  },
  'mediator-dedup-attachment-id': {
    description: 'drops a forward whose attachment id it already queued for that recipient, as a retransmission',
    mediator: (now) => new DedupByAttachmentId(now),
    caught: { caseId: 'routing.mediator.pickup-shared-attachment-ids', requirement: 'PROTO-PICKUP-009', outcome: 'failed', suite: LOAD },
  },
  'mediator-one-queue': {
    description: 'delivers whatever is queued, for any owner, to whoever asks',
    mediator: (now) => new OneQueue(now),
    caught: { caseId: 'routing.mediator.pickup-shared-attachment-ids', requirement: 'PROTO-PICKUP-008', outcome: 'failed', suite: LOAD },
  },
  'mediator-local-time': {
    description: 'reports status times from a clock an hour off UTC (local time taken for UTC)',
    mediator: (now) => new Mediator(() => now() + 3600),
    caught: { caseId: 'routing.mediator.pickup-limit-batches', requirement: 'PROTO-PICKUP-003', outcome: 'failed', suite: LOAD },
  },
  'mediator-expiry-millis': {
    description: 'reads a forward\'s expires_time as milliseconds and drops every expiring forward as expired',
    mediator: (now) => new ExpiryInMilliseconds(now),
    caught: { caseId: 'routing.mediator.forward-expires-time', requirement: 'PROTO-PICKUP-009', outcome: 'failed', suite: LOAD },
  },
  'rotation-stale-iat': {
    description: 'signs from_prior with an iat an hour before the rotation',
    rotation: () => new StaleIat(),
    caught: { caseId: 'rotation.sender.from-prior', requirement: 'ROT-003', outcome: 'failed', suite: 'rotation/from-prior.test.ts' },
  },
  'rotation-iat-millis': {
    description: 'puts from_prior iat in milliseconds',
    rotation: () => new IatInMilliseconds(),
    caught: { caseId: 'rotation.sender.from-prior', requirement: 'ROT-003', outcome: 'failed', suite: 'rotation/from-prior.test.ts' },
  },
  'rotation-iat-per-message': {
    description: 'stamps each later from_prior with the time of its message, not of the rotation',
    rotation: () => new IatPerMessage(),
    caught: { caseId: 'rotation.sender.from-prior-until-answered', requirement: 'ROT-003', outcome: 'failed', suite: 'rotation/sender-continuity.test.ts' },
  },
  'rotation-fresh-iat-only': {
    description: 'ignores a rotation whose iat is more than five minutes old, as if iat dated the message',
    rotation: () => new FreshRotationsOnly(),
    caught: { caseId: 'rotation.receiver.rotated-long-ago', requirement: 'ROT-007', outcome: 'failed', suite: 'rotation/from-prior.test.ts' },
  },
};
