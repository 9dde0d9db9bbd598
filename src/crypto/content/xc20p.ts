/**
 * XChaCha20-Poly1305 (draft-amringer-jose-chacha-02, JWE `XC20P`), optional, anoncrypt only (ENC-ALG-002,
 * ENC-ALG-005). Node has no XChaCha, so this is @noble/ciphers.
 * @module
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { DidcommError } from '../../errors/didcomm-error.js';
import type { ContentCipher } from './content-cipher.js';

export const XC20P: ContentCipher = {
  keyLength: 32,
  ivLength: 24,
  tagLength: 16,
  seal(cek, iv, plaintext, aad) {
    const sealed = xchacha20poly1305(cek, iv, aad).encrypt(plaintext);
    return { ciphertext: sealed.subarray(0, sealed.length - 16), tag: sealed.subarray(sealed.length - 16) };
  },
  open(cek, iv, ciphertext, tag, aad) {
    const sealed = new Uint8Array(ciphertext.length + tag.length);
    sealed.set(ciphertext);
    sealed.set(tag, ciphertext.length);
    try {
      return xchacha20poly1305(cek, iv, aad).decrypt(sealed);
    } catch (cause) {
      throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-ALG-005', cause });
    }
  },
};
