/**
 * Message Pickup 3.0 (protocols/messagepickup/3.0, PROTO-PICKUP-001..010): status-request/status,
 * delivery-request/delivery, messages-received, live-delivery-change. `return_route: "all"` on every
 * recipient request (PROTO-PICKUP-001).
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, checkEpochSeconds, checkReplyThread, checkType, type Finding, type MessageHeaders } from '../message.js';

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

/** Rules a recipient's pickup request breaks (PROTO-PICKUP-001, -005, -007, -009). */
export function validatePickupRequest(message: PlaintextMessage): Finding[] {
  const findings: Finding[] = [];
  if (message['return_route'] !== 'all') findings.push({ requirement: 'PROTO-PICKUP-001', message: `"return_route" is ${JSON.stringify(message['return_route'])}, expected "all"` });
  if (message.type === DELIVERY_REQUEST && !Number.isInteger(bodyOf(message)['limit'])) findings.push({ requirement: 'PROTO-PICKUP-005', message: '"body.limit" is REQUIRED' });
  if (message.type === MESSAGES_RECEIVED && !Array.isArray(bodyOf(message)['message_id_list'])) findings.push({ requirement: 'PROTO-PICKUP-007', message: '"body.message_id_list" is not an array' });
  if (message.type === LIVE_DELIVERY_CHANGE && typeof bodyOf(message)['live_delivery'] !== 'boolean') findings.push({ requirement: 'PROTO-PICKUP-009', message: '"body.live_delivery" is not a boolean' });
  return findings;
}

/** Rules a status breaks (PROTO-PICKUP-002, -003); `recipientDid` = the one the request named. */
export function validateStatus(message: PlaintextMessage, recipientDid?: string): Finding[] {
  const findings = checkType(message, STATUS, 'PROTO-PICKUP-003');
  const body = bodyOf(message);
  if (!Number.isInteger(body['message_count']) || (body['message_count'] as number) < 0) findings.push({ requirement: 'PROTO-PICKUP-003', message: '"body.message_count" is REQUIRED (a non-negative integer)' });
  for (const time of ['newest_received_time', 'oldest_received_time'] as const) {
    if (body[time] !== undefined) findings.push(...checkEpochSeconds(body[time], time, 'PROTO-PICKUP-003'));
  }
  if (recipientDid !== undefined && body['recipient_did'] !== recipientDid) findings.push({ requirement: 'PROTO-PICKUP-002', message: `"body.recipient_did" is ${JSON.stringify(body['recipient_did'])}, expected ${recipientDid}` });
  return findings;
}

/** Rules a delivery answering `request` breaks (PROTO-PICKUP-006). */
export function validateDelivery(message: PlaintextMessage, request: PlaintextMessage): Finding[] {
  const findings = [...checkType(message, DELIVERY, 'PROTO-PICKUP-006'), ...checkReplyThread(message, request, 'PROTO-PICKUP-006')];
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) findings.push({ requirement: 'PROTO-PICKUP-006', message: 'a delivery without attachments' });
  const limit = bodyOf(request)['limit'];
  if (Number.isInteger(limit) && attachments.length > (limit as number)) findings.push({ requirement: 'PROTO-PICKUP-005', message: `${attachments.length} messages delivered, limit was ${String(limit)}` });
  for (const a of attachments) {
    if (typeof a.id !== 'string') findings.push({ requirement: 'PROTO-PICKUP-006', message: 'a delivered attachment has no "id"' });
    if (typeof a.data?.base64 !== 'string') findings.push({ requirement: 'PROTO-PICKUP-006', message: `attachment ${String(a.id)} is not data.base64` });
  }
  const requested = bodyOf(request)['recipient_did'];
  if (requested === undefined && bodyOf(message)['recipient_did'] !== undefined) findings.push({ requirement: 'PROTO-PICKUP-006', message: '"recipient_did" present though the request did not name one' });
  return findings;
}
