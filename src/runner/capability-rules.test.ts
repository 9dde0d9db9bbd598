import { describe, expect, test } from 'vitest';
import { capabilityRootCause } from './capability-rules.js';
import { missingNeeds } from './applicability.js';
import type { Capabilities } from '../adapter/protocol/v1/types.generated.js';

/** An agent whose anoncrypt is XC20P only and whose authcrypt is A256CBC-HS512 (didcomm-messaging's shape). */
const fixedEnc: Capabilities = {
  envelopes: ['anoncrypt', 'authcrypt'],
  algorithms: { X25519: ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256CBC-HS512', 'A256GCM', 'XC20P'] },
  didMethods: ['example'], protocols: [], transports: [], roles: ['sender', 'receiver'],
  encryptionScope: { send: { 'A256CBC-HS512': ['authcrypt'], A256GCM: ['authcrypt'] } },
};

describe('a content encryption claimed for one envelope kind only', () => {
  test('A256CBC-HS512 missing for anoncrypt is the ENC-ALG-002 finding (REQUIRED for every encryption)', () => {
    const [item] = missingNeeds(fixedEnc, { envelopes: ['anoncrypt'], algorithms: { X25519: ['ECDH-ES+A256KW', 'A256CBC-HS512'] }, encryption: [{ envelope: 'anoncrypt', curve: 'X25519', enc: 'A256CBC-HS512' }] }, 'sender');
    expect(capabilityRootCause(item!, 'sender')).toEqual({ requirement: 'ENC-ALG-002', summary: 'the agent cannot produce A256CBC-HS512 on X25519 for anoncrypt' });
  });

  test('an optional enc missing for a kind is no finding: the case is skipped', () => {
    const [item] = missingNeeds(fixedEnc, { envelopes: ['anoncrypt'], algorithms: { X25519: ['ECDH-ES+A256KW', 'A256GCM'] }, encryption: [{ envelope: 'anoncrypt', curve: 'X25519', enc: 'A256GCM' }] }, 'sender');
    expect(item).toMatchObject({ kind: 'algorithm', algorithm: 'A256GCM', envelope: 'anoncrypt' });
    expect(capabilityRootCause(item!, 'sender')).toBeUndefined();
  });
});
