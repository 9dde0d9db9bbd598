/**
 * Discover Features 2.0 (spec §9.6 feature_discovery.md, PROTO-DF-001..005): `queries` with
 * `{"feature-type", match}` (`*` wildcards) and `disclose` with `{"feature-type", id, roles?}`.
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, checkReplyThread, checkType, replyHeaders, type Finding, type MessageHeaders } from '../message.js';

export const DISCOVER_FEATURES_PIURI = 'https://didcomm.org/discover-features/2.0';
export const QUERIES = `${DISCOVER_FEATURES_PIURI}/queries`;
export const DISCLOSE = `${DISCOVER_FEATURES_PIURI}/disclose`;

export interface FeatureQuery {
  'feature-type': string;
  match: string;
}

export interface Disclosure {
  'feature-type': string;
  id: string;
  roles?: string[];
}

/** A feature an agent has: a protocol with its roles, a goal code, a header or a constraint. */
export type Feature = Disclosure;

export function buildQueries(queries: FeatureQuery[], headers: MessageHeaders = {}): PlaintextMessage {
  return buildMessage(QUERIES, { queries }, headers);
}

/** True when `id` matches `pattern`, where `*` stands for any run of characters (PROTO-DF-002). */
export function matchesFeature(pattern: string, id: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(id);
}

/** What an agent with `features` discloses for `queries` (unknown feature types are ignored, PROTO-DF-003). */
export function answerQueries(queries: PlaintextMessage, features: Feature[]): Disclosure[] {
  const asked = Array.isArray(bodyOf(queries)['queries']) ? (bodyOf(queries)['queries'] as FeatureQuery[]) : [];
  const found = new Map<string, Disclosure>();
  for (const query of asked) {
    if (typeof query?.match !== 'string') continue;
    for (const feature of features) {
      if (feature['feature-type'] === query['feature-type'] && matchesFeature(query.match, feature.id)) found.set(`${feature['feature-type']} ${feature.id}`, feature);
    }
  }
  return [...found.values()];
}

/** The `disclose` answering `queries` (PROTO-DF-004: `thid` = the queries' id). */
export function buildDisclose(queries: PlaintextMessage, disclosures: Disclosure[], headers: MessageHeaders = {}): PlaintextMessage {
  return buildMessage(DISCLOSE, { disclosures }, replyHeaders(queries, headers));
}

/** Rules a queries message breaks (PROTO-DF-002: hyphenated `feature-type`, string `match`). */
export function validateQueries(message: PlaintextMessage): Finding[] {
  const findings = checkType(message, QUERIES, 'PROTO-DF-001');
  const queries = bodyOf(message)['queries'];
  if (!Array.isArray(queries) || queries.length === 0) return [...findings, { requirement: 'PROTO-DF-002', message: '"body.queries" is not a non-empty array' }];
  for (const query of queries as Array<Record<string, unknown>>) {
    if (typeof query?.['feature-type'] !== 'string') findings.push({ requirement: 'PROTO-DF-002', message: `a query has no "feature-type" (hyphenated): ${JSON.stringify(query)}` });
    if (typeof query?.['match'] !== 'string') findings.push({ requirement: 'PROTO-DF-002', message: `a query has no "match": ${JSON.stringify(query)}` });
  }
  return findings;
}

/** Rules a disclose answering `queries` breaks, and its disclosures. */
export function validateDisclose(message: PlaintextMessage, queries: PlaintextMessage): { findings: Finding[]; disclosures: Disclosure[] } {
  const findings = [...checkType(message, DISCLOSE, 'PROTO-DF-001'), ...checkReplyThread(message, queries, 'PROTO-DF-004')];
  const disclosures = bodyOf(message)['disclosures'];
  if (!Array.isArray(disclosures)) return { findings: [...findings, { requirement: 'PROTO-DF-004', message: '"body.disclosures" is not an array' }], disclosures: [] };
  for (const d of disclosures as Array<Record<string, unknown>>) {
    if (typeof d?.['feature-type'] !== 'string' || typeof d?.['id'] !== 'string') findings.push({ requirement: 'PROTO-DF-004', message: `a disclosure lacks "feature-type" or "id": ${JSON.stringify(d)}` });
    if (d?.['roles'] !== undefined && (!Array.isArray(d['roles']) || d['feature-type'] !== 'protocol')) findings.push({ requirement: 'PROTO-DF-004', message: `"roles" is only for protocols, as an array: ${JSON.stringify(d)}` });
  }
  return { findings, disclosures: disclosures as Disclosure[] };
}
