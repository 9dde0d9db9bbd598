import { describe, expect, it } from 'vitest';
import { packMessage } from '../didcomm/envelope/pack.js';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { createIdentity } from './identity.js';
import { createDidResolver } from './resolver.js';
import { SecretStore } from './secrets.js';

describe('did:peer identities through the envelope layer (KEYS-003, AMB-09)', () => {
  it.each(['peer:2', 'peer:4'] as const)('authcrypts between two did:%s identities with only the resolver, no DID document file', async (method) => {
    const alice = await createIdentity({ method, keyAgreement: ['X25519'], authentication: ['Ed25519'] });
    const bob = await createIdentity({ method, keyAgreement: ['X25519', 'P-256'], authentication: ['Ed25519'], endpoint: 'https://bob.example' });
    const message = { id: 'm-1', type: 'https://didcomm.org/basicmessage/2.0/message', from: alice.did, to: [bob.did], body: { content: 'hi' } };

    const packed = await packMessage(message, { mode: 'authcrypt', to: [bob.did], from: alice.did }, {
      resolver: createDidResolver({ examples: false }),
      secrets: new SecretStore(alice.secrets),
    });
    expect(packed.senderKid).toBe(`${alice.did}#key-1`);
    expect(packed.recipientKids).toEqual([`${bob.did}#key-1`]);

    // The receiver has its own resolver instance and only Bob's secrets.
    const unpacked = await unpackMessage(packed.packed, { resolver: createDidResolver({ examples: false }), secrets: new SecretStore(bob.secrets) });
    expect(unpacked.message).toMatchObject({ id: 'm-1', from: alice.did, body: { content: 'hi' } });
    expect(unpacked.metadata).toMatchObject({ encrypted: true, authenticated: true, senderKid: `${alice.did}#key-1` });
  });
});
