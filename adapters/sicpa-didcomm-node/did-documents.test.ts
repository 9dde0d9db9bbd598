/**
 * The document shaping for didcomm-node's resolver: embedded methods moved to verificationMethod with
 * string references, relative ids made absolute, services always an array with the object endpoint form
 * (routingKeys in camelCase), Multikey re-expressed as the same key in a JsonWebKey2020, key bytes unchanged.
 */
import { describe, expect, test } from 'vitest';
import { toNodeDidDoc } from './did-documents.js';

describe('toNodeDidDoc', () => {
  test('embedded and relative methods, string endpoint, no service member', () => {
    const jwk = { kty: 'OKP', crv: 'X25519', x: 'avH0O2Y4tqLAq8y9zpianr8ajii5m4F_mICrzNlatXs' };
    const doc = toNodeDidDoc({
      id: 'did:example:a',
      keyAgreement: [{ id: '#k1', type: 'JsonWebKey2020', controller: 'did:example:a', publicKeyJwk: jwk }],
      authentication: ['#k2'],
      verificationMethod: [{ id: '#k2', type: 'Ed25519VerificationKey2018', controller: 'did:example:a', publicKeyBase58: 'abc' }],
    });
    expect(doc).toStrictEqual({
      id: 'did:example:a',
      keyAgreement: ['did:example:a#k1'],
      authentication: ['did:example:a#k2'],
      verificationMethod: [
        { id: 'did:example:a#k2', type: 'Ed25519VerificationKey2018', controller: 'did:example:a', publicKeyBase58: 'abc' },
        { id: 'did:example:a#k1', type: 'JsonWebKey2020', controller: 'did:example:a', publicKeyJwk: jwk },
      ],
      service: [],
    });
  });

  test('services: string, object and array endpoints become {uri, accept, routingKeys}', () => {
    const doc = toNodeDidDoc({
      id: 'did:example:b',
      service: [
        { id: '#s1', type: 'DIDCommMessaging', serviceEndpoint: 'https://b.example/' },
        { id: '#s2', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'https://b.example/2', routingKeys: ['did:example:m#k'] } },
        { type: ['DIDCommMessaging'], serviceEndpoint: [{ uri: 'https://b.example/3', accept: ['didcomm/v2'] }] },
      ],
    });
    expect(doc.service).toStrictEqual([
      { id: 'did:example:b#s1', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'https://b.example/', accept: [], routingKeys: [] } },
      { id: 'did:example:b#s2', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'https://b.example/2', accept: [], routingKeys: ['did:example:m#k'] } },
      { id: 'did:example:b#service-2', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'https://b.example/3', accept: ['didcomm/v2'], routingKeys: [] } },
    ]);
  });

  test('a Multikey method becomes the same key as a JsonWebKey2020', () => {
    // X25519 key z6LS... (multicodec 0xec01 + 32 bytes), the key of the did:key spec's X25519 example.
    const doc = toNodeDidDoc({
      id: 'did:example:c',
      verificationMethod: [{ id: '#m', type: 'Multikey', controller: 'did:example:c', publicKeyMultibase: 'z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F' }],
      keyAgreement: ['#m'],
    });
    expect(doc.verificationMethod).toHaveLength(1);
    expect(doc.verificationMethod[0]).toMatchObject({ id: 'did:example:c#m', type: 'JsonWebKey2020', publicKeyJwk: { kty: 'OKP', crv: 'X25519' } });
  });
});
