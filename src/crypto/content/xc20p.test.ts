/**
 * XC20P through node's ChaCha20-Poly1305 under an HChaCha20 subkey: the draft's HChaCha20 vector, and the same
 * bytes as a whole-AEAD JavaScript implementation (@noble/ciphers, which XC20P used before) in both directions.
 */
import { randomBytes } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, test } from 'vitest';
import { hchacha20, XC20P } from './xc20p.js';

describe('XC20P (ENC-ALG-005)', () => {
  test('HChaCha20 gives the subkey of draft-irtf-cfrg-xchacha-03 §2.2.1', () => {
    const key = Buffer.from([...Array(32).keys()]);
    const nonce = Buffer.from('000000090000004a0000000031415927', 'hex');
    expect(hchacha20(key, nonce).toString('hex')).toBe('82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc');
  });

  test.each([0, 1, 63, 64, 65, 1000, 4099])('seals %i bytes as XChaCha20-Poly1305 does, and opens what it seals', (size) => {
    for (let i = 0; i < 5; i++) {
      const [key, nonce, plaintext, aad] = [randomBytes(32), randomBytes(24), randomBytes(size), randomBytes(i * 37)];
      const expected = Buffer.from(xchacha20poly1305(key, nonce, aad).encrypt(plaintext));
      const { ciphertext, tag } = XC20P.seal(key, nonce, plaintext, aad);
      expect(Buffer.concat([ciphertext, tag]).equals(expected)).toBe(true);
      expect(Buffer.from(XC20P.open(key, nonce, expected.subarray(0, size), expected.subarray(size), aad)).equals(plaintext)).toBe(true);
    }
  });

  test('a key, nonce or tag of another length is refused with ERR_DECRYPTION_FAILED', () => {
    const [key, nonce, aad] = [randomBytes(32), randomBytes(24), Buffer.from('protected')];
    const { ciphertext, tag } = XC20P.seal(key, nonce, Buffer.from('hello'), aad);
    const refused = expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED', requirement: 'ENC-ALG-005' });
    expect(() => XC20P.open(key.subarray(0, 31), nonce, ciphertext, tag, aad)).toThrow(refused);
    expect(() => XC20P.open(key, Buffer.concat([nonce, Buffer.alloc(1)]), ciphertext, tag, aad)).toThrow(refused);
    expect(() => XC20P.open(key, nonce, ciphertext, tag.subarray(0, 15), aad)).toThrow(refused);
  });
});
