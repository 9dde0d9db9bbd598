import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveKey } from './document.js';
import { createIdentity, type Identity } from './identity.js';
import { createDidResolver } from './resolver.js';
import { SecretStore } from './secrets.js';

/** Every secret's public half must be the key the resolved document publishes under the same kid. */
async function expectSecretsMatchDocument(identity: Identity, purposeOf: (kid: string) => 'keyAgreement' | 'authentication'): Promise<void> {
  const store = new SecretStore(identity.secrets);
  const resolver = createDidResolver({ examples: false });
  for (const kid of store.kids()) {
    const published = await resolveKey(resolver, kid, purposeOf(kid));
    const held = store.find(kid)!.publicKey.export({ format: 'jwk' });
    expect(held, kid).toEqual(createPublicKey({ key: published.publicJwk, format: 'jwk' }).export({ format: 'jwk' }));
  }
}

describe('createIdentity', () => {
  it('creates a did:peer:2 with chosen key types, a service, and secrets keyed by absolute kid', async () => {
    const identity = await createIdentity({
      method: 'peer:2', keyAgreement: ['X25519', 'P-256', 'P-384', 'P-521'], authentication: ['Ed25519', 'P-256', 'secp256k1'],
      endpoint: 'https://agent.example/didcomm', routingKeys: ['did:example:mediator1#key-x25519-1'],
    });
    expect(identity.did).toMatch(/^did:peer:2\.Ez6LS.*\.EzDn.*\.Ez82.*\.Ez2J9.*\.Vz6Mk.*\.VzDn.*\.VzQ3s.*\.S/);
    expect(identity.didDocument.keyAgreement).toEqual([1, 2, 3, 4].map((n) => `${identity.did}#key-${n}`));
    expect(identity.didDocument.authentication).toEqual([5, 6, 7].map((n) => `${identity.did}#key-${n}`));
    expect(identity.didDocument.service).toEqual([{
      id: `${identity.did}#service`, type: 'DIDCommMessaging',
      serviceEndpoint: { uri: 'https://agent.example/didcomm', accept: ['didcomm/v2'], routingKeys: ['did:example:mediator1#key-x25519-1'] },
    }]);
    expect(identity.secrets.map((s) => s.kid)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `${identity.did}#key-${n}`));
    await expectSecretsMatchDocument(identity, (kid) => (Number(kid.split('#key-')[1]) <= 4 ? 'keyAgreement' : 'authentication'));
  });

  it('creates a did:peer:4 long form whose document and secrets use the long-form kids', async () => {
    const identity = await createIdentity({ method: 'peer:4', endpoint: 'https://agent.example' });
    expect(identity.did).toMatch(/^did:peer:4zQm[1-9A-Za-z]+:z[1-9A-Za-z]+$/);
    expect(identity.didDocument.keyAgreement).toEqual([`${identity.did}#key-1`]);
    expect(identity.didDocument.alsoKnownAs).toEqual([identity.did.split(':').slice(0, 3).join(':')]);
    await expectSecretsMatchDocument(identity, (kid) => (kid.endsWith('#key-1') ? 'keyAgreement' : 'authentication'));
  });

  it('creates an Ed25519 did:key whose derived X25519 private key matches the derived keyAgreement key', async () => {
    for (const method of ['key', 'peer:0'] as const) {
      const identity = await createIdentity({ method });
      expect(identity.did).toMatch(method === 'key' ? /^did:key:z6Mk/ : /^did:peer:0z6Mk/);
      expect(identity.secrets).toHaveLength(2);
      const [agreement] = identity.didDocument.keyAgreement as string[];
      expect(identity.secrets[1]!.kid).toBe(agreement);
      await expectSecretsMatchDocument(identity, (kid) => (kid === agreement ? 'keyAgreement' : 'authentication'));
    }
  });

  it('creates single-key did:keys of other types', async () => {
    expect((await createIdentity({ method: 'key', keyAgreement: ['P-384'], authentication: [] })).did).toMatch(/^did:key:z82/);
    expect((await createIdentity({ method: 'key', keyAgreement: ['X25519'], authentication: [] })).did).toMatch(/^did:key:z6LS/);
    const p256 = await createIdentity({ method: 'key', keyAgreement: ['P-256'], authentication: ['P-256'] });
    expect(p256.did).toMatch(/^did:key:zDn/);
    expect(p256.secrets).toHaveLength(1);
  });

  it.each([
    ['an endpoint on a did:key', { method: 'key', endpoint: 'https://x' }],
    ['two unrelated keys on a did:key', { method: 'key', keyAgreement: ['P-256'], authentication: ['Ed25519'] }],
    ['routing keys without an endpoint', { method: 'peer:2', routingKeys: ['did:example:m#k'] }],
    ['secp256k1 for keyAgreement', { method: 'peer:2', keyAgreement: ['secp256k1'] }],
    ['X25519 for authentication', { method: 'peer:2', authentication: ['X25519'] }],
    ['an unknown method', { method: 'web' }],
  ])('refuses %s with TypeError', async (_, options) => {
    await expect(createIdentity(options as never)).rejects.toThrow(TypeError);
  });
});
