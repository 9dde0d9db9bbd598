/**
 * What every didcomm.org protocol module shares: fresh message ids, the reply pattern (THR-004), and
 * findings (a requirement ID with what was wrong) that validators return instead of throwing, so a suite
 * can judge a message the harness observed on the wire against every rule at once.
 * @module
 */
import { randomBytes } from '../../crypto/random.js';
import type { PlaintextMessage } from '../types.js';
import type { RequirementId } from '../../spec/requirements.js';

/** One rule a message breaks. */
export interface Finding {
  requirement: RequirementId;
  message: string;
}

/** A fresh message id: 32 lower-case hex characters, unreserved and within 32 bytes (ENV-PLAIN-003). */
export function newMessageId(): string {
  return Buffer.from(randomBytes(16)).toString('hex');
}

/** Headers a builder accepts besides the body. */
export interface MessageHeaders {
  id?: string;
  from?: string;
  to?: string[];
  thid?: string;
  pthid?: string;
  created_time?: number;
  expires_time?: number;
  [header: string]: unknown;
}

/** A plaintext message of `type` with a fresh id unless one is given. */
export function buildMessage(type: string, body: Record<string, unknown> | undefined, headers: MessageHeaders = {}): PlaintextMessage {
  const { id, ...rest } = headers;
  const message: PlaintextMessage = { id: id ?? newMessageId(), type, ...rest };
  if (body !== undefined) message.body = body;
  for (const [key, value] of Object.entries(message)) if (value === undefined) delete message[key];
  return message;
}

/** Headers of a reply to `request` (THR-004): `thid` = the request's `thid`, or its `id` when it had none. */
export function replyHeaders(request: PlaintextMessage, extra: MessageHeaders = {}): MessageHeaders {
  return {
    thid: request.thid ?? request.id,
    ...(request.pthid ? { pthid: request.pthid } : {}),
    ...(request.to?.[0] ? { from: request.to[0] } : {}),
    ...(request.from ? { to: [request.from] } : {}),
    ...extra,
  };
}

/** The type check every validator starts with. */
export function checkType(message: PlaintextMessage, type: string, requirement: RequirementId): Finding[] {
  return message.type === type ? [] : [{ requirement, message: `"type" is ${JSON.stringify(message.type)}, expected ${type}` }];
}

/** THR-002/THR-004: a reply's `thid` names the request's thread. */
export function checkReplyThread(reply: PlaintextMessage, request: { id: string; thid?: string }, requirement: RequirementId = 'THR-002'): Finding[] {
  const expected = request.thid ?? request.id;
  return reply.thid === expected ? [] : [{ requirement, message: `"thid" is ${JSON.stringify(reply.thid)}, expected ${JSON.stringify(expected)} (the request's thread)` }];
}

/** `body` as an object, or undefined. */
export function bodyOf(message: PlaintextMessage): Record<string, unknown> {
  return typeof message.body === 'object' && message.body !== null && !Array.isArray(message.body) ? message.body : {};
}

/** Fails with a finding unless `value` is a non-negative integer (epoch seconds, TIME-002). */
export function checkEpochSeconds(value: unknown, name: string, requirement: RequirementId): Finding[] {
  if (!Number.isInteger(value) || (value as number) < 0) return [{ requirement, message: `"${name}" is not a non-negative integer: ${JSON.stringify(value)}` }];
  // Epoch milliseconds look like > 1e11 (PITFALLS 24, PROTO-PICKUP-011).
  if ((value as number) > 1e11) return [{ requirement, message: `"${name}" ${String(value)} looks like epoch milliseconds, not seconds` }];
  return [];
}

/** The message type URI `piuri/name` (PIURI-002). */
export function messageType(piuri: string, name: string): string {
  return `${piuri}/${name}`;
}
