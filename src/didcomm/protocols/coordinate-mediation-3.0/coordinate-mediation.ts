/**
 * Coordinate Mediation 3.0 (protocols/coordinate-mediation/3.0, PROTO-MED-001..006): mediate-request →
 * mediate-grant {routing_did} | mediate-deny; recipient-update → recipient-update-response;
 * recipient-query → recipient. Requests carry `return_route: "all"` (PITFALLS 16).
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, checkReplyThread, checkType, replyHeaders, type Finding, type MessageHeaders } from '../message.js';

export const COORDINATE_MEDIATION_PIURI = 'https://didcomm.org/coordinate-mediation/3.0';
export const MEDIATE_REQUEST = `${COORDINATE_MEDIATION_PIURI}/mediate-request`;
export const MEDIATE_GRANT = `${COORDINATE_MEDIATION_PIURI}/mediate-grant`;
export const MEDIATE_DENY = `${COORDINATE_MEDIATION_PIURI}/mediate-deny`;
export const RECIPIENT_UPDATE = `${COORDINATE_MEDIATION_PIURI}/recipient-update`;
export const RECIPIENT_UPDATE_RESPONSE = `${COORDINATE_MEDIATION_PIURI}/recipient-update-response`;
export const RECIPIENT_QUERY = `${COORDINATE_MEDIATION_PIURI}/recipient-query`;
export const RECIPIENT = `${COORDINATE_MEDIATION_PIURI}/recipient`;

export type UpdateAction = 'add' | 'remove';
export type UpdateResult = 'client_error' | 'server_error' | 'no_change' | 'success';

const RR = { return_route: 'all' } as const;

export function buildMediateRequest(headers: MessageHeaders): PlaintextMessage {
  return buildMessage(MEDIATE_REQUEST, {}, { ...RR, ...headers });
}

/** A grant; `form` `string` gives `routing_did` as a bare DID, as some mediators do (PROTO-MED-002). */
export function buildMediateGrant(request: PlaintextMessage, routingDid: string, form: 'array' | 'string' = 'array'): PlaintextMessage {
  return buildMessage(MEDIATE_GRANT, { routing_did: form === 'array' ? [routingDid] : routingDid }, replyHeaders(request));
}

export function buildMediateDeny(request: PlaintextMessage): PlaintextMessage {
  return buildMessage(MEDIATE_DENY, {}, replyHeaders(request));
}

export function buildRecipientUpdate(headers: MessageHeaders, updates: Array<{ recipient_did: string; action: UpdateAction }>): PlaintextMessage {
  return buildMessage(RECIPIENT_UPDATE, { updates }, { ...RR, ...headers });
}

export function buildRecipientUpdateResponse(request: PlaintextMessage, updated: Array<{ recipient_did: string; action: UpdateAction; result: UpdateResult }>): PlaintextMessage {
  return buildMessage(RECIPIENT_UPDATE_RESPONSE, { updated }, replyHeaders(request));
}

/** PROTO-MED-005: `paginate`, when present, has both `limit` and `offset`. */
export interface Paginate {
  limit: number;
  offset: number;
}

/** PROTO-MED-005: `pagination`, when present, has `count`, `offset` and `remaining`. */
export interface Pagination {
  count: number;
  offset: number;
  remaining: number;
}

export function buildRecipientQuery(headers: MessageHeaders, paginate?: Paginate): PlaintextMessage {
  return buildMessage(RECIPIENT_QUERY, paginate ? { paginate } : {}, { ...RR, ...headers });
}

export function buildRecipient(request: PlaintextMessage, dids: string[], pagination?: Pagination): PlaintextMessage {
  return buildMessage(RECIPIENT, { dids: dids.map((recipient_did) => ({ recipient_did })), ...(pagination ? { pagination } : {}) }, replyHeaders(request));
}

/** The recipient DIDs a `recipient` message lists. */
export function listedRecipients(message: PlaintextMessage): string[] {
  const dids = bodyOf(message)['dids'];
  return Array.isArray(dids) ? dids.map((d: Record<string, unknown>) => d?.['recipient_did']).filter((d): d is string => typeof d === 'string') : [];
}

/** Rules a `recipient` answering `request` breaks (PROTO-MED-005). */
export function validateRecipient(message: PlaintextMessage, request: PlaintextMessage): Finding[] {
  const findings = [...checkType(message, RECIPIENT, 'PROTO-MED-005'), ...checkReplyThread(message, request, 'THR-004')];
  const dids = bodyOf(message)['dids'];
  if (!Array.isArray(dids) || dids.some((d: Record<string, unknown>) => typeof d?.['recipient_did'] !== 'string')) {
    findings.push({ requirement: 'PROTO-MED-005', message: `"body.dids" is not [{recipient_did}]: ${JSON.stringify(dids)}` });
  }
  const pagination = bodyOf(message)['pagination'] as Record<string, unknown> | undefined;
  if (pagination !== undefined && !['count', 'offset', 'remaining'].every((k) => Number.isInteger(pagination?.[k]))) {
    findings.push({ requirement: 'PROTO-MED-005', message: `"body.pagination" lacks an integer count, offset or remaining: ${JSON.stringify(pagination)}` });
  }
  return findings;
}

/** The routing DID of a grant, array (as the page shows) or string (as some implement it, PROTO-MED-002). */
export function routingDidOf(grant: PlaintextMessage): string | undefined {
  const value = bodyOf(grant)['routing_did'];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Rules a mediation request breaks: the type and `return_route: "all"` (PROTO-MED-001, PITFALLS 16). */
export function validateMediationRequest(message: PlaintextMessage, type: string): Finding[] {
  const findings = checkType(message, type, 'PROTO-MED-001');
  if (message['return_route'] !== 'all') findings.push({ requirement: 'PROTO-MED-001', message: `"return_route" is ${JSON.stringify(message['return_route'])}; coordinate-mediation needs "all" (PITFALLS 16)` });
  if (type === RECIPIENT_UPDATE) {
    const updates = bodyOf(message)['updates'];
    if (!Array.isArray(updates) || updates.some((u: Record<string, unknown>) => typeof u?.['recipient_did'] !== 'string' || !['add', 'remove'].includes(String(u?.['action'])))) {
      findings.push({ requirement: 'PROTO-MED-003', message: `"body.updates" is not [{recipient_did, action: add|remove}]: ${JSON.stringify(updates)}` });
    }
  }
  return findings;
}

/** Rules a grant or deny answering `request` breaks (PROTO-MED-001, -002). */
export function validateMediationAnswer(message: PlaintextMessage, request: PlaintextMessage): Finding[] {
  const findings = checkReplyThread(message, request, 'THR-004');
  if (message.type === MEDIATE_DENY) return findings;
  findings.push(...checkType(message, MEDIATE_GRANT, 'PROTO-MED-001'));
  const did = routingDidOf(message);
  if (!did?.startsWith('did:')) findings.push({ requirement: 'PROTO-MED-002', message: `"body.routing_did" is not a DID: ${JSON.stringify(bodyOf(message)['routing_did'])}` });
  return findings;
}

/** Rules a recipient-update-response answering `request` breaks (PROTO-MED-004). */
export function validateRecipientUpdateResponse(message: PlaintextMessage, request: PlaintextMessage): Finding[] {
  const findings = [...checkType(message, RECIPIENT_UPDATE_RESPONSE, 'PROTO-MED-004'), ...checkReplyThread(message, request, 'THR-004')];
  const updated = bodyOf(message)['updated'];
  const asked = (bodyOf(request)['updates'] ?? []) as Array<{ recipient_did: string; action: string }>;
  if (!Array.isArray(updated)) return [...findings, { requirement: 'PROTO-MED-004', message: '"body.updated" is not an array' }];
  for (const u of asked) {
    const answer = (updated as Array<Record<string, unknown>>).find((x) => x['recipient_did'] === u.recipient_did && x['action'] === u.action);
    if (!answer) findings.push({ requirement: 'PROTO-MED-004', message: `no result for ${u.action} ${u.recipient_did}` });
    else if (!['client_error', 'server_error', 'no_change', 'success'].includes(String(answer['result']))) findings.push({ requirement: 'PROTO-MED-004', message: `result ${JSON.stringify(answer['result'])} is not one of client_error|server_error|no_change|success` });
  }
  return findings;
}
