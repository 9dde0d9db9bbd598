import { describe, expect, it } from 'vitest';
import { resolveDidcommEndpoints } from './endpoints.js';
import { createIdentity } from './identity.js';
import { createDidResolver } from './resolver.js';
import type { DidDocument, Service } from './document.js';

function withService(id: string, service: Partial<Service>, keyAgreement = true): DidDocument {
  return {
    id,
    verificationMethod: [{ id: '#k', type: 'Multikey', publicKeyMultibase: 'z6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR' }],
    ...(keyAgreement ? { keyAgreement: ['#k'] } : {}),
    service: [{ id: '#didcomm', type: 'DIDCommMessaging', serviceEndpoint: 'https://x', ...service } as Service],
  };
}

describe('resolveDidcommEndpoints (SVC-001..005, ROUTE-011)', () => {
  it('follows Charlie\'s DID endpoint to Mediator3 and prepends it to the routing keys (SICPA vectors)', async () => {
    const endpoints = await resolveDidcommEndpoints(createDidResolver(), 'did:example:charlie');
    expect(endpoints).toEqual([{
      serviceId: 'did:example:charlie#didcomm-1',
      uri: 'http://example.com/path',
      accept: ['didcomm/v2', 'didcomm/aip2;env=rfc587'],
      mediator: 'did:example:mediator3',
      routingKeys: ['did:example:mediator3', 'did:example:mediator2#key-x25519-1', 'did:example:mediator1#key-x25519-1'],
      routingKeyIds: [
        ['did:example:mediator3#key-x25519-1', 'did:example:mediator3#key-p256-1', 'did:example:mediator3#key-p384-1', 'did:example:mediator3#key-p521-1'],
        ['did:example:mediator2#key-x25519-1'],
        ['did:example:mediator1#key-x25519-1'],
      ],
    }]);
  });

  it('reads Bob\'s object-form endpoint with its routing key', async () => {
    const [endpoint] = await resolveDidcommEndpoints(createDidResolver(), 'did:example:bob');
    expect(endpoint).toMatchObject({ uri: 'http://example.com/path', routingKeys: ['did:example:mediator1#key-x25519-1'] });
    expect(endpoint!.mediator).toBeUndefined();
  });

  it('accepts string, object and array shapes, keeps array order, and skips non-v2 endpoints (AMB-10, SVC-005)', async () => {
    const resolver = createDidResolver({
      examples: false,
      documents: [
        withService('did:example:flat', { serviceEndpoint: 'https://flat', routingKeys: ['#k'], accept: ['didcomm/v2'] }),
        withService('did:example:array', { serviceEndpoint: [
          { uri: 'https://first', accept: ['didcomm/aip2;env=rfc19'] },
          { uri: 'https://second' },
          { uri: 'https://third', accept: ['didcomm/v2'], routingKeys: ['did:example:array#k'] },
        ] }),
        { id: 'did:example:other', service: [{ id: '#ld', type: 'LinkedDomains', serviceEndpoint: 'https://ld' }] },
      ],
    });
    expect(await resolveDidcommEndpoints(resolver, 'did:example:flat')).toEqual([
      { serviceId: 'did:example:flat#didcomm', uri: 'https://flat', accept: ['didcomm/v2'], routingKeys: ['did:example:flat#k'], routingKeyIds: [['did:example:flat#k']] },
    ]);
    expect((await resolveDidcommEndpoints(resolver, 'did:example:array')).map((e) => e.uri)).toEqual(['https://second', 'https://third']);
    expect(await resolveDidcommEndpoints(resolver, 'did:example:other')).toEqual([]);
  });

  it('follows a did:peer:2 mediator DID from a did:peer:2 recipient', async () => {
    const mediator = await createIdentity({ method: 'peer:2', endpoint: 'https://mediator.example/didcomm' });
    const recipient = await createIdentity({ method: 'peer:2', endpoint: mediator.did });
    const [endpoint] = await resolveDidcommEndpoints(createDidResolver(), recipient.did);
    expect(endpoint!.uri).toBe('https://mediator.example/didcomm');
    expect(endpoint!.routingKeys).toEqual([mediator.did]);
    expect(endpoint!.routingKeyIds).toEqual([[`${mediator.did}#key-1`]]);
  });

  it.each([
    ['a mediator without a DIDComm service', [withService('did:example:r', { serviceEndpoint: { uri: 'did:example:m' } }), { id: 'did:example:m', keyAgreement: [] }], 'ROUTE-011'],
    ['a mediator that itself uses a DID endpoint', [withService('did:example:r', { serviceEndpoint: { uri: 'did:example:m' } }), withService('did:example:m', { serviceEndpoint: { uri: 'did:example:m2' } })], 'ROUTE-011'],
    ['a mediator without keyAgreement keys', [withService('did:example:r', { serviceEndpoint: { uri: 'did:example:m' } }), withService('did:example:m', {}, false)], 'ROUTE-011'],
    ['an endpoint object without uri', [withService('did:example:r', { serviceEndpoint: { accept: ['didcomm/v2'] } as never })], 'SVC-003'],
    ['routingKeys that are not strings', [withService('did:example:r', { serviceEndpoint: { uri: 'https://x', routingKeys: [1] } as never })], 'SVC-002'],
  ])('rejects %s with ERR_SERVICE_INVALID', async (_, documents, requirement) => {
    const resolver = createDidResolver({ examples: false, documents: documents as DidDocument[] });
    await expect(resolveDidcommEndpoints(resolver, 'did:example:r')).rejects.toThrow(expect.objectContaining({ code: 'ERR_SERVICE_INVALID', requirement }));
  });

  it('fails with ERR_DID_NOT_RESOLVED when the mediator DID does not resolve', async () => {
    const resolver = createDidResolver({ examples: false, documents: [withService('did:example:r', { serviceEndpoint: { uri: 'did:example:gone' } })] });
    await expect(resolveDidcommEndpoints(resolver, 'did:example:r')).rejects.toThrow(expect.objectContaining({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'KEYS-001' }));
  });
});
