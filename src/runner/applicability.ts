/**
 * Whether a case applies to an adapter, decided from the capabilities it claimed in `describe`, never
 * from its name. A missing capability makes an optional case `skipped` and a required one `failed`.
 * @module
 */
import type { Capabilities, Curve, Algorithm, EnvelopeKind, Role, TransportKind } from '../adapter/protocol/v1/types.generated.js';

/** What a case needs the adapter to have claimed. */
export interface CaseNeeds {
  envelopes?: EnvelopeKind[];
  /** Algorithms per curve, e.g. `{ X25519: ['ECDH-ES+A256KW', 'XC20P'] }`. */
  algorithms?: Partial<Record<Curve, Algorithm[]>>;
  didMethods?: string[];
  protocols?: string[];
  transports?: TransportKind[];
}

/** Every need (including the case's role) the capabilities do not cover, as short phrases. */
export function missingCapabilities(capabilities: Capabilities, needs: CaseNeeds, role: Role): string[] {
  const missing: string[] = [];
  if (!capabilities.roles.includes(role)) missing.push(`role ${role}`);
  // What the agent can do in one direction only counts for cases where it plays that direction.
  const oneWay = role === 'receiver' ? capabilities.receiveOnly : role === 'sender' ? capabilities.sendOnly : undefined;
  const envelopes = [...capabilities.envelopes, ...(oneWay?.envelopes ?? [])];
  for (const envelope of needs.envelopes ?? []) if (!envelopes.includes(envelope)) missing.push(`envelope ${envelope}`);
  for (const [curve, algorithms] of Object.entries(needs.algorithms ?? {}) as Array<[Curve, Algorithm[]]>) {
    const claimed = [...(capabilities.algorithms[curve] ?? []), ...(oneWay?.algorithms?.[curve] ?? [])];
    for (const algorithm of algorithms) if (!claimed.includes(algorithm)) missing.push(`${algorithm} on ${curve}`);
  }
  for (const method of needs.didMethods ?? []) if (!capabilities.didMethods.includes(method)) missing.push(`DID method ${method}`);
  for (const piuri of needs.protocols ?? []) if (!capabilities.protocols.includes(piuri)) missing.push(`protocol ${piuri}`);
  for (const transport of needs.transports ?? []) if (!capabilities.transports.includes(transport)) missing.push(`transport ${transport}`);
  return missing;
}
