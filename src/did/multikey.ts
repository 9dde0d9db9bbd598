/**
 * Public keys as DID methods write them: multicodec-prefixed, multibase (base58btc, `z`) encoded
 * (`Multikey`, did:key, did:peer), bare base58 (`publicKeyBase58` of the 2018/2019 suites), and the
 * conversion of those raw keys to and from public JWKs (KEYS-004).
 *
 * Multicodec table (varint-encoded prefix): ed25519-pub 0xed (`z6Mk`), x25519-pub 0xec (`z6LS`),
 * p256-pub 0x1200 (`zDn`), p384-pub 0x1201 (`z82`), p521-pub 0x1202, secp256k1-pub 0xe7 (`zQ3s`).
 * EC keys are compressed SEC1 points, as the multicodec table requires.
 * @module
 */
import { ECDH, createPublicKey, type JsonWebKey } from 'node:crypto';
import { base58 } from '@scure/base';
import { DidcommError } from '../errors/didcomm-error.js';

/** The key types DIDComm agents publish in DID documents. */
export type KeyType = 'Ed25519' | 'X25519' | 'P-256' | 'P-384' | 'P-521' | 'secp256k1';

interface KeyTypeInfo {
  /** Multicodec code of the public key. */
  codec: number;
  kty: 'OKP' | 'EC';
  /** Length of the OKP key, or of one EC coordinate, in bytes. */
  size: number;
  /** OpenSSL curve name (EC only). */
  opensslName?: string;
}

const KEY_TYPE_INFO: Record<KeyType, KeyTypeInfo> = {
  Ed25519: { codec: 0xed, kty: 'OKP', size: 32 },
  X25519: { codec: 0xec, kty: 'OKP', size: 32 },
  'P-256': { codec: 0x1200, kty: 'EC', size: 32, opensslName: 'prime256v1' },
  'P-384': { codec: 0x1201, kty: 'EC', size: 48, opensslName: 'secp384r1' },
  'P-521': { codec: 0x1202, kty: 'EC', size: 66, opensslName: 'secp521r1' },
  secp256k1: { codec: 0xe7, kty: 'EC', size: 32, opensslName: 'secp256k1' },
};

/** Every key type, in a stable order. */
export const KEY_TYPES: readonly KeyType[] = Object.keys(KEY_TYPE_INFO) as KeyType[];

/** True for a key type name this module knows. */
export function isKeyType(value: unknown): value is KeyType {
  return typeof value === 'string' && Object.hasOwn(KEY_TYPE_INFO, value);
}

/** A public key as raw bytes (EC: compressed point) with its type. */
export interface RawPublicKey {
  keyType: KeyType;
  bytes: Uint8Array;
}

function keyFormatError(message: string, cause?: unknown): DidcommError {
  return new DidcommError('ERR_KEY_FORMAT', message, cause === undefined ? { requirement: 'KEYS-004' } : { requirement: 'KEYS-004', cause });
}

/** Unsigned LEB128 varint, as multicodec and multihash prefixes use it. */
export function encodeVarint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    out.push(rest > 0 ? byte | 0x80 : byte);
  } while (rest > 0);
  return Uint8Array.from(out);
}

/** Reads a varint at the start of `bytes`; undefined when it is truncated or longer than 4 bytes. */
export function decodeVarint(bytes: Uint8Array): { value: number; length: number } | undefined {
  let value = 0;
  for (let i = 0; i < Math.min(bytes.length, 4); i++) {
    const byte = bytes[i]!;
    value |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) === 0) {
      // A non-minimal encoding (a trailing 0x00 continuation) is not a valid multicodec prefix.
      if (i > 0 && byte === 0) return undefined;
      return { value, length: i + 1 };
    }
  }
  return undefined;
}

/** base58btc with the multibase `z` prefix. */
export function encodeBase58btcMultibase(bytes: Uint8Array): string {
  return `z${base58.encode(bytes)}`;
}

/** Decodes a `z`-prefixed base58btc multibase string; throws `ERR_KEY_FORMAT` (KEYS-004). */
export function decodeBase58btcMultibase(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || !value.startsWith('z')) {
    throw keyFormatError(`${what} is not a base58btc multibase string (it must start with "z")`);
  }
  return decodeBase58(value.slice(1), what);
}

/** Decodes bare base58btc (`publicKeyBase58`); throws `ERR_KEY_FORMAT` (KEYS-004). */
export function decodeBase58(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || value.length === 0) throw keyFormatError(`${what} is not a base58 string`);
  try {
    return base58.decode(value);
  } catch (cause) {
    throw keyFormatError(`${what} is not valid base58btc`, cause);
  }
}

/** Encodes bare base58btc. */
export function encodeBase58(bytes: Uint8Array): string {
  return base58.encode(bytes);
}

/** The multibase multicodec form of a public key (`publicKeyMultibase` of `Multikey`, did:key suffix). */
export function encodeMultikey(key: RawPublicKey): string {
  const prefix = encodeVarint(KEY_TYPE_INFO[key.keyType].codec);
  const bytes = new Uint8Array(prefix.length + key.bytes.length);
  bytes.set(prefix, 0);
  bytes.set(key.bytes, prefix.length);
  return encodeBase58btcMultibase(bytes);
}

/**
 * Decodes a multibase multicodec public key and checks its length (KEYS-004). An unknown multicodec
 * (an uncompressed secp256k1 key, a private-key codec, ...) is `ERR_KEY_FORMAT`.
 */
export function decodeMultikey(multibase: unknown, what = 'publicKeyMultibase'): RawPublicKey {
  const bytes = decodeBase58btcMultibase(multibase, what);
  const prefix = decodeVarint(bytes);
  if (!prefix) throw keyFormatError(`${what} has no valid multicodec prefix`);
  const keyType = KEY_TYPES.find((type) => KEY_TYPE_INFO[type].codec === prefix.value);
  if (!keyType) throw keyFormatError(`${what} has multicodec 0x${prefix.value.toString(16)}, which is not a public key type we know`);
  const key = { keyType, bytes: bytes.slice(prefix.length) };
  checkRawLength(key, what);
  return key;
}

function checkRawLength(key: RawPublicKey, what: string): void {
  const info = KEY_TYPE_INFO[key.keyType];
  const expected = info.kty === 'OKP' ? info.size : info.size + 1;
  if (key.bytes.length !== expected) {
    throw keyFormatError(`${what} holds ${key.bytes.length} bytes; a ${key.keyType} public key has ${expected}${info.kty === 'EC' ? ' (compressed point)' : ''}`);
  }
}

/**
 * The public JWK of a raw key. EC points are decompressed (OpenSSL checks the point is on the curve)
 * and the result is imported once more as a JWK to make sure node accepts it.
 */
export function publicJwkOfRawKey(key: RawPublicKey, what = 'public key'): JsonWebKey {
  checkRawLength(key, what);
  const info = KEY_TYPE_INFO[key.keyType];
  let jwk: JsonWebKey;
  if (info.kty === 'OKP') {
    jwk = { kty: 'OKP', crv: key.keyType, x: Buffer.from(key.bytes).toString('base64url') };
  } else {
    let point: Buffer;
    try {
      point = ECDH.convertKey(Buffer.from(key.bytes), info.opensslName!, undefined, undefined, 'uncompressed') as Buffer;
    } catch (cause) {
      throw keyFormatError(`${what} is not a point on ${key.keyType}`, cause);
    }
    jwk = {
      kty: 'EC', crv: key.keyType,
      x: point.subarray(1, 1 + info.size).toString('base64url'),
      y: point.subarray(1 + info.size).toString('base64url'),
    };
  }
  try {
    createPublicKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw keyFormatError(`${what} is not a valid ${key.keyType} public key`, cause);
  }
  return jwk;
}

/** The key type a public JWK holds, or undefined for one we do not know. */
export function keyTypeOfJwk(jwk: JsonWebKey): KeyType | undefined {
  const crv = jwk.crv;
  return isKeyType(crv) && KEY_TYPE_INFO[crv].kty === jwk.kty ? crv : undefined;
}

/** The raw form of a public JWK (EC: compressed point), as did:key and Multikey encode it. */
export function rawKeyOfPublicJwk(jwk: JsonWebKey, what = 'JWK'): RawPublicKey {
  const keyType = keyTypeOfJwk(jwk);
  if (!keyType) throw keyFormatError(`${what} has an unsupported kty/crv (${String(jwk.kty)}/${String(jwk.crv)})`);
  const info = KEY_TYPE_INFO[keyType];
  const x = Buffer.from(String(jwk.x ?? ''), 'base64url');
  if (x.length !== info.size) throw keyFormatError(`${what} has a malformed "x" for ${keyType}`);
  if (info.kty === 'OKP') return { keyType, bytes: new Uint8Array(x) };
  const y = Buffer.from(String(jwk.y ?? ''), 'base64url');
  if (y.length !== info.size) throw keyFormatError(`${what} has a malformed "y" for ${keyType}`);
  const compressed = new Uint8Array(1 + info.size);
  compressed[0] = (y[y.length - 1]! & 1) === 1 ? 0x03 : 0x02;
  compressed.set(x, 1);
  return { keyType, bytes: compressed };
}
