/**
 * Public keys of verification methods as JWKs, whatever format the document uses (KEYS-004):
 * `JsonWebKey2020` (and any type carrying `publicKeyJwk`), `Multikey`, `Ed25519VerificationKey2018/2020`,
 * `X25519KeyAgreementKey2019/2020`, `EcdsaSecp256k1VerificationKey2019` and `Secp256k1VerificationKey2018`. The key a method encodes must
 * be of the kind its type names (PITFALLS 14: 0xed inside an X25519 method is rejected).
 * @module
 */
import type { JsonWebKey } from 'node:crypto';
import { DidcommError } from '../errors/didcomm-error.js';
import type { VerificationMethod } from './document.js';
import {
  decodeBase58, decodeMultikey, keyTypeOfJwk, publicJwkOfRawKey, rawKeyOfPublicJwk, type KeyType, type RawPublicKey,
} from './multikey.js';

/** How a verification method type encodes its key: which members, and which key types it may hold. */
interface MethodFormat {
  /** The key types this method type may carry; undefined means any we know (Multikey, JsonWebKey2020). */
  keyTypes?: readonly KeyType[];
  /** `publicKeyMultibase` must carry a multicodec header (Multikey and the 2020 suites do). */
  multibase: boolean;
  /** `publicKeyBase58` is the bare key of this type (2018/2019 suites). */
  base58?: KeyType;
  jwk: boolean;
}

const METHOD_FORMATS: Record<string, MethodFormat> = {
  JsonWebKey2020: { multibase: false, jwk: true },
  JsonWebKey: { multibase: false, jwk: true },
  Multikey: { multibase: true, jwk: false },
  Ed25519VerificationKey2018: { keyTypes: ['Ed25519'], multibase: false, base58: 'Ed25519', jwk: false },
  Ed25519VerificationKey2020: { keyTypes: ['Ed25519'], multibase: true, jwk: false },
  X25519KeyAgreementKey2019: { keyTypes: ['X25519'], multibase: false, base58: 'X25519', jwk: false },
  X25519KeyAgreementKey2020: { keyTypes: ['X25519'], multibase: true, jwk: false },
  EcdsaSecp256k1VerificationKey2019: { keyTypes: ['secp256k1'], multibase: false, base58: 'secp256k1', jwk: true },
  // Older did:key resolvers (key-did-resolver) still emit this name for compressed base58 keys.
  Secp256k1VerificationKey2018: { keyTypes: ['secp256k1'], multibase: false, base58: 'secp256k1', jwk: false },
};

/** Verification method types whose key material this module reads. */
export const SUPPORTED_VERIFICATION_METHOD_TYPES: readonly string[] = Object.keys(METHOD_FORMATS);

function formatError(method: VerificationMethod, why: string, cause?: unknown): DidcommError {
  return new DidcommError('ERR_KEY_FORMAT', `${method.id} (${method.type}) ${why}`, cause === undefined
    ? { requirement: 'KEYS-004' }
    : { requirement: 'KEYS-004', cause });
}

/**
 * The public JWK of a verification method. A JWK carrying private material is `ERR_KEY_NOT_FOUND`;
 * an unknown type, an undecodable key, or a key that is not of the kind the type names is `ERR_KEY_FORMAT`.
 */
export function publicJwkOfVerificationMethod(method: VerificationMethod): JsonWebKey {
  // Reading and checking a key costs native calls (point decompression, an import); documents recur in every
  // message, so checked keys are remembered by what the method says (bounded). Failures are never cached.
  const cacheKey = `${method.id}\u0000${method.type}\u0000${JSON.stringify(method.publicKeyJwk ?? null)}\u0000${method.publicKeyMultibase ?? ''}\u0000${method.publicKeyBase58 ?? ''}`;
  const known = checkedKeys.get(cacheKey);
  if (known) return known;
  const jwk = readPublicJwk(method);
  if (checkedKeys.size >= CHECKED_KEYS_CACHE_SIZE) checkedKeys.clear();
  checkedKeys.set(cacheKey, jwk);
  return jwk;
}

const CHECKED_KEYS_CACHE_SIZE = 1024;
const checkedKeys = new Map<string, JsonWebKey>();

function readPublicJwk(method: VerificationMethod): JsonWebKey {
  if (method.publicKeyJwk) {
    const jwk = method.publicKeyJwk;
    if ('d' in jwk) {
      throw new DidcommError('ERR_KEY_NOT_FOUND', `${method.id} publishes private key material (JWK "d")`, { requirement: 'KEYS-004' });
    }
  }
  const format = METHOD_FORMATS[method.type];
  if (!format) {
    // An unknown type with a JWK is still readable (did:web documents invent types); without one it is not.
    if (method.publicKeyJwk) return checkedJwk(method, method.publicKeyJwk, undefined);
    throw formatError(method, 'has a key format this implementation cannot read');
  }
  if (format.jwk && method.publicKeyJwk) return checkedJwk(method, method.publicKeyJwk, format.keyTypes);
  let raw: RawPublicKey | undefined;
  try {
    if (format.multibase && method.publicKeyMultibase !== undefined) {
      raw = decodeMultikey(method.publicKeyMultibase, `${method.id} publicKeyMultibase`);
    } else if (format.base58 && method.publicKeyBase58 !== undefined) {
      raw = { keyType: format.base58, bytes: decodeBase58(method.publicKeyBase58, `${method.id} publicKeyBase58`) };
    }
  } catch (cause) {
    throw formatError(method, 'has key material that does not decode', cause);
  }
  if (!raw) throw formatError(method, `has none of the key members its type uses (${describeMembers(format)})`);
  if (format.keyTypes && !format.keyTypes.includes(raw.keyType)) {
    throw formatError(method, `encodes a ${raw.keyType} key, but its type holds ${format.keyTypes.join(' or ')} keys`);
  }
  try {
    return publicJwkOfRawKey(raw, method.id);
  } catch (cause) {
    throw formatError(method, 'does not hold a valid public key', cause);
  }
}

function checkedJwk(method: VerificationMethod, jwk: JsonWebKey, keyTypes: readonly KeyType[] | undefined): JsonWebKey {
  const keyType = keyTypeOfJwk(jwk);
  if (!keyType) throw formatError(method, `has a JWK of unsupported kty/crv (${String(jwk.kty)}/${String(jwk.crv)})`);
  if (keyTypes && !keyTypes.includes(keyType)) {
    throw formatError(method, `has a ${keyType} JWK, but its type holds ${keyTypes.join(' or ')} keys`);
  }
  // Round-trip through the raw form: checks coordinate lengths and that the point is on the curve.
  const checked = publicJwkOfRawKey(rawKeyOfPublicJwk(jwk, `${method.id} publicKeyJwk`), method.id);
  if (checked.y !== undefined && checked.y !== jwk.y) throw formatError(method, 'has a JWK whose "y" is not on the curve');
  return jwk;
}

function describeMembers(format: MethodFormat): string {
  const members: string[] = [];
  if (format.jwk) members.push('publicKeyJwk');
  if (format.multibase) members.push('publicKeyMultibase');
  if (format.base58) members.push('publicKeyBase58');
  return members.join(', ');
}
