/**
 * The algorithm tables every envelope suite iterates (ENC-ALG-001/002/003, ENV-SIGN-001): which combination
 * needs which claimed capability, and which the spec requires whether claimed or not.
 * @module
 */
import { missingNeeds, type CaseNeeds } from '../../src/runner/applicability.js';
import type { CaseContext } from '../../src/runner/case.js';
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

/** Anoncrypt on `curve` with `enc`; without `enc`, the key wrapping only (a case then picks one: anoncryptEnc). */
export function anoncryptNeeds(curve: KeyAgreementCurve, enc?: ContentEncryption): CaseNeeds {
  if (!enc) return { envelopes: ['anoncrypt'], algorithms: { [curve]: ['ECDH-ES+A256KW'] as Algorithm[] } };
  return { envelopes: ['anoncrypt'], algorithms: { [curve]: ['ECDH-ES+A256KW', enc] as Algorithm[] }, encryption: [{ envelope: 'anoncrypt', curve, enc }] };
}

export function authcryptNeeds(curve: KeyAgreementCurve): CaseNeeds {
  return { envelopes: ['authcrypt'], algorithms: { [curve]: ['ECDH-1PU+A256KW', 'A256CBC-HS512'] as Algorithm[] }, encryption: [{ envelope: 'authcrypt', curve, enc: 'A256CBC-HS512' }] };
}

/**
 * The content encryption of an anoncrypt case whose subject is not the `enc`: the REQUIRED A256CBC-HS512 when
 * the agent claims it for anoncrypt in `role`, else another it claims for anoncrypt there (a library whose
 * anoncrypt is XC20P only is judged on what the case is about, not refused on the `enc`). The choice is
 * registered as the case's need, so an agent claiming none for anoncrypt meets the capability rules.
 */
export function anoncryptEnc(ctx: CaseContext, role: 'sender' | 'receiver', curve: KeyAgreementCurve): ContentEncryption {
  const usable = ENCRYPTIONS.map(({ enc }) => enc).find((enc) => missingNeeds(ctx.capabilities, anoncryptNeeds(curve, enc), role).length === 0);
  const enc = usable ?? 'A256CBC-HS512';
  ctx.need(anoncryptNeeds(curve, enc));
  return enc;
}

export function signedNeeds(alg: string, curve: Curve): CaseNeeds {
  return { envelopes: ['signed'], algorithms: { [curve]: [alg as Algorithm] } };
}
