/**
 * What the interop matrix exercises: every envelope kind x algorithm x curve DIDComm defines, with the pack
 * parameters for each, and which of them a pair of adapters can try (both claim them in `describe`).
 * The pack parameters name the spec's vector parties (did:example:alice sends, did:example:bob receives);
 * where those cannot serve, envelope-cells.ts swaps in identities the adapters create.
 * @module
 */
import type { Algorithm, Capabilities, Curve, EnvelopeKind, PackParams } from '../adapter/protocol/v1/types.generated.js';
import { scopeAllows } from '../runner/applicability.js';

/** One column of the matrix. */
export interface Feature {
  /** Stable ID: `anoncrypt.P-256.A256GCM`. */
  id: string;
  envelope: EnvelopeKind;
  curve?: Curve;
  /** Algorithms both sides must claim on `curve`. */
  algorithms: Algorithm[];
  pack: Omit<PackParams, 'message'>;
  /** What the receiver must report. */
  expect: { encrypted: boolean; authenticated: boolean; nonRepudiation: boolean };
  /** Why the vector identities cannot exercise it (no key of that curve), if so. */
  impossible?: string;
}

const ALICE = 'did:example:alice';
const BOB = 'did:example:bob';
const SIGNING: Array<[Curve, Algorithm, string]> = [['Ed25519', 'EdDSA', `${ALICE}#key-1`], ['P-256', 'ES256', `${ALICE}#key-2`], ['secp256k1', 'ES256K', `${ALICE}#key-3`]];
const AGREEMENT: Curve[] = ['X25519', 'P-256', 'P-384', 'P-521'];
const CONTENT: Algorithm[] = ['A256CBC-HS512', 'A256GCM', 'XC20P'];
/** Curves on which Alice (the spec's sender) has a keyAgreement key. */
const ALICE_AGREEMENT = new Set<Curve>(['X25519', 'P-256', 'P-521']);

/** Every feature, in column order. */
export const FEATURES: Feature[] = [
  { id: 'plaintext', envelope: 'plaintext', algorithms: [], pack: { envelope: 'plaintext', to: [BOB] }, expect: { encrypted: false, authenticated: false, nonRepudiation: false } },
  ...SIGNING.map(([curve, alg, kid]): Feature => ({
    id: `signed.${alg}`, envelope: 'signed', curve, algorithms: [alg], pack: { envelope: 'signed', to: [BOB], from: ALICE, signBy: kid },
    expect: { encrypted: false, authenticated: true, nonRepudiation: true },
  })),
  ...AGREEMENT.flatMap((curve) => CONTENT.map((enc): Feature => ({
    id: `anoncrypt.${curve}.${enc}`, envelope: 'anoncrypt', curve, algorithms: ['ECDH-ES+A256KW', enc],
    pack: { envelope: 'anoncrypt', to: [BOB], enc, curve }, expect: { encrypted: true, authenticated: false, nonRepudiation: false },
  }))),
  ...AGREEMENT.map((curve): Feature => ({
    id: `authcrypt.${curve}.A256CBC-HS512`, envelope: 'authcrypt', curve, algorithms: ['ECDH-1PU+A256KW', 'A256CBC-HS512'],
    pack: { envelope: 'authcrypt', to: [BOB], from: ALICE, enc: 'A256CBC-HS512', curve }, expect: { encrypted: true, authenticated: true, nonRepudiation: false },
    ...(ALICE_AGREEMENT.has(curve) ? {} : { impossible: `the spec's sender did:example:alice has no ${curve} keyAgreement key` }),
  })),
];

/**
 * True when `capabilities` claim everything `feature` needs, in `role`: what the adapter does both ways plus
 * what it does in that direction only (`sendOnly` for the sender, `receiveOnly` for the receiver).
 */
export function claims(capabilities: Capabilities, feature: Feature, role: 'sender' | 'receiver'): boolean {
  const oneWay = role === 'sender' ? capabilities.sendOnly : capabilities.receiveOnly;
  if (!capabilities.roles.includes(role)) return false;
  if (!capabilities.envelopes.includes(feature.envelope) && !(oneWay?.envelopes ?? []).includes(feature.envelope)) return false;
  if (feature.curve === undefined) return true;
  const algorithms = [...(capabilities.algorithms[feature.curve] ?? []), ...(oneWay?.algorithms?.[feature.curve] ?? [])];
  return feature.algorithms.every((alg) => algorithms.includes(alg) && scopeAllows(capabilities, role, feature.envelope, alg));
}
