/**
 * The protocol message schemas: every annotation names a registry requirement, every message the reference
 * builds conforms (so the reference cannot drift from the schemas it judges others by), and each kind of
 * malformation is found under the page's requirement with the JSON pointer of the violation.
 */
import { describe, expect, test } from 'vitest';
import { isRequirementId } from '../spec/requirements.js';
import { REQUIREMENT_KEYWORD } from './ajv.js';
import { checkProtocolMessage, HEADERS_SCHEMA, messageSchemaFor, PROTOCOL_MESSAGE_SCHEMAS } from './protocol-messages.js';
import type { PlaintextMessage } from '../didcomm/types.js';
import { buildPing, buildPingResponse } from '../didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildDisclose, buildQueries } from '../didcomm/protocols/discover-features-2.0/discover-features.js';
import { buildBasicMessage } from '../didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { buildEscalation, buildProblemReport, PROBLEM_COMMENTS } from '../didcomm/protocols/report-problem-2.0/report-problem.js';
import { buildAck, buildEmpty } from '../didcomm/protocols/empty-1.0/empty.js';
import { buildInvitation, requestAttachment } from '../didcomm/protocols/out-of-band-2.0/out-of-band.js';
import {
  buildDelivery, buildDeliveryRequest, buildLiveDeliveryChange, buildMessagesReceived, buildStatus, buildStatusRequest,
} from '../didcomm/protocols/messagepickup-3.0/messagepickup.js';
import {
  buildMediateDeny, buildMediateGrant, buildMediateRequest, buildRecipient, buildRecipientQuery, buildRecipientUpdate, buildRecipientUpdateResponse,
} from '../didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { buildForward } from '../didcomm/routing/forward.js';
import { agentFeatures } from '../agent/features.js';
import { MALFORMATIONS, schemaIdOf } from '../../adapters/faux/malformations.js';

const ALICE = 'did:example:alice';
const BOB = 'did:example:bob';
const headers = { from: ALICE, to: [BOB] };
const JWE = JSON.stringify({ protected: 'e30', recipients: [{ header: { kid: `${BOB}#k` }, encrypted_key: 'AA' }], iv: 'AA', ciphertext: 'AA', tag: 'AA' });

/** One message of every type the reference builds, as its builders make them. */
function referenceMessages(): PlaintextMessage[] {
  const ping = buildPing(headers);
  const queries = buildQueries([{ 'feature-type': 'protocol', match: '*' }], headers);
  const request = buildMediateRequest(headers);
  const update = buildRecipientUpdate(headers, [{ recipient_did: ALICE, action: 'add' }]);
  const deliveryRequest = buildDeliveryRequest(headers, 5, ALICE);
  const warning = buildProblemReport('w.p.xfer.slow', ping, ['x']);
  return [
    ping, buildPing(headers, false), buildPingResponse(ping),
    queries, buildDisclose(queries, agentFeatures(true)),
    buildBasicMessage('hello', headers),
    ...Object.keys(PROBLEM_COMMENTS).map((code) => buildProblemReport(code, ping, ['arg'])), warning, buildEscalation(warning),
    buildEmpty(headers), buildAck([ping.id], headers),
    buildInvitation(ALICE, { goal_code: 'org.example.test' }, [requestAttachment('request-0', ping)]),
    buildStatusRequest(headers), buildStatusRequest(headers, ALICE), deliveryRequest, buildMessagesReceived(headers, ['a', 'b']), buildLiveDeliveryChange(headers, true),
    buildStatus({ message_count: 2, recipient_did: ALICE, newest_received_time: 1_700_000_000, live_delivery: false }, headers),
    buildDelivery([{ id: 'm1', packed: JWE }], { ...headers, thid: deliveryRequest.id }, ALICE),
    request, buildMediateGrant(request, ALICE), buildMediateGrant(request, ALICE, 'string'), buildMediateDeny(request),
    update, buildRecipientUpdateResponse(update, [{ recipient_did: ALICE, action: 'add', result: 'success' }]),
    buildRecipientQuery(headers), buildRecipientQuery(headers, { limit: 2, offset: 0 }), buildRecipient(request, [ALICE], { count: 1, offset: 0, remaining: 0 }),
    buildForward(BOB, JWE, 'json'), buildForward(BOB, JWE, 'base64', 1_700_000_000),
  ];
}

function annotations(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) annotations(item, found);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === REQUIREMENT_KEYWORD) found.push(String(value));
      else annotations(value, found);
    }
  }
  return found;
}

describe('protocol message schemas', () => {
  test('every x-requirement names a registry requirement; one schema per message type', () => {
    for (const schema of [...PROTOCOL_MESSAGE_SCHEMAS, HEADERS_SCHEMA]) {
      for (const id of annotations(schema)) expect(isRequirementId(id), `${schema.$id}: ${id}`).toBe(true);
    }
    expect(new Set(PROTOCOL_MESSAGE_SCHEMAS.map((s) => s.$id)).size).toBe(PROTOCOL_MESSAGE_SCHEMAS.length);
  });

  test('the reference builds a message of every schema, and each conforms', () => {
    const messages = referenceMessages();
    for (const message of messages) expect(checkProtocolMessage(message), message.type).toEqual({ schemas: [messageSchemaFor(message.type)!.$id, HEADERS_SCHEMA.$id], violations: [] });
    const covered = new Set(messages.map((m) => messageSchemaFor(m.type)!.$id));
    expect(PROTOCOL_MESSAGE_SCHEMAS.filter((s) => !covered.has(s.$id)).map((s) => s.$id)).toEqual([]);
  });

  test('a minor version uses its major version\'s schema; another major or another doc-uri has none', () => {
    expect(messageSchemaFor('https://didcomm.org/trust-ping/2.1/ping')?.$id).toMatch(/trust-ping\/2\.0\/ping\.json$/);
    expect(messageSchemaFor('https://didcomm.org/trust-ping/3.0/ping')).toBeUndefined();
    expect(messageSchemaFor('https://example.org/trust-ping/2.0/ping')).toBeUndefined();
    expect(checkProtocolMessage({ id: '1', type: 'https://didcomm.org/trust-ping/2.1/ping', body: { response_requested: 1 } })?.violations)
      .toEqual([expect.objectContaining({ requirement: 'PROTO-PING-001', pointer: '/body/response_requested' })]);
  });

  test.each(MALFORMATIONS.map((m) => [m.type, m] as const))('%s broken by faux/malformed: %s', (type, malformation) => {
    const wellFormed = referenceMessages().find((m) => m.type === type)!;
    const violations = checkProtocolMessage(malformation.breaks(wellFormed))!.violations;
    expect(violations).toEqual([expect.objectContaining({ requirement: malformation.requirement, pointer: malformation.pointer, schema: schemaIdOf(malformation) })]);
  });

  test.each([
    ['a ping-response without thid', buildPingResponse(buildPing(headers)), (m: PlaintextMessage) => { delete m.thid; }, 'THR-002', '/thid'],
    ['a problem report without pthid', buildProblemReport('e.p.msg', buildPing(headers)), (m: PlaintextMessage) => { delete m.pthid; }, 'PROB-002', '/pthid'],
    ['a disclosure of a protocol that is no PIURI', buildDisclose(buildQueries([], headers), [{ 'feature-type': 'protocol', id: 'trust ping' }]), () => undefined, 'PIURI-001', '/body/disclosures/0/id'],
    ['a goal code without a reverse-domain prefix', buildDisclose(buildQueries([], headers), [{ 'feature-type': 'goal-code', id: 'issue-vc' }]), () => undefined, 'GOAL-001', '/body/disclosures/0/id'],
    ['roles on a header disclosure', buildDisclose(buildQueries([], headers), [{ 'feature-type': 'header', id: 'x', roles: ['a'] }]), () => undefined, 'PROTO-DF-004', '/body/disclosures/0/roles'],
    ['a grant whose routing_did is no DID', buildMediateGrant(buildMediateRequest(headers), 'mediator'), () => undefined, 'PROTO-MED-002', '/body/routing_did'],
    ['paginate without offset', buildRecipientQuery(headers, { limit: 1 } as never), () => undefined, 'PROTO-MED-005', '/body/paginate/offset'],
    ['a status time in milliseconds', buildStatus({ message_count: 0, oldest_received_time: 1_700_000_000_000 }, headers), () => undefined, 'PROTO-PICKUP-003', '/body/oldest_received_time'],
    ['a delivery attachment as data.json', buildDelivery([{ id: 'm1', packed: JWE }], { thid: 'x' }), (m: PlaintextMessage) => { m.attachments![0]!.data = { json: {} }; }, 'PROTO-PICKUP-006', '/attachments/0/data/base64'],
    ['a forward without attachments', buildForward(BOB, JWE), (m: PlaintextMessage) => { delete m.attachments; }, 'ROUTE-003', '/attachments'],
    ['a thid with reserved characters', buildPing({ ...headers, thid: 'a/b?c' }), () => undefined, 'THR-001', '/thid'],
    ['a web_redirect with an unknown status', buildEmpty({ ...headers, web_redirect: { status: 'DONE', redirectUrl: 'https://example.org' } }), () => undefined, 'PROTO-OOB-007', '/web_redirect/status'],
    ['a web_redirect without redirectUrl', buildEmpty({ ...headers, web_redirect: { status: 'OK' } }), () => undefined, 'PROTO-OOB-007', '/web_redirect/redirectUrl'],
    ['please_ack that is not an array', buildEmpty({ ...headers, please_ack: '' }), () => undefined, 'ACK-001', '/please_ack'],
  ])('%s violates %s at %s', (_what, message, change, requirement, pointer) => {
    change(message);
    expect(checkProtocolMessage(message)!.violations).toContainEqual(expect.objectContaining({ requirement, pointer }));
  });
});
