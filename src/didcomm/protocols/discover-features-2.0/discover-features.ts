/**
 * Discover Features 2.0 (spec §9.6 feature_discovery.md, PROTO-DF-001..005): `queries` with
 * `{"feature-type", match}` (`*` wildcards) and `disclose` with `{"feature-type", id, roles?}`.
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, replyHeaders, type MessageHeaders } from '../message.js';

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

/** The disclosures of a disclose its schema accepted (PROTO-DF-004). */
export function disclosuresOf(message: PlaintextMessage): Disclosure[] {
  const disclosures = bodyOf(message)['disclosures'];
  return Array.isArray(disclosures) ? (disclosures as Disclosure[]) : [];
}
