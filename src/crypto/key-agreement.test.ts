/**
 * ECDH-1PU's static term Zs computed once per key pair (src/crypto/key-agreement.ts): the KEKs stay those of
 * the definition, Ze || Zs through the Concat KDF, message after message and after another pair's; a pair the
 * agreement refuses (a small-order key) is refused every time, never remembered as a secret.
 */
import { createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { concatKdf } from './concat-kdf.js';
import { recipientKek, senderKek, type KekInput } from './key-agreement.js';

const pair = () => generateKeyPairSync('x25519');
const input: KekInput = { alg: 'ECDH-1PU+A256KW', apu: Buffer.from('alice'), apv: Buffer.from('bob'), tag: Buffer.alloc(32, 7) };
/** The KEK by the definition: both ECDHs computed now. */
const byDefinition = (ephemeral: KeyObject, sender: KeyObject, recipient: KeyObject): Buffer => concatKdf({
  z: Buffer.concat([diffieHellman({ privateKey: ephemeral, publicKey: recipient }), diffieHellman({ privateKey: sender, publicKey: recipient })]),
  algorithm: 'ECDH-1PU+A256KW', apu: input.apu, apv: input.apv, keyBits: 256, tag: input.tag!,
});

describe('ECDH-1PU with the static term computed once per key pair', () => {
  test('sender and recipient derive the KEK of the definition, message after message, for each pair of keys', () => {
    const [alice, carol, bob, dave] = [pair(), pair(), pair(), pair()];
    for (const [sender, recipient] of [[alice, bob], [alice, dave], [carol, bob], [alice, bob]] as const) {
      for (let message = 0; message < 3; message++) {
        const ephemeral = pair();
        const kek = senderKek(input, ephemeral.privateKey, recipient.publicKey, sender.privateKey);
        expect(kek.equals(byDefinition(ephemeral.privateKey, sender.privateKey, recipient.publicKey))).toBe(true);
        expect(recipientKek(input, recipient.privateKey, ephemeral.publicKey, sender.publicKey).equals(kek)).toBe(true);
      }
    }
  });

  test('a small-order sender key is refused every time (ENC-JWE-011), not remembered', () => {
    const bob = pair();
    // The X25519 point of order 1 (u = 1): every agreement with it is all zeros.
    const smallOrder = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from([1, ...Array(31).fill(0)]).toString('base64url') }, format: 'jwk' });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => recipientKek(input, bob.privateKey, pair().publicKey, smallOrder)).toThrow(expect.objectContaining({ code: 'ERR_EPK_INVALID', requirement: 'ENC-JWE-011' }));
    }
  });
});
