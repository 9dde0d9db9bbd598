/**
 * AES Key Wrap with a 256-bit KEK (RFC 3394, JWA `A256KW`), native. ENC-KDF-005.
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DidcommError } from '../errors/didcomm-error.js';

const DEFAULT_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

export function aesKeyWrap(kek: Uint8Array, cek: Uint8Array): Buffer {
  const cipher = createCipheriv('id-aes256-wrap', kek, DEFAULT_IV);
  return Buffer.concat([cipher.update(cek), cipher.final()]);
}

/** Unwraps a CEK; an integrity-check failure is the opaque `ERR_DECRYPTION_FAILED`. */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  if (wrapped.length < 24 || wrapped.length % 8 !== 0) {
    throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-KDF-005' });
  }
  try {
    const decipher = createDecipheriv('id-aes256-wrap', kek, DEFAULT_IV);
    return Buffer.concat([decipher.update(wrapped), decipher.final()]);
  } catch (cause) {
    throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-KDF-005', cause });
  }
}
