/**
 * Whether a case applies to an adapter, decided from the capabilities it claimed in `describe`, never
 * from its name. What is missing is either untestable here (the case is skipped) or a capability the spec
 * requires (src/runner/capability-rules.ts: one finding under that rule).
 * @module
 */
import type { Capabilities, Curve, Algorithm, EncryptionKinds, EnvelopeKind, Role, TransportKind } from '../adapter/protocol/v1/types.generated.js';

/** What a case needs the adapter to have claimed. */
export interface CaseNeeds {
  envelopes?: EnvelopeKind[];
  /** Algorithms per curve, e.g. `{ X25519: ['ECDH-ES+A256KW', 'XC20P'] }`. */
  algorithms?: Partial<Record<Curve, Algorithm[]>>;
  didMethods?: string[];
  protocols?: string[];
  transports?: TransportKind[];
  /**
   * The content encryption asked of each encrypted layer: besides its claim on the curve (in `algorithms`), it
   * must be one the agent uses with that kind in the case's direction (Capabilities.encryptionScope).
   */
  encryption?: Array<{ envelope: EncryptedKind; curve: Curve; enc: Algorithm }>;
}

/** One thing a case needs that the adapter did not claim. */
export type MissingCapability =
  | { kind: 'role'; role: Role; text: string }
  | { kind: 'envelope'; envelope: EnvelopeKind; text: string }
  | { kind: 'algorithm'; curve: Curve; algorithm: Algorithm; /** Some key agreement is claimed on this curve. */ curveClaimed: boolean; /** The encrypted kind a content encryption is claimed without (encryptionScope). */ envelope?: EncryptedKind; text: string }
  | { kind: 'didMethod' | 'protocol' | 'transport'; name: string; text: string };

export type EncryptedKind = 'anoncrypt' | 'authcrypt';
type ContentEncryption = keyof EncryptionKinds;

function isContentEncryption(algorithm: Algorithm): algorithm is ContentEncryption {
  return algorithm === 'A256CBC-HS512' || algorithm === 'A256GCM' || algorithm === 'XC20P';
}

/**
 * Whether the agent, in `role`, uses `enc` with `envelope` as far as its `encryptionScope` says: an `enc` the
 * scope does not list works with every encrypted kind (the claim on the curve is checked apart).
 */
export function scopeAllows(capabilities: Capabilities, role: Role, envelope: EnvelopeKind, enc: Algorithm): boolean {
  if (!isContentEncryption(enc) || (envelope !== 'anoncrypt' && envelope !== 'authcrypt')) return true;
  const scope = role === 'sender' ? capabilities.encryptionScope?.send : role === 'receiver' ? capabilities.encryptionScope?.receive : undefined;
  return scope?.[enc]?.includes(envelope) ?? true;
}

/** Every need (including the case's role) the capabilities do not cover. */
export function missingNeeds(capabilities: Capabilities, needs: CaseNeeds, role: Role): MissingCapability[] {
  const missing: MissingCapability[] = [];
  if (!capabilities.roles.includes(role)) missing.push({ kind: 'role', role, text: `role ${role}` });
  // What the agent can do in one direction only counts for cases where it plays that direction.
  const oneWay = role === 'receiver' ? capabilities.receiveOnly : role === 'sender' ? capabilities.sendOnly : undefined;
  const envelopes = [...capabilities.envelopes, ...(oneWay?.envelopes ?? [])];
  for (const envelope of needs.envelopes ?? []) if (!envelopes.includes(envelope)) missing.push({ kind: 'envelope', envelope, text: `envelope ${envelope}` });
  const claimedOn = (curve: Curve): Algorithm[] => [...(capabilities.algorithms[curve] ?? []), ...(oneWay?.algorithms?.[curve] ?? [])];
  for (const [curve, algorithms] of Object.entries(needs.algorithms ?? {}) as Array<[Curve, Algorithm[]]>) {
    const claimed = claimedOn(curve);
    for (const algorithm of algorithms) {
      // Whether the curve is supported for key agreement at all decides ENC-ALG-001 (curve) vs ENC-ALG-003 (algorithm).
      const keyAgreement = claimed.some((alg) => alg === 'ECDH-ES+A256KW' || alg === 'ECDH-1PU+A256KW');
      if (!claimed.includes(algorithm)) missing.push({ kind: 'algorithm', curve, algorithm, curveClaimed: keyAgreement, text: `${algorithm} on ${curve}` });
    }
  }
  // A content encryption claimed on the curve may still be one the agent uses with one envelope kind only.
  for (const { envelope, curve, enc } of needs.encryption ?? []) {
    if (claimedOn(curve).includes(enc) && !scopeAllows(capabilities, role, envelope, enc)) {
      missing.push({ kind: 'algorithm', curve, algorithm: enc, curveClaimed: true, envelope, text: `${enc} on ${curve} for ${envelope}` });
    }
  }
  for (const name of needs.didMethods ?? []) if (!capabilities.didMethods.includes(name)) missing.push({ kind: 'didMethod', name, text: `DID method ${name}` });
  for (const name of needs.protocols ?? []) if (!capabilities.protocols.includes(name)) missing.push({ kind: 'protocol', name, text: `protocol ${name}` });
  for (const name of needs.transports ?? []) if (!capabilities.transports.includes(name)) missing.push({ kind: 'transport', name, text: `transport ${name}` });
  return missing;
}

/** Every need (including the case's role) the capabilities do not cover, as short phrases. */
export function missingCapabilities(capabilities: Capabilities, needs: CaseNeeds, role: Role): string[] {
  return missingNeeds(capabilities, needs, role).map((item) => item.text);
}
