/**
 * The algorithm tables every envelope suite iterates (ENC-ALG-001/002/003, ENV-SIGN-001): which combination
 * needs which claimed capability, and which the spec requires whether claimed or not.
 * @module
 */
import type { CaseNeeds } from '../../src/runner/applicability.js';
import type { Algorithm, Curve } from '../../src/adapter/protocol/v1/types.generated.js';

export type KeyAgreementCurve = 'X25519' | 'P-256' | 'P-384' | 'P-521';
export type ContentEncryption = 'A256CBC-HS512' | 'A256GCM' | 'XC20P';

/** Key agreement curves; X25519, P-384 and P-256 MUST be supported, P-521 is optional (ENC-ALG-001). */
export const CURVES: ReadonlyArray<{ curve: KeyAgreementCurve; required: boolean }> = [
  { curve: 'X25519', required: true },
  { curve: 'P-256', required: true },
  { curve: 'P-384', required: true },
  { curve: 'P-521', required: false },
];

/** Content encryption: A256CBC-HS512 REQUIRED, A256GCM recommended, XC20P optional (ENC-ALG-002). */
export const ENCRYPTIONS: ReadonlyArray<{ enc: ContentEncryption; required: boolean }> = [
  { enc: 'A256CBC-HS512', required: true },
  { enc: 'A256GCM', required: false },
  { enc: 'XC20P', required: false },
];

/** Every anoncrypt curve x enc; required when both are. */
export const ANONCRYPT_COMBINATIONS = CURVES.flatMap(({ curve, required: curveRequired }) =>
  ENCRYPTIONS.map(({ enc, required }) => ({ curve, enc, required: curveRequired && required })));

/** Signature algorithms every receiver MUST verify (ENV-SIGN-001), with the SICPA Alice key of each. */
export const SIGNATURES: ReadonlyArray<{ alg: 'EdDSA' | 'ES256' | 'ES256K'; curve: Curve; kid: string }> = [
  { alg: 'EdDSA', curve: 'Ed25519', kid: 'did:example:alice#key-1' },
  { alg: 'ES256', curve: 'P-256', kid: 'did:example:alice#key-2' },
  { alg: 'ES256K', curve: 'secp256k1', kid: 'did:example:alice#key-3' },
];

export function anoncryptNeeds(curve: KeyAgreementCurve, enc: ContentEncryption): CaseNeeds {
  return { envelopes: ['anoncrypt'], algorithms: { [curve]: ['ECDH-ES+A256KW', enc] as Algorithm[] } };
}

export function authcryptNeeds(curve: KeyAgreementCurve): CaseNeeds {
  return { envelopes: ['authcrypt'], algorithms: { [curve]: ['ECDH-1PU+A256KW', 'A256CBC-HS512'] as Algorithm[] } };
}

export function signedNeeds(alg: string, curve: Curve): CaseNeeds {
  return { envelopes: ['signed'], algorithms: { [curve]: [alg as Algorithm] } };
}
