/**
 * The elliptic curves DIDComm uses, their JWK encodings, key import with validation and ephemeral key
 * generation. Key agreement: X25519, P-256, P-384, P-521 (ENC-ALG-001). secp256k1 is a signing curve only
 * in DIDComm v2 (ENC-ALG-001: "secp256k1 is not a key-agreement curve"), Ed25519 likewise.
 * @module
 */
import { createECDH, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { DidcommError, subjectText, type Subject } from '../errors/didcomm-error.js';
import { KEY_AGREEMENT_CURVES } from './jwa-names.js';
import type { KeyAgreementCurve } from '../didcomm/types.js';
import { isRandomPinned, randomBytes } from './random.js';

export type CurveName = KeyAgreementCurve | 'Ed25519' | 'secp256k1';

interface CurveInfo {
  kty: 'OKP' | 'EC';
  /** Length of one coordinate (or of the OKP key) in bytes. */
  size: number;
  /** OpenSSL's name for `createECDH` (EC curves only). */
  ecdhName?: string;
  /** Group order, for deriving a pinned scalar (EC curves only). */
  order?: bigint;
}

export const CURVES: Record<CurveName, CurveInfo> = {
  X25519: { kty: 'OKP', size: 32 },
  Ed25519: { kty: 'OKP', size: 32 },
  'P-256': { kty: 'EC', size: 32, ecdhName: 'prime256v1', order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n },
  'P-384': { kty: 'EC', size: 48, ecdhName: 'secp384r1', order: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n },
  'P-521': {
    kty: 'EC', size: 66, ecdhName: 'secp521r1',
    order: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
  secp256k1: { kty: 'EC', size: 32, ecdhName: 'secp256k1', order: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n },
};

export { KEY_AGREEMENT_CURVES };

export function isKeyAgreementCurve(value: unknown): value is KeyAgreementCurve {
  return typeof value === 'string' && (KEY_AGREEMENT_CURVES as readonly string[]).includes(value);
}

/** The curve of a JWK, or undefined when it names none we know. */
export function curveOfJwk(jwk: JsonWebKey): CurveName | undefined {
  const crv = jwk.crv;
  if (typeof crv !== 'string' || !Object.hasOwn(CURVES, crv)) return undefined;
  return CURVES[crv as CurveName].kty === jwk.kty ? (crv as CurveName) : undefined;
}

/** Only the public members of a JWK, in canonical order. */
export function publicJwk(jwk: JsonWebKey): JsonWebKey {
  return jwk.kty === 'EC' ? { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}

/**
 * Imports a public JWK, checking it is a point of its curve: node refuses EC points off the curve
 * (ENC-JWE-011) and we check the OKP length. Throws `ERR_EPK_INVALID` (with `requirement`) on failure.
 * Keys that recur (a DID document's) are remembered once every check passed; `remember: false` is for an
 * ephemeral key, which never recurs and would only push the static keys out.
 */
export function importPublicJwk(jwk: unknown, what: Subject, requirement: 'ENC-JWE-011' | 'KEYS-004' = 'ENC-JWE-011', remember = true): KeyObject {
  // `what` may be a function, called only on failure, when naming the key costs (a kid in a template, per message).
  const fail = (why: string, cause?: unknown): never => {
    throw new DidcommError(requirement === 'ENC-JWE-011' ? 'ERR_EPK_INVALID' : 'ERR_KEY_NOT_FOUND', `${subjectText(what)} ${why}`, { requirement, cause });
  };
  if (typeof jwk !== 'object' || jwk === null) return fail('is not a JWK object');
  const key = jwk as JsonWebKey;
  const curve = curveOfJwk(key);
  if (!curve) return fail(`has an unknown or inconsistent kty/crv (${String(key.kty)}/${String(key.crv)})`);
  if ('d' in key) return fail('carries private key material ("d")');
  const size = CURVES[curve].size;
  for (const coordinate of CURVES[curve].kty === 'EC' ? (['x', 'y'] as const) : (['x'] as const)) {
    const value = key[coordinate];
    // Within the alphabet, the decoded length follows from the text's length (no decoding needed to count it).
    if (typeof value !== 'string' || !BASE64URL.test(value) || Buffer.byteLength(value, 'base64url') !== size) {
      fail(`has a malformed "${coordinate}" for ${curve}`);
    }
  }
  if (!remember) return importChecked(key, curve, fail);
  // Only now, with every member checked, may a remembered key stand in for this one.
  const cacheKey = `${curve}.${key.x}.${key.y ?? ''}`;
  const known = importedKeys.get(cacheKey);
  if (known) return known;
  const imported = importChecked(key, curve, fail);
  // Keys of DID documents recur in every message; a peer may still name many, so the cache is bounded.
  if (importedKeys.size >= IMPORT_CACHE_SIZE) importedKeys.clear();
  importedKeys.set(cacheKey, imported);
  return imported;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The native import of a JWK whose members were checked; node refuses a point off its curve. */
function importChecked(key: JsonWebKey, curve: CurveName, fail: (why: string, cause?: unknown) => never): KeyObject {
  try {
    return createPublicKey({ key: publicJwk(key), format: 'jwk' });
  } catch (cause) {
    return fail(`is not a valid point on ${curve}`, cause);
  }
}

const IMPORT_CACHE_SIZE = 1024;
/** Validated public keys by curve and coordinates. */
const importedKeys = new Map<string, KeyObject>();

/**
 * A private JWK as key objects (private and public), parsed once: the same keys are imported again and again
 * (a party's keys in every case that imports it). Throws what `createPrivateKey` throws.
 */
export function importPrivateJwk(jwk: JsonWebKey): { privateKey: KeyObject; publicKey: KeyObject } {
  const cacheKey = `${String(jwk.kty)}.${String(jwk.crv)}.${String(jwk.d)}.${String(jwk.x)}.${String(jwk.y)}`;
  const known = importedPrivateKeys.get(cacheKey);
  if (known) return known;
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  const pair = { privateKey, publicKey: createPublicKey(privateKey) };
  if (importedPrivateKeys.size >= IMPORT_CACHE_SIZE) importedPrivateKeys.clear();
  importedPrivateKeys.set(cacheKey, pair);
  return pair;
}

/** Parsed private keys by their JWK members; never written anywhere. */
const importedPrivateKeys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

export interface EphemeralKey {
  privateKey: KeyObject;
  publicJwk: JsonWebKey;
}

/** Generates a fresh key pair on `curve` (ENC-JWE-008: one ephemeral key per message). */
export function generateEphemeralKey(curve: KeyAgreementCurve): EphemeralKey {
  if (isRandomPinned()) {
    const privateKey = pinnedPrivateKey(curve);
    return { privateKey, publicJwk: publicJwk(createPublicKey(privateKey).export({ format: 'jwk' })) };
  }
  // The public key comes out as a JWK from the generation itself. Exporting the generated KeyObject afterwards
  // can deadlock node 20: a garbage collection during the export may run the finished generation job's
  // destructor, which takes the lock the export holds (seen as a hung benchmark, stack in ~KeyGenJob).
  const pair = generateWithPublicJwk(curve === 'X25519' ? 'x25519' : 'ec', {
    ...(curve === 'X25519' ? {} : { namedCurve: CURVES[curve].ecdhName! }),
    publicKeyEncoding: { format: 'jwk' },
  });
  return { privateKey: pair.privateKey, publicJwk: publicJwk(pair.publicKey) };
}

/** node's generateKeyPairSync with only the public key encoded (as a JWK), which its typings do not spell. */
const generateWithPublicJwk = generateKeyPairSync as unknown as (
  type: 'x25519' | 'ec', options: { namedCurve?: string; publicKeyEncoding: { format: 'jwk' } },
) => { publicKey: JsonWebKey; privateKey: KeyObject };

/**
 * A fresh private JWK on `curve` (long-lived identity, probe and signing keys), encoded by the generation itself:
 * exporting a just-generated KeyObject can deadlock node 20, as above.
 */
export function generatePrivateJwk(curve: CurveName): JsonWebKey {
  const encoding = { publicKeyEncoding: { format: 'jwk' }, privateKeyEncoding: { format: 'jwk' } } as const;
  const generate = generateKeyPairSync as unknown as (type: string, options: object) => { privateKey: JsonWebKey };
  const info = CURVES[curve];
  return info.kty === 'OKP' ? generate(curve.toLowerCase(), encoding).privateKey : generate('ec', { namedCurve: info.ecdhName!, ...encoding }).privateKey;
}

/** A private key drawn from the pinned random source, so generated vectors are reproducible. */
function pinnedPrivateKey(curve: KeyAgreementCurve): KeyObject {
  const info = CURVES[curve];
  if (info.kty === 'OKP') {
    // PKCS#8 wrapper of a raw X25519 private key (RFC 8410).
    const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), randomBytes(32)]);
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  }
  const scalar = (BigInt(`0x${Buffer.from(randomBytes(info.size + 8)).toString('hex')}`) % (info.order! - 1n)) + 1n;
  const d = Buffer.from(scalar.toString(16).padStart(info.size * 2, '0'), 'hex');
  const ecdh = createECDH(info.ecdhName!);
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const jwk: JsonWebKey = {
    kty: 'EC', crv: curve,
    x: point.subarray(1, 1 + info.size).toString('base64url'),
    y: point.subarray(1 + info.size).toString('base64url'),
    d: d.toString('base64url'),
  };
  return createPrivateKey({ key: jwk, format: 'jwk' });
}
