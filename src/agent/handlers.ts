/**
 * What the reference agent answers, per message type (the responder role of each protocol): trust ping,
 * discover features, basic message, problem reports, empty messages and ACKs; the answers to its own pings
 * and queries are taken without a reply; expired messages and unknown types get a problem report. Dispatch
 * compares types as PIURI-003 asks (same major version, names ignoring case), so a minor bump is understood
 * and another major is not.
 * @module
 */
import type { PlaintextMessage } from '../didcomm/types.js';
import { MTURI } from '../didcomm/plaintext/plaintext.js';
import { PING, PING_RESPONSE, buildPingResponse, wantsResponse } from '../didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { DISCLOSE, QUERIES, answerQueries, buildDisclose, type Feature } from '../didcomm/protocols/discover-features-2.0/discover-features.js';
import { BASIC_MESSAGE } from '../didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { PROBLEM_REPORT, buildProblemReport } from '../didcomm/protocols/report-problem-2.0/report-problem.js';
import { EMPTY, ackRequested, buildAck } from '../didcomm/protocols/empty-1.0/empty.js';
import { INVITATION } from '../didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { replyHeaders } from '../didcomm/protocols/message.js';

/** The message type a received `type` stands for when it is semver-compatible with a known one (PIURI-003). */
export function canonicalType(type: string, known: readonly string[]): string | undefined {
  const parts = MTURI.exec(type);
  if (!parts) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/[-_.]/g, '');
  return known.find((candidate) => {
    const k = MTURI.exec(candidate)!;
    return k[1] === parts[1] && norm(k[2]!) === norm(parts[2]!) && k[3]!.split('.')[0] === parts[3]!.split('.')[0] && norm(k[4]!) === norm(parts[4]!);
  });
}

/**
 * Types the agent handles itself: what it answers as a responder, and the answers to its own requests (it
 * discloses trust-ping's sender and discover-features' requester roles, src/agent/features.ts), which must not
 * be called unsupported.
 */
export const RESPONDER_TYPES = [PING, PING_RESPONSE, QUERIES, DISCLOSE, BASIC_MESSAGE, PROBLEM_REPORT, EMPTY, INVITATION] as const;

/** The replies the agent sends for `message` (already canonicalized `type`); never throws. */
export function respond(message: PlaintextMessage, type: string | undefined, features: Feature[], now: number): PlaintextMessage[] {
  // TIME-001/-002: an expired message gets `e.p.req.time` and no other answer (PITFALLS 24).
  if (typeof message.expires_time === 'number' && message.expires_time < now && type !== PROBLEM_REPORT) {
    return message.from ? [buildProblemReport('e.p.req.time', message, [String(message.expires_time)])] : [];
  }
  const replies: PlaintextMessage[] = [];
  switch (type) {
    case PING:
      if (wantsResponse(message)) replies.push(buildPingResponse(message));
      break;
    case QUERIES:
      replies.push(buildDisclose(message, answerQueries(message, features)));
      break;
    case PING_RESPONSE:
    case DISCLOSE:
    case BASIC_MESSAGE:
    case PROBLEM_REPORT:
    case EMPTY:
    case INVITATION:
      break;
    default:
      // An unknown message type, or an unsupported major version (PITFALLS 25).
      if (message.from) return [buildProblemReport('e.p.msg.unsupported', message, [message.type])];
      return [];
  }
  // ACK-001..004: honour please_ack once, on the first reply when there is one, else with a pure ACK.
  const acked = ackRequested(message);
  if (acked.length > 0 && message.from) {
    if (replies[0]) replies[0]['ack'] = acked;
    else replies.push(buildAck(acked, replyHeaders(message)));
  }
  return replies;
}
