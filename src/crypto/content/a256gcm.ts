/**
 * AES-256-GCM (RFC 7518 §5.3), recommended for anoncrypt only (ENC-ALG-002). Native.
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DidcommError } from '../../errors/didcomm-error.js';
import type { ContentCipher } from './content-cipher.js';

export const A256GCM: ContentCipher = {
  keyLength: 32,
  ivLength: 12,
  tagLength: 16,
  seal(cek, iv, plaintext, aad) {
    const cipher = createCipheriv('aes-256-gcm', cek, iv);
    cipher.setAAD(aad);
    // GCM is a stream mode: update returns every byte and final none, so no concatenation.
    const ciphertext = cipher.update(plaintext);
    cipher.final();
    return { ciphertext, tag: cipher.getAuthTag() };
  },
  open(cek, iv, ciphertext, tag, aad) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', cek, iv, { authTagLength: 16 });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      const plaintext = decipher.update(ciphertext);
      decipher.final(); // checks the tag: nothing is returned before it passed
      return plaintext;
    } catch (cause) {
      throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-ALG-002', cause });
    }
  },
};
