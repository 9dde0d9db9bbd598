/**
 * Everything the envelope layer needs to know about each JWA identifier DIDComm allows, in one table
 * (ENC-ALG-001..003, ENV-SIGN-001).
 * @module
 */
import type { ContentEncryption, KeyWrapAlgorithm, SignatureAlgorithm } from '../didcomm/types.js';
import { A256CBC_HS512 } from './content/a256cbc-hs512.js';
import { A256GCM } from './content/a256gcm.js';
import type { ContentCipher } from './content/content-cipher.js';
import { CONTENT_ENCRYPTIONS } from './jwa-names.js';
import { XC20P } from './content/xc20p.js';

export const CONTENT_ENCRYPTION: Record<ContentEncryption, ContentCipher> = {
  'A256CBC-HS512': A256CBC_HS512,
  A256GCM,
  XC20P,
};

export const KEY_WRAP_ALGORITHMS: readonly KeyWrapAlgorithm[] = ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW'];
export const SIGNATURE_ALGORITHMS: readonly SignatureAlgorithm[] = ['EdDSA', 'ES256', 'ES256K'];

/** Content encryption each key wrap allows: authcrypt only A256CBC-HS512 (ENC-AUTH-002, ENC-ANON-003). */
export const ALLOWED_ENC: Record<KeyWrapAlgorithm, readonly ContentEncryption[]> = {
  'ECDH-ES+A256KW': CONTENT_ENCRYPTIONS,
  'ECDH-1PU+A256KW': ['A256CBC-HS512'],
};

export function isContentEncryption(value: unknown): value is ContentEncryption {
  return typeof value === 'string' && Object.hasOwn(CONTENT_ENCRYPTION, value);
}

export function isKeyWrapAlgorithm(value: unknown): value is KeyWrapAlgorithm {
  return typeof value === 'string' && (KEY_WRAP_ALGORITHMS as readonly string[]).includes(value);
}

export function isSignatureAlgorithm(value: unknown): value is SignatureAlgorithm {
  return typeof value === 'string' && (SIGNATURE_ALGORITHMS as readonly string[]).includes(value);
}
