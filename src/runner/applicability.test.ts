import { describe, expect, test } from 'vitest';
import { missingCapabilities, missingNeeds, scopeAllows, type CaseNeeds } from './applicability.js';
import type { Capabilities } from '../adapter/protocol/v1/types.generated.js';

const claims: Capabilities = {
  envelopes: ['plaintext', 'anoncrypt'],
  algorithms: { X25519: ['ECDH-ES+A256KW', 'A256CBC-HS512'] },
  didMethods: ['example'],
  protocols: ['https://didcomm.org/trust-ping/2.0'],
  transports: ['http'],
  roles: ['receiver'],
};

describe('missingCapabilities', () => {
  test('nothing is missing when every need is claimed', () => {
    expect(missingCapabilities(claims, { envelopes: ['anoncrypt'], algorithms: { X25519: ['ECDH-ES+A256KW'] }, protocols: ['https://didcomm.org/trust-ping/2.0'] }, 'receiver')).toEqual([]);
  });

  test('names each missing need, the role included', () => {
    expect(missingCapabilities(claims, { envelopes: ['authcrypt'], algorithms: { X25519: ['XC20P'], 'P-256': ['ECDH-ES+A256KW'] }, didMethods: ['peer:2'], transports: ['ws'] }, 'sender'))
      .toEqual(['role sender', 'envelope authcrypt', 'XC20P on X25519', 'ECDH-ES+A256KW on P-256', 'DID method peer:2', 'transport ws']);
  });
});

describe('direction-only claims (receiveOnly, sendOnly)', () => {
  const verifier: Capabilities = {
    ...claims,
    envelopes: ['plaintext', 'signed'],
    algorithms: { Ed25519: ['EdDSA'] },
    roles: ['sender', 'receiver'],
    receiveOnly: { algorithms: { 'P-256': ['ES256'] } },
    sendOnly: { envelopes: ['anoncrypt'] },
  };

  test('a receive-only algorithm counts for a receiver case and not for a sender case', () => {
    expect(missingCapabilities(verifier, { algorithms: { 'P-256': ['ES256'] } }, 'receiver')).toEqual([]);
    expect(missingCapabilities(verifier, { algorithms: { 'P-256': ['ES256'] } }, 'sender')).toEqual(['ES256 on P-256']);
  });

  test('a send-only envelope counts for a sender case and not for a receiver case', () => {
    expect(missingCapabilities(verifier, { envelopes: ['anoncrypt'] }, 'sender')).toEqual([]);
    expect(missingCapabilities(verifier, { envelopes: ['anoncrypt'] }, 'receiver')).toEqual(['envelope anoncrypt']);
  });
});

describe('content encryption used with one envelope kind only (encryptionScope)', () => {
  // didcomm-messaging's shape: anoncrypt always XC20P, authcrypt always A256CBC-HS512; it decrypts either.
  const fixedEnc: Capabilities = {
    ...claims,
    envelopes: ['anoncrypt', 'authcrypt'],
    algorithms: { X25519: ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256CBC-HS512', 'XC20P'] },
    roles: ['sender', 'receiver'],
    encryptionScope: { send: { 'A256CBC-HS512': ['authcrypt'] } },
  };
  const ANONCRYPT_CBC: CaseNeeds = { envelopes: ['anoncrypt'], algorithms: { X25519: ['ECDH-ES+A256KW', 'A256CBC-HS512'] }, encryption: [{ envelope: 'anoncrypt', curve: 'X25519', enc: 'A256CBC-HS512' }] };

  test('an enc scoped to authcrypt is missing for an anoncrypt sender case, named with the kind', () => {
    expect(missingCapabilities(fixedEnc, ANONCRYPT_CBC, 'sender')).toEqual(['A256CBC-HS512 on X25519 for anoncrypt']);
    expect(missingNeeds(fixedEnc, ANONCRYPT_CBC, 'sender')[0]).toMatchObject({ kind: 'algorithm', envelope: 'anoncrypt', algorithm: 'A256CBC-HS512' });
  });

  test('the same enc is there for authcrypt, for the other direction, and an unlisted enc for both kinds', () => {
    expect(missingCapabilities(fixedEnc, { envelopes: ['authcrypt'], algorithms: { X25519: ['ECDH-1PU+A256KW', 'A256CBC-HS512'] }, encryption: [{ envelope: 'authcrypt', curve: 'X25519', enc: 'A256CBC-HS512' }] }, 'sender')).toEqual([]);
    expect(missingCapabilities(fixedEnc, ANONCRYPT_CBC, 'receiver')).toEqual([]);
    expect(missingCapabilities(fixedEnc, { envelopes: ['anoncrypt'], algorithms: { X25519: ['ECDH-ES+A256KW', 'XC20P'] }, encryption: [{ envelope: 'anoncrypt', curve: 'X25519', enc: 'XC20P' }] }, 'sender')).toEqual([]);
  });

  test('only the layers whose enc a case asks for are checked against the scope', () => {
    const stack = { envelopes: ['anoncrypt', 'authcrypt'], algorithms: { X25519: ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256CBC-HS512'] } } as const;
    expect(missingCapabilities(fixedEnc, { ...stack, encryption: [{ envelope: 'authcrypt', curve: 'X25519', enc: 'A256CBC-HS512' }] }, 'sender')).toEqual([]);
    expect(missingCapabilities(fixedEnc, { ...stack, encryption: [{ envelope: 'anoncrypt', curve: 'X25519', enc: 'A256CBC-HS512' }] }, 'sender')).toEqual(['A256CBC-HS512 on X25519 for anoncrypt']);
  });

  test('an enc not claimed on the curve at all is reported once, as before', () => {
    expect(missingCapabilities(fixedEnc, { envelopes: ['anoncrypt'], algorithms: { X25519: ['A256GCM'] }, encryption: [{ envelope: 'anoncrypt', curve: 'X25519', enc: 'A256GCM' }] }, 'sender')).toEqual(['A256GCM on X25519']);
  });

  test('scopeAllows reads the direction of the role', () => {
    expect(scopeAllows(fixedEnc, 'sender', 'anoncrypt', 'A256CBC-HS512')).toBe(false);
    expect(scopeAllows(fixedEnc, 'sender', 'authcrypt', 'A256CBC-HS512')).toBe(true);
    expect(scopeAllows(fixedEnc, 'receiver', 'anoncrypt', 'A256CBC-HS512')).toBe(true);
    expect(scopeAllows(fixedEnc, 'sender', 'anoncrypt', 'ECDH-ES+A256KW')).toBe(true);
  });
});
