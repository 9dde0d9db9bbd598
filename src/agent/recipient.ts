/**
 * The mediation recipient side of the reference agent: the answers of coordinate-mediation 3.0 and pickup
 * 3.0 it reads but never answers, and what it does with a pickup `delivery` (PROTO-PICKUP-006): each
 * attached message is taken as if it had arrived at its own endpoint, then all are acknowledged with
 * `messages-received` so the mediator may delete them (PROTO-PICKUP-007).
 * @module
 */
import type { PlaintextMessage } from '../didcomm/types.js';
import { DELIVERY, STATUS, buildMessagesReceived, deliveredMessages } from '../didcomm/protocols/messagepickup-3.0/messagepickup.js';
import {
  MEDIATE_DENY, MEDIATE_GRANT, RECIPIENT, RECIPIENT_UPDATE_RESPONSE, routingDidOf,
} from '../didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';

/** Answers a mediator sends a recipient; the recipient reads them and replies to none. */
const MEDIATION_ANSWERS: readonly string[] = [STATUS, DELIVERY, MEDIATE_GRANT, MEDIATE_DENY, RECIPIENT_UPDATE_RESPONSE, RECIPIENT];

export function isMediationAnswer(type: string): boolean {
  return MEDIATION_ANSWERS.includes(type);
}

/** The routing DID a grant gives, array or string alike (PROTO-MED-002), with the mediator that gave it. */
export function grantedRoute(message: PlaintextMessage): { mediator: string; routingDid: string } | undefined {
  if (message.type !== MEDIATE_GRANT || !message.from) return undefined;
  const routingDid = routingDidOf(message);
  return routingDid ? { mediator: message.from, routingDid } : undefined;
}

/**
 * Takes every message of a `delivery` with `take`, in order, and returns the `messages-received` that
 * acknowledges them (none for an empty or unaddressed delivery). A message that cannot be read is
 * acknowledged too: keeping it queued would not make it readable.
 */
export async function takeDelivery(delivery: PlaintextMessage, take: (packed: string) => Promise<unknown>): Promise<PlaintextMessage | undefined> {
  const items = deliveredMessages(delivery);
  for (const item of items) await take(item.packed);
  const me = delivery.to?.[0];
  if (items.length === 0 || !delivery.from || !me) return undefined;
  return buildMessagesReceived({ from: me, to: [delivery.from] }, items.map((item) => item.id));
}
