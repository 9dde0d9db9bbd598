/**
 * What every didcomm.org protocol module shares: fresh message ids, the reply pattern (THR-004), and
 * findings (a requirement ID with what was wrong) that the checks return instead of throwing. The shape of
 * each message is its JSON Schema's (src/schema/protocols/); what stays here is what one message cannot
 * show on its own: threads across messages and headers whose rule depends on the transport.
 * @module
 */
import { randomBytes } from '../../crypto/random.js';
import type { PlaintextMessage } from '../types.js';
import { isUnreservedIdentifier } from '../plaintext/identifiers.js';
import type { RequirementId } from '../../spec/requirements.js';

/** One rule a message breaks. */
export interface Finding {
  requirement: RequirementId;
  message: string;
  /** `should` when the finding breaks only the SHOULD part of an entry whose level text also holds a MUST. */
  strength?: 'should';
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

/**
 * Why no reply to `request` can be sent on its thread, or undefined when one can. A reply carries the
 * request's thread ids (THR-004), and a sender's must obey ENV-PLAIN-003 (THR-001); a receiver accepts ids
 * that break it (a rule the reference holds only in the strict profile), so such a request is taken but cannot
 * be answered conformantly.
 */
export function unanswerableThread(request: PlaintextMessage): string | undefined {
  const { thid, pthid } = replyHeaders(request);
  for (const [name, value] of [['thid', thid], ['pthid', pthid]] as const) {
    if (value !== undefined && !isUnreservedIdentifier(value)) {
      return `a reply's "${name}" would be ${JSON.stringify(value).slice(0, 80)}, outside the unreserved URI set (THR-001)`;
    }
  }
  return undefined;
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

/**
 * `return_route: "all"` on a request that needs its answer on the connection (PROTO-PICKUP-001; the
 * coordinate-mediation page says the same). Code, not schema: over a WebSocket it is needed only once per
 * connection, so whether a message needs it depends on how it came.
 */
export function checkReturnRoute(message: PlaintextMessage, requirement: RequirementId): Finding[] {
  return message['return_route'] === 'all' ? [] : [{ requirement, message: `"return_route" is ${JSON.stringify(message['return_route'])}, expected "all" (PITFALLS 16)` }];
}

/** The message type URI `piuri/name` (PIURI-002). */
export function messageType(piuri: string, name: string): string {
  return `${piuri}/${name}`;
}
