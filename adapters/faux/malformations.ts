/**
 * One deliberately malformed message per protocol the live suites use, for `--fault malformed`: the agent is
 * the reference agent, except that each message of these types leaves it broken in one place. Each entry
 * names the requirement the protocol page states and the JSON pointer a schema check must report, and the
 * live case in which the harness first takes such a message (adapters/faux/malformed.test.ts runs them).
 * The verdict rule reads each at its level: a MUST fails the case; coordinate-mediation's update rule is a
 * SHOULD in the digest (PROTO-MED-003), so that case ends `warning`.
 * @module
 */
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import { PING_RESPONSE } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { DISCLOSE } from '../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { BASIC_MESSAGE } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { PROBLEM_REPORT } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { EMPTY } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import { INVITATION } from '../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { DELIVERY_REQUEST } from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { RECIPIENT_UPDATE } from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { FORWARD_TYPE } from '../../src/didcomm/routing/forward.js';
import { HEADERS_SCHEMA, messageSchemaFor } from '../../src/schema/protocol-messages.js';

/** How one message type is broken, and what the harness must say about it. */
export interface Malformation {
  type: string;
  /** The broken copy of a well-formed message. */
  breaks: (message: PlaintextMessage) => PlaintextMessage;
  requirement: RequirementId;
  pointer: string;
  /** The case that takes the message first. */
  caseId: string;
  /** The schema that finds it: the shared headers schema, or by default the message type's own. */
  schema?: 'headers';
}

const body = (message: PlaintextMessage): Record<string, unknown> => ({ ...(message.body ?? {}) });

export const MALFORMATIONS: readonly Malformation[] = [
  {
    type: PING_RESPONSE, requirement: 'THR-002', pointer: '/thid', caseId: 'protocols.receiver.trust-ping',
    breaks: ({ thid: _dropped, ...m }) => m as PlaintextMessage,
  },
  {
    type: DISCLOSE, requirement: 'PROTO-DF-004', pointer: '/body/disclosures', caseId: 'protocols.responder.discover-features',
    breaks: (m) => ({ ...m, body: { disclosures: Object.fromEntries(((body(m)['disclosures'] ?? []) as Array<{ id: string }>).map((d) => [d.id, d])) } }),
  },
  {
    type: BASIC_MESSAGE, requirement: 'PROTO-BM-002', pointer: '/created_time', caseId: 'protocols.sender.basicmessage',
    breaks: ({ created_time: _dropped, ...m }) => m as PlaintextMessage,
  },
  {
    type: PROBLEM_REPORT, requirement: 'PROB-008', pointer: '/body/code', caseId: 'protocols.notifier.report-problem-sent',
    breaks: (m) => ({ ...m, body: { ...body(m), code: String(body(m)['code']).toUpperCase() } }),
  },
  {
    // The page's own rule (an empty body, PROTO-EMPTY-001) is INFO in the digest; the headers an empty
    // message exists to carry are held to MUSTs (a web_redirect status is an ACK status, PROTO-OOB-007).
    type: EMPTY, requirement: 'PROTO-OOB-007', pointer: '/web_redirect/status', caseId: 'protocols.sender.empty-please-ack', schema: 'headers',
    breaks: (m) => ({ ...m, web_redirect: { status: 'DONE', redirectUrl: 'https://example.org/done' } }),
  },
  {
    type: INVITATION, requirement: 'PROTO-OOB-001', pointer: '/from', caseId: 'protocols.inviter.out-of-band',
    breaks: ({ from: _dropped, ...m }) => m as PlaintextMessage,
  },
  {
    type: DELIVERY_REQUEST, requirement: 'PROTO-PICKUP-005', pointer: '/body/limit', caseId: 'routing.recipient.pickup-requests',
    breaks: (m) => ({ ...m, body: { ...body(m), limit: 'ten' } }),
  },
  {
    type: RECIPIENT_UPDATE, requirement: 'PROTO-MED-003', pointer: '/body/updates/0/action', caseId: 'routing.recipient.mediate-request',
    breaks: (m) => ({ ...m, body: { updates: ((body(m)['updates'] ?? []) as Array<Record<string, unknown>>).map((u) => ({ ...u, action: 'insert' })) } }),
  },
  {
    type: FORWARD_TYPE, requirement: 'ROUTE-002', pointer: '/body/next', caseId: 'routing.sender.one-mediator-did-endpoint',
    breaks: (m) => ({ ...m, body: {} }),
  },
];

/** The `$id` of the schema that must report `malformation`. */
export function schemaIdOf(malformation: Malformation): string {
  return malformation.schema === 'headers' ? HEADERS_SCHEMA.$id : messageSchemaFor(malformation.type)!.$id;
}

/** The message broken as its type's entry says (others unchanged). */
export function malform(message: PlaintextMessage): PlaintextMessage {
  const entry = MALFORMATIONS.find((m) => m.type === message.type);
  return entry ? entry.breaks(message) : message;
}
