/**
 * The JWS algorithms DIDComm requires (ENV-SIGN-001): EdDSA over Ed25519, ES256 over P-256, ES256K over
 * secp256k1, all native. ECDSA signatures are raw R‖S (ENV-SIGN-007), node's `ieee-p1363` encoding.
 * @module
 */
import { sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type { SignatureAlgorithm } from '../didcomm/types.js';
import { curveOfJwk, type CurveName } from './curves.js';
import { isRandomPinned } from './random.js';

// noble's curves are loaded on first use, not at import: only signing under pinned randomness uses them (the
// generated vectors, and the reference side of a case, which draws from the run's seed), and every adapter and
// suite worker would otherwise parse them at start-up (issue 17).
const requireHere = createRequire(import.meta.url);

/** RFC 6979 deterministic ECDSA (noble), for reproducible signatures under pinned randomness. */
function deterministicEcdsa(alg: 'ES256' | 'ES256K') {
  return alg === 'ES256'
    ? (requireHere('@noble/curves/nist.js') as typeof import('@noble/curves/nist.js')).p256
    : (requireHere('@noble/curves/secp256k1.js') as typeof import('@noble/curves/secp256k1.js')).secp256k1;
}

const CURVE_OF_ALG: Record<SignatureAlgorithm, CurveName> = { EdDSA: 'Ed25519', ES256: 'P-256', ES256K: 'secp256k1' };
const SIGNATURE_LENGTH: Record<SignatureAlgorithm, number> = { EdDSA: 64, ES256: 64, ES256K: 64 };

/** The JWS algorithm for a signing key's JWK, or undefined for a key that cannot sign here. */
export function signatureAlgorithmFor(jwk: JsonWebKey): SignatureAlgorithm | undefined {
  const curve = curveOfJwk(jwk);
  return (Object.keys(CURVE_OF_ALG) as SignatureAlgorithm[]).find((alg) => CURVE_OF_ALG[alg] === curve);
}

/** True when `alg` is the algorithm of a key of this JWK's curve (an EdDSA header on a P-256 key is not). */
export function algorithmMatchesKey(alg: SignatureAlgorithm, jwk: JsonWebKey): boolean {
  return CURVE_OF_ALG[alg] === curveOfJwk(jwk);
}

export function signBytes(alg: SignatureAlgorithm, privateKey: KeyObject, data: Uint8Array): Buffer {
  if (alg !== 'EdDSA' && isRandomPinned()) {
    // Pinned randomness (generated vectors, a case's reference side) wants reproducible output: RFC 6979.
    const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    return Buffer.from(deterministicEcdsa(alg).sign(data, d, { prehash: true, format: 'compact' }));
  }
  if (alg === 'EdDSA') return sign(null, data, privateKey);
  const signature = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return alg === 'ES256K' ? lowS(signature) : signature;
}

const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * secp256k1 verifiers commonly accept only the low-S form of an ECDSA signature (malleability, PITFALLS F;
 * SICPA's k256 refuses high S), so ES256K signatures are normalized to s <= n/2; (r, n - s) is equally valid.
 */
function lowS(signature: Buffer): Buffer {
  const s = BigInt(`0x${signature.subarray(32).toString('hex')}`);
  if (s <= SECP256K1_ORDER / 2n) return signature;
  return Buffer.concat([signature.subarray(0, 32), Buffer.from((SECP256K1_ORDER - s).toString(16).padStart(64, '0'), 'hex')]);
}

export function verifyBytes(alg: SignatureAlgorithm, publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_LENGTH[alg]) return false;
  try {
    return alg === 'EdDSA'
      ? verify(null, data, publicKey, signature)
      : verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
