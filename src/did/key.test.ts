import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Resolver } from 'did-resolver';
import { getResolver as getKeyDidResolver } from 'key-did-resolver';
import { KeyDidResolver } from '@credo-ts/core';
import type { DidDocument, VerificationMethod } from './document.js';
import { resolveDidKey, didKeyOf } from './key.js';
import { publicJwkOfVerificationMethod } from './key-formats.js';
import { encodeBase58btcMultibase, rawKeyOfPublicJwk, type KeyType } from './multikey.js';

const ceramic = new Resolver(getKeyDidResolver());
const COORDINATE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, secp256k1: 32 };

/**
 * key-did-resolver writes EC coordinates without their leading zero bytes (RFC 7518 §6.2.1.2 wants the
 * full length), which a strict reader refuses; re-pad them so the comparison is about the key itself.
 */
function padOracleJwks(doc: DidDocument): DidDocument {
  for (const vm of doc.verificationMethod ?? []) {
    const jwk = vm.publicKeyJwk;
    if (jwk?.kty !== 'EC') continue;
    const size = COORDINATE_BYTES[jwk.crv!]!;
    for (const c of ['x', 'y'] as const) {
      const bytes = Buffer.from(jwk[c]!, 'base64url');
      jwk[c] = Buffer.concat([Buffer.alloc(size - bytes.length), bytes]).toString('base64url');
    }
  }
  return doc;
}
const credoContext = { config: { logger: { error: () => undefined } } } as never;

function jwkOf(doc: DidDocument, ref: string | VerificationMethod): Record<string, unknown> {
  const vm = typeof ref === 'string' ? doc.verificationMethod!.find((m) => m.id === ref)! : ref;
  const { kty, crv, x, y } = publicJwkOfVerificationMethod(vm);
  return { kty, crv, x, ...(y ? { y } : {}) };
}

function relationshipKeys(doc: DidDocument, relationship: 'authentication' | 'keyAgreement'): Array<[string, Record<string, unknown>]> {
  return (doc[relationship] ?? []).map((ref) => [typeof ref === 'string' ? ref : ref.id, jwkOf(doc, ref)]);
}

function freshDidKey(keyType: KeyType): string {
  const generate = {
    Ed25519: () => generateKeyPairSync('ed25519'),
    X25519: () => generateKeyPairSync('x25519'),
    'P-256': () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
    'P-384': () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }),
    'P-521': () => generateKeyPairSync('ec', { namedCurve: 'secp521r1' }),
    secp256k1: () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
  }[keyType];
  return didKeyOf(rawKeyOfPublicJwk(generate().publicKey.export({ format: 'jwk' })));
}

describe('did:key', () => {
  it('uses the multicodec prefixes of the did:key spec', () => {
    expect(freshDidKey('Ed25519')).toMatch(/^did:key:z6Mk/);
    expect(freshDidKey('X25519')).toMatch(/^did:key:z6LS/);
    expect(freshDidKey('P-256')).toMatch(/^did:key:zDn/);
    expect(freshDidKey('P-384')).toMatch(/^did:key:z82/);
    expect(freshDidKey('P-521')).toMatch(/^did:key:z2J9/);
    expect(freshDidKey('secp256k1')).toMatch(/^did:key:zQ3s/);
  });

  it.each(['Ed25519', 'P-256', 'P-384', 'P-521', 'secp256k1'] as const)(
    'agrees with key-did-resolver (Ceramic) on the %s authentication key id and material', async (keyType) => {
      const did = freshDidKey(keyType);
      const oracle = padOracleJwks((await ceramic.resolve(did)).didDocument as unknown as DidDocument);
      expect(oracle, `key-did-resolver resolved ${did}`).toBeTruthy();
      expect(relationshipKeys(resolveDidKey(did), 'authentication')).toEqual(relationshipKeys(oracle, 'authentication'));
    },
  );

  it('agrees with key-did-resolver and credo-ts on the X25519 key derived from an Ed25519 did:key (id and material)', async () => {
    for (let i = 0; i < 5; i++) {
      const did = freshDidKey('Ed25519');
      const ours = relationshipKeys(resolveDidKey(did), 'keyAgreement');
      expect(ours).toHaveLength(1);
      expect(ours[0]![0]).toMatch(new RegExp(`^${did}#z6LS`));
      expect(ours).toEqual(relationshipKeys((await ceramic.resolve(did)).didDocument as unknown as DidDocument, 'keyAgreement'));
      const credo = (await new KeyDidResolver().resolve(credoContext, did)).didDocument!.toJSON() as unknown as DidDocument;
      expect(ours).toEqual(relationshipKeys(credo, 'keyAgreement'));
    }
  });

  it('agrees with credo-ts on an X25519 did:key (keyAgreement only)', async () => {
    const did = freshDidKey('X25519');
    const ours = resolveDidKey(did);
    const credo = (await new KeyDidResolver().resolve(credoContext, did)).didDocument!.toJSON() as unknown as DidDocument;
    expect(relationshipKeys(ours, 'keyAgreement')).toEqual(relationshipKeys(credo, 'keyAgreement'));
    expect(ours.authentication).toBeUndefined();
  });

  it('puts NIST keys in keyAgreement too, secp256k1 only in authentication', () => {
    expect(resolveDidKey(freshDidKey('P-384')).keyAgreement).toHaveLength(1);
    expect(resolveDidKey(freshDidKey('secp256k1')).keyAgreement).toBeUndefined();
  });

  it('derives no X25519 key when asked not to', () => {
    expect(resolveDidKey(freshDidKey('Ed25519'), { deriveX25519: false }).keyAgreement).toBeUndefined();
  });

  it.each([
    ['no multibase prefix', 'did:key:6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH', undefined],
    ['a path', 'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH/x', undefined],
    ['an unknown multicodec (0x1300 ed25519-priv)', `did:key:${encodeBase58btcMultibase(Uint8Array.from([0x80, 0x26, ...new Array(32).fill(1)]))}`, 'ERR_KEY_FORMAT'],
    ['a P-256 key that is not a point', `did:key:${encodeBase58btcMultibase(Uint8Array.from([0x80, 0x24, 0x02, ...new Array(32).fill(0xff)]))}`, 'ERR_KEY_FORMAT'],
    ['a truncated Ed25519 key', `did:key:${encodeBase58btcMultibase(Uint8Array.from([0xed, 0x01, ...new Array(31).fill(1)]))}`, 'ERR_KEY_FORMAT'],
  ])('rejects a did:key with %s as ERR_DID_NOT_RESOLVED / KEYS-004', (_, did, causeCode) => {
    let error: unknown;
    try { resolveDidKey(did); } catch (e) { error = e; }
    expect(error).toMatchObject({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'KEYS-004' });
    if (causeCode) expect((error as Error).cause).toMatchObject({ code: causeCode, requirement: 'KEYS-004' });
  });
});
