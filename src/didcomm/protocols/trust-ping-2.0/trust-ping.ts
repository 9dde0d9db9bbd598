/**
 * Trust Ping 2.0 (spec §9.8 trustping.md, PROTO-PING-001..003): `ping` with `body.response_requested`
 * (default true) and `ping-response` threaded to the ping.
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, checkReplyThread, replyHeaders, type Finding, type MessageHeaders } from '../message.js';

export const TRUST_PING_PIURI = 'https://didcomm.org/trust-ping/2.0';
export const PING = `${TRUST_PING_PIURI}/ping`;
export const PING_RESPONSE = `${TRUST_PING_PIURI}/ping-response`;

/** A ping; `responseRequested` false asks for no response (PROTO-PING-002). */
export function buildPing(headers: MessageHeaders, responseRequested = true): PlaintextMessage {
  return buildMessage(PING, { response_requested: responseRequested }, headers);
}

/** The response to `ping` (PROTO-PING-002: `thid` = ping id). */
export function buildPingResponse(ping: PlaintextMessage, headers: MessageHeaders = {}): PlaintextMessage {
  return buildMessage(PING_RESPONSE, {}, replyHeaders(ping, headers));
}

/** Whether a ping asks for a response: anything but an explicit `false` does (PROTO-PING-001). */
export function wantsResponse(ping: PlaintextMessage): boolean {
  return bodyOf(ping)['response_requested'] !== false;
}

/** A ping-response answers `ping` on its thread (PROTO-PING-002); its shape is the schema's. */
export function validatePingResponse(message: PlaintextMessage, ping: PlaintextMessage): Finding[] {
  const findings = message.type === PING_RESPONSE ? [] : [{ requirement: 'PROTO-PING-002' as const, message: `"type" is ${JSON.stringify(message.type)}, expected ${PING_RESPONSE}` }];
  return [...findings, ...checkReplyThread(message, ping, 'PROTO-PING-002')];
}
