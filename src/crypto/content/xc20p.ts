/**
 * XChaCha20-Poly1305 (draft-amringer-jose-chacha-02, JWE `XC20P`), optional, anoncrypt only (ENC-ALG-002,
 * ENC-ALG-005). Node has no XChaCha, but XChaCha20-Poly1305 is ChaCha20-Poly1305 (RFC 8439, native in node)
 * under a subkey that HChaCha20 derives from the key and the first 16 bytes of the 24-byte nonce, with the
 * nonce's last 8 bytes after four zero bytes as the 12-byte nonce (draft-irtf-cfrg-xchacha-03 §2.3). HChaCha20,
 * one ChaCha block without its final addition, is @noble/ciphers'; the content goes through OpenSSL, about 11 µs
 * less per 1 KB message than the whole AEAD in JavaScript (issue 17 item 5).
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { hchacha } from '@noble/ciphers/chacha.js';
import { DidcommError } from '../../errors/didcomm-error.js';
import type { ContentCipher } from './content-cipher.js';

const KEY_LENGTH = 32;
const NONCE_LENGTH = 24;
const TAG_LENGTH = 16;

function failed(cause?: unknown): DidcommError {
  return new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-ALG-005', cause });
}

/** ChaCha's constants, the first row of HChaCha20's state, as words over their bytes (like the key and nonce). */
const SIGMA = new Uint32Array(new TextEncoder().encode('expand 32-byte k').buffer);

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2): the 32-byte subkey of `key` and the nonce's first 16 bytes.
 * The block function is @noble/ciphers' (its words are the bytes as read on this host; it orders them itself).
 */
export function hchacha20(key: Uint8Array, nonce16: Uint8Array): Buffer {
  const keyWords = new Uint32Array(8);
  const nonceWords = new Uint32Array(4);
  const out = new Uint32Array(8);
  new Uint8Array(keyWords.buffer).set(key.subarray(0, KEY_LENGTH));
  new Uint8Array(nonceWords.buffer).set(nonce16.subarray(0, 16));
  hchacha(SIGMA, keyWords, nonceWords, out);
  return Buffer.from(out.buffer);
}

/** The RFC 8439 key and 12-byte nonce XChaCha20-Poly1305 runs ChaCha20-Poly1305 with. */
function ietfParameters(key: Uint8Array, nonce: Uint8Array): { subkey: Buffer; iv: Buffer } {
  const iv = Buffer.alloc(12);
  iv.set(nonce.subarray(16, NONCE_LENGTH), 4);
  return { subkey: hchacha20(key, nonce.subarray(0, 16)), iv };
}

export const XC20P: ContentCipher = {
  keyLength: KEY_LENGTH,
  ivLength: NONCE_LENGTH,
  tagLength: TAG_LENGTH,
  seal(cek, iv, plaintext, aad) {
    if (cek.length !== KEY_LENGTH || iv.length !== NONCE_LENGTH) throw new RangeError(`XC20P takes a ${KEY_LENGTH}-byte key and a ${NONCE_LENGTH}-byte nonce`);
    const { subkey, iv: ietfIv } = ietfParameters(cek, iv);
    const cipher = createCipheriv('chacha20-poly1305', subkey, ietfIv, { authTagLength: TAG_LENGTH });
    cipher.setAAD(aad, { plaintextLength: plaintext.length });
    // A stream cipher: update returns every byte and final none.
    const ciphertext = cipher.update(plaintext);
    cipher.final();
    return { ciphertext, tag: cipher.getAuthTag() };
  },
  open(cek, iv, ciphertext, tag, aad) {
    // Sizes the AEAD itself would refuse: nothing is decrypted under a key or nonce of another length.
    if (cek.length !== KEY_LENGTH || iv.length !== NONCE_LENGTH || tag.length !== TAG_LENGTH) throw failed();
    try {
      const { subkey, iv: ietfIv } = ietfParameters(cek, iv);
      const decipher = createDecipheriv('chacha20-poly1305', subkey, ietfIv, { authTagLength: TAG_LENGTH });
      decipher.setAAD(aad, { plaintextLength: ciphertext.length });
      decipher.setAuthTag(tag);
      const plaintext = decipher.update(ciphertext);
      decipher.final(); // checks the tag: nothing is returned before it passed
      return plaintext;
    } catch (cause) {
      throw failed(cause);
    }
  },
};
