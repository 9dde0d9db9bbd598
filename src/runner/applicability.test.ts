import { describe, expect, test } from 'vitest';
import { missingCapabilities } from './applicability.js';
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
