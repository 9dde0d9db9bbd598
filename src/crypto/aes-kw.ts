/**
 * AES Key Wrap with a 256-bit KEK (RFC 3394, JWA `A256KW`), native. ENC-KDF-005.
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DidcommError } from '../errors/didcomm-error.js';

const DEFAULT_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

/**
 * One pass of OpenSSL's wrap cipher. Its `update` does the whole RFC 3394 operation (an integrity failure throws
 * there) and its `final` adds nothing, so `final` is called only if `update` ever returned less than the whole
 * result: every native call returns a Buffer the garbage collector must free.
 */
function run(cipher: { update(data: Uint8Array): Buffer; final(): Buffer }, input: Uint8Array, outputLength: number): Buffer {
  const out = cipher.update(input);
  return out.length === outputLength ? out : Buffer.concat([out, cipher.final()]);
}

export function aesKeyWrap(kek: Uint8Array, cek: Uint8Array): Buffer {
  return run(createCipheriv('id-aes256-wrap', kek, DEFAULT_IV), cek, cek.length + 8);
}

/** Unwraps a CEK; an integrity-check failure is the opaque `ERR_DECRYPTION_FAILED`. */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) {
    throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-KDF-005' });
  }
  try {
    return run(createDecipheriv('id-aes256-wrap', kek, DEFAULT_IV), wrapped, wrapped.length - 8);
  } catch (cause) {
    throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-KDF-005', cause });
  }
}
