/**
 * Message Pickup 3.0 (protocols/messagepickup/3.0, PROTO-PICKUP-001..010): status-request/status,
 * delivery-request/delivery, messages-received, live-delivery-change. `return_route: "all"` on every
 * recipient request (PROTO-PICKUP-001).
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, checkReplyThread, checkReturnRoute, type Finding, type MessageHeaders } from '../message.js';

export const PICKUP_PIURI = 'https://didcomm.org/messagepickup/3.0';
export const STATUS_REQUEST = `${PICKUP_PIURI}/status-request`;
export const STATUS = `${PICKUP_PIURI}/status`;
export const DELIVERY_REQUEST = `${PICKUP_PIURI}/delivery-request`;
export const DELIVERY = `${PICKUP_PIURI}/delivery`;
export const MESSAGES_RECEIVED = `${PICKUP_PIURI}/messages-received`;
export const LIVE_DELIVERY_CHANGE = `${PICKUP_PIURI}/live-delivery-change`;

const RR = { return_route: 'all' } as const;

export function buildStatusRequest(headers: MessageHeaders, recipientDid?: string): PlaintextMessage {
  return buildMessage(STATUS_REQUEST, recipientDid ? { recipient_did: recipientDid } : {}, { ...RR, ...headers });
}

export function buildDeliveryRequest(headers: MessageHeaders, limit: number, recipientDid?: string): PlaintextMessage {
  return buildMessage(DELIVERY_REQUEST, { limit, ...(recipientDid ? { recipient_did: recipientDid } : {}) }, { ...RR, ...headers });
}

export function buildMessagesReceived(headers: MessageHeaders, ids: string[]): PlaintextMessage {
  return buildMessage(MESSAGES_RECEIVED, { message_id_list: ids }, { ...RR, ...headers });
}

export function buildLiveDeliveryChange(headers: MessageHeaders, live: boolean): PlaintextMessage {
  return buildMessage(LIVE_DELIVERY_CHANGE, { live_delivery: live }, { ...RR, ...headers });
}

/** What a status reports (PROTO-PICKUP-003). */
export interface StatusBody {
  message_count: number;
  recipient_did?: string;
  longest_waited_seconds?: number;
  newest_received_time?: number;
  oldest_received_time?: number;
  total_bytes?: number;
  live_delivery?: boolean;
}

export function buildStatus(body: StatusBody, headers: MessageHeaders): PlaintextMessage {
  return buildMessage(STATUS, body as unknown as Record<string, unknown>, headers);
}

/** A delivery of queued messages (PROTO-PICKUP-006: attachment `data.base64` = the encrypted message). */
export function buildDelivery(messages: Array<{ id: string; packed: string }>, headers: MessageHeaders, recipientDid?: string): PlaintextMessage {
  return buildMessage(DELIVERY, recipientDid ? { recipient_did: recipientDid } : {}, {
    ...headers,
    attachments: messages.map(({ id, packed }) => ({ id, data: { base64: Buffer.from(packed).toString('base64url') } })),
  });
}

/** The delivered messages: attachment id and the encrypted message as text. */
export function deliveredMessages(delivery: PlaintextMessage): Array<{ id: string; packed: string }> {
  return (delivery.attachments ?? []).map((a) => ({
    id: String(a.id),
    packed: typeof a.data.base64 === 'string' ? Buffer.from(a.data.base64, 'base64url').toString('utf8') : JSON.stringify(a.data.json),
  }));
}

/** A recipient's pickup request has `return_route: "all"` (PROTO-PICKUP-001); its body is the schema's. */
export function validatePickupRequest(message: PlaintextMessage): Finding[] {
  return checkReturnRoute(message, 'PROTO-PICKUP-001');
}

/** A status answering a request for `recipientDid` echoes it (PROTO-PICKUP-002); its shape is the schema's. */
export function validateStatus(message: PlaintextMessage, recipientDid?: string): Finding[] {
  const echoed = bodyOf(message)['recipient_did'];
  return recipientDid === undefined || echoed === recipientDid ? [] : [{ requirement: 'PROTO-PICKUP-002', message: `"body.recipient_did" is ${JSON.stringify(echoed)}, expected ${recipientDid}` }];
}

/**
 * What a delivery owes the `request` it answers (PROTO-PICKUP-005, -006): its thread, no more messages than
 * the limit, `recipient_did` only when asked. The attachments' shape is the schema's.
 */
export function validateDelivery(message: PlaintextMessage, request: PlaintextMessage): Finding[] {
  const findings = checkReplyThread(message, request, 'PROTO-PICKUP-006');
  const count = (message.attachments ?? []).length;
  const limit = bodyOf(request)['limit'];
  // The mediator SHOULD deliver up to the limit ("MUST S/SHOULD M"): over it is a warning, never a failure.
  if (Number.isInteger(limit) && count > (limit as number)) findings.push({ requirement: 'PROTO-PICKUP-005', message: `${count} messages delivered, limit was ${String(limit)}`, strength: 'should' });
  const requested = bodyOf(request)['recipient_did'];
  if (requested === undefined && bodyOf(message)['recipient_did'] !== undefined) findings.push({ requirement: 'PROTO-PICKUP-006', message: '"recipient_did" present though the request did not name one' });
  return findings;
}
