/**
 * Coordinate Mediation 3.0 (protocols/coordinate-mediation/3.0, PROTO-MED-001..006): mediate-request →
 * mediate-grant {routing_did} | mediate-deny; recipient-update → recipient-update-response;
 * recipient-query → recipient. Requests carry `return_route: "all"` (PITFALLS 16).
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, checkReplyThread, checkReturnRoute, replyHeaders, type Finding, type MessageHeaders } from '../message.js';

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

/** A `recipient` answers `request` on its thread (THR-004); its shape is the schema's (PROTO-MED-005). */
export function validateRecipient(message: PlaintextMessage, request: PlaintextMessage): Finding[] {
  return checkReplyThread(message, request, 'THR-004');
}

/** The routing DID of a grant, array (as the page shows) or string (as some implement it, PROTO-MED-002). */
export function routingDidOf(grant: PlaintextMessage): string | undefined {
  const value = bodyOf(grant)['routing_did'];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** A mediation request has `return_route: "all"` (PROTO-MED-001, PITFALLS 16); its body is the schema's. */
export function validateMediationRequest(message: PlaintextMessage): Finding[] {
  return checkReturnRoute(message, 'PROTO-MED-001');
}

/** A grant or deny answers `request` on its thread (THR-004); the grant's `routing_did` is the schema's (PROTO-MED-002). */
export function validateMediationAnswer(message: PlaintextMessage, request: PlaintextMessage): Finding[] {
  return checkReplyThread(message, request, 'THR-004');
}

/** A recipient-update-response answers `request` on its thread with one result per update asked (PROTO-MED-004). */
export function validateRecipientUpdateResponse(message: PlaintextMessage, request: PlaintextMessage): Finding[] {
  const findings = checkReplyThread(message, request, 'THR-004');
  const updated = (bodyOf(message)['updated'] ?? []) as Array<Record<string, unknown>>;
  const asked = (bodyOf(request)['updates'] ?? []) as Array<{ recipient_did: string; action: string }>;
  for (const u of asked) {
    if (!updated.some((x) => x['recipient_did'] === u.recipient_did && x['action'] === u.action)) findings.push({ requirement: 'PROTO-MED-004', message: `no result for ${u.action} ${u.recipient_did}` });
  }
  return findings;
}
