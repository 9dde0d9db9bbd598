/**
 * AES_256_CBC_HMAC_SHA_512 (RFC 7518 §5.2.5), the content encryption every DIDComm agent must support and
 * the only one authcrypt allows (ENC-ALG-002, ENC-AUTH-002). Native AES-CBC and HMAC. ENC-KDF-005.
 * @module
 */
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { DidcommError } from '../../errors/didcomm-error.js';
import type { ContentCipher } from './content-cipher.js';

function authenticationTag(macKey: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  return createHmac('sha512', macKey).update(aad).update(iv).update(ciphertext).update(aadBits).digest().subarray(0, 32);
}

function failed(cause?: unknown): DidcommError {
  return new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-KDF-005', cause });
}

export const A256CBC_HS512: ContentCipher = {
  keyLength: 64,
  ivLength: 16,
  tagLength: 32,
  seal(cek, iv, plaintext, aad) {
    const cipher = createCipheriv('aes-256-cbc', cek.subarray(32), iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext, tag: authenticationTag(cek.subarray(0, 32), aad, iv, ciphertext) };
  },
  open(cek, iv, ciphertext, tag, aad) {
    const expected = authenticationTag(cek.subarray(0, 32), aad, iv, ciphertext);
    if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) throw failed();
    try {
      const decipher = createDecipheriv('aes-256-cbc', cek.subarray(32), iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch (cause) {
      throw failed(cause);
    }
  },
};
