/**
 * AES Key Wrap with a 256-bit KEK (RFC 3394, JWA `A256KW`), native. ENC-KDF-005.
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DidcommError } from '../errors/didcomm-error.js';

const DEFAULT_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

/** One pass of OpenSSL's wrap cipher: `update` returns the whole result and `final` nothing, so no concatenation. */
function run(cipher: { update(data: Uint8Array): Buffer; final(): Buffer }, input: Uint8Array): Buffer {
  const out = cipher.update(input);
  const rest = cipher.final();
  return rest.length === 0 ? out : Buffer.concat([out, rest]);
}

export function aesKeyWrap(kek: Uint8Array, cek: Uint8Array): Buffer {
  return run(createCipheriv('id-aes256-wrap', kek, DEFAULT_IV), cek);
}

/** Unwraps a CEK; an integrity-check failure is the opaque `ERR_DECRYPTION_FAILED`. */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) {
    throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-KDF-005' });
  }
  try {
    return run(createDecipheriv('id-aes256-wrap', kek, DEFAULT_IV), wrapped);
  } catch (cause) {
    throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-KDF-005', cause });
  }
}
