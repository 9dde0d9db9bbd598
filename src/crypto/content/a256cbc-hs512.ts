/**
 * AES_256_CBC_HMAC_SHA_512 (RFC 7518 §5.2.5), the content encryption every DIDComm agent must support and
 * the only one authcrypt allows (ENC-ALG-002, ENC-AUTH-002). Native AES-CBC and HMAC. ENC-KDF-005.
 * @module
 */
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { DidcommError } from '../../errors/didcomm-error.js';
import type { ContentCipher } from './content-cipher.js';

const BLOCK = 16;

function authenticationTag(macKey: Uint8Array, aad: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  // AL: the AAD length in bits as a 64-bit big-endian integer (RFC 7518 §5.2.2.1 step 4).
  const aadBits = Buffer.alloc(8);
  const bits = aad.length * 8;
  aadBits.writeUInt32BE(Math.floor(bits / 2 ** 32), 0);
  aadBits.writeUInt32BE(bits >>> 0, 4);
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
    // PKCS#7 padding laid out here, so that the ciphertext is one native call's one output buffer.
    const pad = BLOCK - (plaintext.length % BLOCK);
    const padded = Buffer.allocUnsafe(plaintext.length + pad);
    padded.set(plaintext);
    padded.fill(pad, plaintext.length);
    const cipher = createCipheriv('aes-256-cbc', cek.subarray(32), iv).setAutoPadding(false);
    const ciphertext = cipher.update(padded);
    return { ciphertext, tag: authenticationTag(cek.subarray(0, 32), aad, iv, ciphertext) };
  },
  open(cek, iv, ciphertext, tag, aad) {
    const expected = authenticationTag(cek.subarray(0, 32), aad, iv, ciphertext);
    if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) throw failed();
    if (ciphertext.length === 0 || ciphertext.length % BLOCK !== 0) throw failed();
    let padded: Buffer;
    try {
      padded = createDecipheriv('aes-256-cbc', cek.subarray(32), iv).setAutoPadding(false).update(ciphertext);
    } catch (cause) {
      throw failed(cause);
    }
    // The tag was verified first (encrypt-then-MAC), so the padding check leaks nothing; it is still made.
    const pad = padded[padded.length - 1]!;
    if (pad < 1 || pad > BLOCK) throw failed();
    for (let i = padded.length - pad; i < padded.length; i++) if (padded[i] !== pad) throw failed();
    return padded.subarray(0, padded.length - pad);
  },
};
