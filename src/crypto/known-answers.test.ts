import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { aesKeyUnwrap, aesKeyWrap } from './aes-kw.js';
import { concatKdf } from './concat-kdf.js';
import { A256CBC_HS512 } from './content/a256cbc-hs512.js';
import { A256GCM } from './content/a256gcm.js';
import { XC20P } from './content/xc20p.js';
import { CONTENT_ENCRYPTION } from './algorithms.js';

const hex = (value: string): Buffer => Buffer.from(value.replace(/\s+/g, ''), 'hex');

describe('Concat KDF (ENC-KDF-003)', () => {
  test('RFC 7518 Appendix C: ECDH-ES key agreement example derives VqqN6vgjbSBcIijNcacQGg', () => {
    const key = concatKdf({
      z: hex('9e56d91d817135d372834283bf84269cfb316ea3da806a48f6daa7798cfe90c4'),
      algorithm: 'A128GCM', apu: Buffer.from('Alice'), apv: Buffer.from('Bob'), keyBits: 128,
    });
    expect(key.toString('base64url')).toBe('VqqN6vgjbSBcIijNcacQGg');
  });

  test('ECDH-1PU appends the tag length-prefixed (ENC-KDF-004); the unprefixed quirk gives another key (AMB-02)', () => {
    const input = { z: hex('01'.repeat(64)), algorithm: 'ECDH-1PU+A256KW', apu: Buffer.from('a'), apv: Buffer.from('b'), keyBits: 256, tag: hex('02'.repeat(32)) };
    const prefixed = concatKdf(input);
    expect(prefixed).toHaveLength(32);
    expect(prefixed.equals(concatKdf({ ...input, unprefixedTag: true }))).toBe(false);
    const { tag: _tag, ...withoutTag } = input;
    expect(prefixed.equals(concatKdf(withoutTag))).toBe(false);
  });
});

describe('Concat KDF laid out in one block equals the round-by-round definition (ENC-KDF-003/004)', () => {
  // SP 800-56A §5.8.1 written out: H(counter ‖ Z ‖ AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo [‖ tag]).
  const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  const prefixed = (bytes: Buffer): Buffer => Buffer.concat([u32(bytes.length), bytes]);
  function definition(z: Buffer, alg: string, apu: Buffer, apv: Buffer, keyBits: number, tag?: Buffer, unprefixed = false): Buffer {
    const otherInfo = Buffer.concat([prefixed(Buffer.from(alg)), prefixed(apu), prefixed(apv), u32(keyBits), ...(tag ? [unprefixed ? tag : prefixed(tag)] : [])]);
    const rounds = Array.from({ length: Math.ceil(keyBits / 256) }, (_, i) => createHash('sha256').update(u32(i + 1)).update(z).update(otherInfo).digest());
    return Buffer.concat(rounds).subarray(0, keyBits / 8);
  }
  const z = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
  const apu = Buffer.from('did:example:alice#key-x25519-1');
  const apv = Buffer.from('0123456789abcdef0123456789abcdef');
  const tag = Buffer.alloc(32, 0xa5);

  test.each([
    ['ECDH-ES, no tag', 'ECDH-ES+A256KW', Buffer.alloc(0), 256, undefined, false],
    ['ECDH-1PU, length-prefixed tag', 'ECDH-1PU+A256KW', apu, 256, tag, false],
    ['ECDH-1PU, unprefixed tag (AMB-02 quirk)', 'ECDH-1PU+A256KW', apu, 256, tag, true],
    ['two rounds (512 bits)', 'ECDH-1PU+A256KW', apu, 512, tag, false],
  ] as const)('%s', (_what, alg, partyU, keyBits, suppTag, unprefixed) => {
    const derived = concatKdf({ z, algorithm: alg, apu: partyU, apv, keyBits, ...(suppTag ? { tag: suppTag, unprefixedTag: unprefixed } : {}) });
    expect(derived.toString('hex')).toBe(definition(z, alg, partyU, apv, keyBits, suppTag, unprefixed).toString('hex'));
  });
});

describe('A256KW (ENC-KDF-005)', () => {
  const kek = hex('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F');
  const key = hex('00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F');
  const wrapped = hex('28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21');

  test('RFC 3394 §4.6: 256 bits of key data with a 256-bit KEK', () => {
    expect(aesKeyWrap(kek, key).equals(wrapped)).toBe(true);
    expect(aesKeyUnwrap(kek, wrapped).equals(key)).toBe(true);
  });

  test('a flipped bit fails the integrity check with the opaque ERR_DECRYPTION_FAILED', () => {
    const bad = Buffer.from(wrapped);
    bad[3]! ^= 1;
    expect(() => aesKeyUnwrap(kek, bad)).toThrow(expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED', requirement: 'ENC-KDF-005' }));
  });
});

describe('A256CBC-HS512 (ENC-KDF-005)', () => {
  // RFC 7518 Appendix B.3.
  const k = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f');
  const p = Buffer.from('A cipher system must not be required to be secret, and it must be able to fall into the hands of the enemy without inconvenience');
  const iv = hex('1af38c2dc2b96ffdd86694092341bc04');
  const a = Buffer.from('The second principle of Auguste Kerckhoffs');

  test('RFC 7518 Appendix B.3 authentication tag', () => {
    const { ciphertext, tag } = A256CBC_HS512.seal(k, iv, p, a);
    expect(Buffer.from(tag).toString('hex')).toBe('4dd3b4c088a7f45c216839645b2012bf2e6269a8c56a816dbc1b267761955bc5');
    expect(Buffer.from(A256CBC_HS512.open(k, iv, ciphertext, tag, a)).equals(p)).toBe(true);
  });
});

describe('A256CBC-HS512 padding (RFC 7518 §5.2.2.2): checked after the tag, one native call each way', () => {
  const cek = Buffer.alloc(64, 3);
  const iv = Buffer.alloc(16, 5);
  const aad = Buffer.from('protected');
  // A ciphertext whose tag is right but whose last block does not decrypt to PKCS#7 padding.
  function sealedWithLastBlock(lastBlock: Buffer): { ciphertext: Buffer; tag: Buffer } {
    const cipher = createCipheriv('aes-256-cbc', cek.subarray(32), iv).setAutoPadding(false);
    const ciphertext = cipher.update(Buffer.concat([Buffer.alloc(16, 0x41), lastBlock]));
    const al = Buffer.alloc(8);
    al.writeUInt32BE(aad.length * 8, 4);
    const tag = createHmac('sha512', cek.subarray(0, 32)).update(aad).update(iv).update(ciphertext).update(al).digest().subarray(0, 32);
    return { ciphertext, tag };
  }

  test.each([
    ['a zero pad byte', Buffer.alloc(16, 0)],
    ['a pad byte over the block size', Buffer.alloc(16, 17)],
    ['pad bytes that disagree', Buffer.concat([Buffer.alloc(13, 0x41), Buffer.from([2, 3, 3])])],
  ])('%s is refused with ERR_DECRYPTION_FAILED although the tag verifies', (_what, lastBlock) => {
    const { ciphertext, tag } = sealedWithLastBlock(lastBlock);
    expect(() => A256CBC_HS512.open(cek, iv, ciphertext, tag, aad)).toThrow(expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }));
  });

  test('a full padding block and a one-byte pad are removed exactly', () => {
    expect(Buffer.from(A256CBC_HS512.open(cek, iv, ...args(sealedWithLastBlock(Buffer.alloc(16, 16))), aad)).equals(Buffer.alloc(16, 0x41))).toBe(true);
    const one = Buffer.concat([Buffer.alloc(15, 0x42), Buffer.from([1])]);
    expect(Buffer.from(A256CBC_HS512.open(cek, iv, ...args(sealedWithLastBlock(one)), aad)).equals(Buffer.concat([Buffer.alloc(16, 0x41), Buffer.alloc(15, 0x42)]))).toBe(true);
  });

  test.each([0, 1, 15, 16, 17, 1000])('seal of %i bytes is the AES-CBC of the PKCS#7-padded plaintext', (size) => {
    const plaintext = Buffer.alloc(size, 7);
    const { ciphertext, tag } = A256CBC_HS512.seal(cek, iv, plaintext, aad);
    const reference = createCipheriv('aes-256-cbc', cek.subarray(32), iv);
    expect(Buffer.from(ciphertext).equals(Buffer.concat([reference.update(plaintext), reference.final()]))).toBe(true);
    expect(Buffer.from(A256CBC_HS512.open(cek, iv, ciphertext, tag, aad)).equals(plaintext)).toBe(true);
  });

  const args = (sealed: { ciphertext: Buffer; tag: Buffer }): [Buffer, Buffer] => [sealed.ciphertext, sealed.tag];
});

describe.each([['A256CBC-HS512', A256CBC_HS512], ['A256GCM', A256GCM], ['XC20P', XC20P]] as const)('%s content encryption', (name, cipher) => {
  const key = Buffer.alloc(cipher.keyLength, 7);
  const iv = Buffer.alloc(cipher.ivLength, 9);
  const aad = Buffer.from('protected');
  const sealed = cipher.seal(key, iv, Buffer.from('hello DIDComm'), aad);

  test('sizes match ENC-JWE-014 and the algorithm table', () => {
    expect(CONTENT_ENCRYPTION[name]).toBe(cipher);
    expect(sealed.tag).toHaveLength(cipher.tagLength);
  });

  test.each([
    ['ciphertext', () => [key, iv, Buffer.from(sealed.ciphertext).fill(0, 0, 1), sealed.tag, aad]],
    ['tag', () => [key, iv, sealed.ciphertext, Buffer.from(sealed.tag).fill(0, 0, 1), aad]],
    ['aad', () => [key, iv, sealed.ciphertext, sealed.tag, Buffer.from('protecteD')]],
    ['iv', () => [key, Buffer.alloc(cipher.ivLength, 8), sealed.ciphertext, sealed.tag, aad]],
  ] as const)('a changed %s is refused with ERR_DECRYPTION_FAILED', (_what, args) => {
    expect(Buffer.from(cipher.open(key, iv, sealed.ciphertext, sealed.tag, aad)).toString()).toBe('hello DIDComm');
    const [k2, iv2, c2, t2, a2] = args();
    expect(() => cipher.open(k2, iv2, c2, t2, a2)).toThrow(expect.objectContaining({ code: 'ERR_DECRYPTION_FAILED' }));
  });
});
