/**
 * Empty 1.0 (spec §9.7 empty.md, PROTO-EMPTY-001) and the pure ACK it carries (ACK-001..004).
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { buildMessage, type Finding, type MessageHeaders } from '../message.js';

export const EMPTY_PIURI = 'https://didcomm.org/empty/1.0';
export const EMPTY = `${EMPTY_PIURI}/empty`;

/** An empty message (`body: {}`). */
export function buildEmpty(headers: MessageHeaders = {}): PlaintextMessage {
  return buildMessage(EMPTY, {}, headers);
}

/** A pure ACK of `ids` (ACK-004): an empty message with `ack`, never asking for an ACK itself (ACK-003). */
export function buildAck(ids: string[], headers: MessageHeaders = {}): PlaintextMessage {
  return buildMessage(EMPTY, {}, { ...headers, ack: ids });
}

/** True for a message that only acknowledges (an empty message with `ack`). */
export function isPureAck(message: PlaintextMessage): boolean {
  return message.type === EMPTY && Array.isArray(message['ack']);
}

/**
 * The ids `message` asks to be acknowledged (ACK-001): `please_ack` entries, `""` meaning the message
 * itself. A pure ACK's request is never honoured (ACK-003).
 */
export function ackRequested(message: PlaintextMessage): string[] {
  const please = message['please_ack'];
  if (!Array.isArray(please) || isPureAck(message)) return [];
  return please.filter((id): id is string => typeof id === 'string').map((id) => (id === '' ? message.id : id));
}

/** Rules an ACK of `acked` breaks (ACK-002..004). */
export function validateAck(message: PlaintextMessage, acked: string[]): Finding[] {
  const findings: Finding[] = [];
  const ack = message['ack'];
  if (!Array.isArray(ack)) return [{ requirement: 'ACK-002', message: 'no "ack" array' }];
  for (const id of acked) if (!ack.includes(id)) findings.push({ requirement: 'ACK-002', message: `"ack" does not list ${id}` });
  if (Array.isArray(message['please_ack']) && message['please_ack'].length > 0) findings.push({ requirement: 'ACK-003', message: 'a pure ACK asks for an ACK (loop)' });
  return findings;
}
