import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { VerificationMethod } from './document.js';
import { exampleDidDocuments } from './example.js';
import { publicJwkOfVerificationMethod } from './key-formats.js';
import { encodeBase58, encodeBase58btcMultibase, encodeMultikey, rawKeyOfPublicJwk } from './multikey.js';

const id = 'did:example:x#k';

function publicJwk(type: 'ed25519' | 'x25519' | 'P-256' | 'secp256k1'): Record<string, string> {
  const pair = type === 'ed25519' || type === 'x25519'
    ? generateKeyPairSync(type as 'ed25519')
    : generateKeyPairSync('ec', { namedCurve: type === 'P-256' ? 'prime256v1' : 'secp256k1' });
  return pair.publicKey.export({ format: 'jwk' }) as Record<string, string>;
}

describe('publicJwkOfVerificationMethod (KEYS-004)', () => {
  it('reads the same Ed25519 key identically as JWK, Multikey, Ed25519VerificationKey2018 and 2020', () => {
    const jwk = publicJwk('ed25519');
    const raw = rawKeyOfPublicJwk(jwk);
    const forms: VerificationMethod[] = [
      { id, type: 'JsonWebKey2020', publicKeyJwk: jwk },
      { id, type: 'Multikey', publicKeyMultibase: encodeMultikey(raw) },
      { id, type: 'Ed25519VerificationKey2018', publicKeyBase58: encodeBase58(raw.bytes) },
      { id, type: 'Ed25519VerificationKey2020', publicKeyMultibase: encodeMultikey(raw) },
    ];
    for (const vm of forms) expect(publicJwkOfVerificationMethod(vm), vm.type).toEqual({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
  });

  it('reads the same X25519 key identically as JWK, Multikey, X25519KeyAgreementKey2019 and 2020', () => {
    const jwk = publicJwk('x25519');
    const raw = rawKeyOfPublicJwk(jwk);
    const forms: VerificationMethod[] = [
      { id, type: 'JsonWebKey2020', publicKeyJwk: jwk },
      { id, type: 'Multikey', publicKeyMultibase: encodeMultikey(raw) },
      { id, type: 'X25519KeyAgreementKey2019', publicKeyBase58: encodeBase58(raw.bytes) },
      { id, type: 'X25519KeyAgreementKey2020', publicKeyMultibase: encodeMultikey(raw) },
    ];
    for (const vm of forms) expect(publicJwkOfVerificationMethod(vm), vm.type).toEqual({ kty: 'OKP', crv: 'X25519', x: jwk.x });
  });

  it('decompresses P-256 and secp256k1 Multikeys to the original coordinates', () => {
    for (const curve of ['P-256', 'secp256k1'] as const) {
      const jwk = publicJwk(curve);
      expect(publicJwkOfVerificationMethod({ id, type: 'Multikey', publicKeyMultibase: encodeMultikey(rawKeyOfPublicJwk(jwk)) }))
        .toEqual({ kty: 'EC', crv: curve, x: jwk.x, y: jwk.y });
    }
    const k1 = publicJwk('secp256k1');
    expect(publicJwkOfVerificationMethod({ id, type: 'EcdsaSecp256k1VerificationKey2019', publicKeyBase58: encodeBase58(rawKeyOfPublicJwk(k1).bytes) }))
      .toEqual({ kty: 'EC', crv: 'secp256k1', x: k1.x, y: k1.y });
  });

  it('reads every verification method of the spec and SICPA vector documents', () => {
    const all = [...exampleDidDocuments('spec'), ...exampleDidDocuments('sicpa')].flatMap((doc) => [
      ...(doc.verificationMethod ?? []),
      ...(doc.keyAgreement ?? []).filter((e): e is VerificationMethod => typeof e !== 'string'),
      ...(doc.authentication ?? []).filter((e): e is VerificationMethod => typeof e !== 'string'),
    ]);
    expect(all.length).toBeGreaterThan(40);
    for (const vm of all) expect(publicJwkOfVerificationMethod(vm), vm.id).toEqual(vm.publicKeyJwk);
  });

  it.each([
    ['an Ed25519 key (0xed) in an X25519KeyAgreementKey2020', () => ({ id, type: 'X25519KeyAgreementKey2020', publicKeyMultibase: encodeMultikey(rawKeyOfPublicJwk(publicJwk('ed25519'))) })],
    ['an X25519 key (0xec) in an Ed25519VerificationKey2020', () => ({ id, type: 'Ed25519VerificationKey2020', publicKeyMultibase: encodeMultikey(rawKeyOfPublicJwk(publicJwk('x25519'))) })],
    ['a P-256 JWK in an EcdsaSecp256k1VerificationKey2019', () => ({ id, type: 'EcdsaSecp256k1VerificationKey2019', publicKeyJwk: publicJwk('P-256') })],
    ['a 2020 multibase key without multicodec header', () => ({ id, type: 'Ed25519VerificationKey2020', publicKeyMultibase: encodeBase58btcMultibase(rawKeyOfPublicJwk(publicJwk('ed25519')).bytes) })],
    ['an unknown verification method type', () => ({ id, type: 'RsaVerificationKey2018', publicKeyPem: '-----BEGIN' })],
    ['a known type without its key member', () => ({ id, type: 'Multikey', publicKeyBase58: 'abc' })],
    ['a JWK of an unknown curve', () => ({ id, type: 'JsonWebKey2020', publicKeyJwk: { kty: 'OKP', crv: 'X448', x: 'AAAA' } })],
    ['a P-256 JWK whose y is not on the curve', () => {
      const jwk = publicJwk('P-256');
      const y = Buffer.from(jwk.y!, 'base64url');
      y[5]! ^= 1;
      return { id, type: 'JsonWebKey2020', publicKeyJwk: { ...jwk, y: y.toString('base64url') } };
    }],
  ])('rejects %s with ERR_KEY_FORMAT / KEYS-004', (_, make) => {
    expect(() => publicJwkOfVerificationMethod(make() as VerificationMethod))
      .toThrow(expect.objectContaining({ code: 'ERR_KEY_FORMAT', requirement: 'KEYS-004' }));
  });

  it('refuses a JWK that carries private key material with ERR_KEY_NOT_FOUND / KEYS-004', () => {
    const jwk = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
    expect(() => publicJwkOfVerificationMethod({ id, type: 'JsonWebKey2020', publicKeyJwk: jwk }))
      .toThrow(expect.objectContaining({ code: 'ERR_KEY_NOT_FOUND', requirement: 'KEYS-004' }));
  });
});
