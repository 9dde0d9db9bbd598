import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { PeerDidResolver } from '@credo-ts/core';
import examples from './fixtures/spec-examples.json' with { type: 'json' };
import type { DidDocument } from '../document.js';
import { publicJwkOfVerificationMethod } from '../key-formats.js';
import { encodeBase58btcMultibase } from '../multikey.js';
import { createPeerDid2, peerDid3Of, resolvePeerDid2 } from './numalgo-2.js';
import { createPeerDid4, decodePeerDid4, type PeerDid4InputDocument } from './numalgo-4.js';
import { PeerDidMethod } from './peer-method.js';
import { decodePeerService, encodePeerService } from './services.js';

/** Credo's resolver needs an agent context only for numalgo 1 and short-form 4 (record lookups). */
const credoContext = {
  dependencyManager: { resolve: () => ({ findAllByDid: async () => [] }) },
  config: { logger: { error: () => undefined } },
} as never;

async function credoResolve(did: string): Promise<Record<string, unknown>> {
  const result = await new PeerDidResolver().resolve(credoContext, did);
  expect(result.didResolutionMetadata.error, result.didResolutionMetadata.message).toBeUndefined();
  return result.didDocument!.toJSON() as Record<string, unknown>;
}

/** kid -> public JWK for one relationship, embedded or referenced. */
function keysOf(doc: DidDocument, relationship: 'keyAgreement' | 'authentication'): Record<string, unknown> {
  const abs = (id: string): string => (id.startsWith('#') ? `${doc.id}${id}` : id);
  const out: Record<string, unknown> = {};
  for (const entry of doc[relationship] ?? []) {
    const vm = typeof entry === 'string' ? doc.verificationMethod!.find((m) => abs(m.id) === abs(entry))! : entry;
    const { kty, crv, x, y } = publicJwkOfVerificationMethod(vm);
    out[abs(vm.id)] = { kty, crv, x, ...(y ? { y } : {}) };
  }
  return out;
}

describe('did:peer:2 (PEER-001..003)', () => {
  it('resolves the spec example to exactly the spec document', () => {
    const { did, document } = examples.peer2;
    expect(resolvePeerDid2(did)).toEqual(document);
  });

  it('creates the spec example DID from its keys and services', () => {
    const doc = examples.peer2.document as DidDocument;
    const did = createPeerDid2(
      [{ purpose: 'V', publicKeyMultibase: 'z6Mkj3PUd1WjvaDhNZhhhXQdz5UnZXmS7ehtx8bsPpD47kKc' },
        { purpose: 'E', publicKeyMultibase: 'z6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR' }],
      doc.service!.map(({ id: _id, ...service }) => service),
    );
    expect(did).toBe(examples.peer2.did);
  });

  it('agrees with credo-ts on key ids and key material, spec example and legacy string-endpoint DID', async () => {
    for (const did of [examples.peer2.did, examples.peer2Legacy.did]) {
      const ours = resolvePeerDid2(did);
      const credo = (await credoResolve(did)) as unknown as DidDocument;
      expect(keysOf(ours, 'keyAgreement')).toEqual(keysOf(credo, 'keyAgreement'));
      expect(keysOf(ours, 'authentication')).toEqual(keysOf(credo, 'authentication'));
      expect(Object.keys(keysOf(ours, 'keyAgreement')).length + Object.keys(keysOf(ours, 'authentication')).length).toBeGreaterThanOrEqual(2);
      // Same service endpoints; the ids differ on purpose: credo names them #didcommmessaging-0, the spec #service.
      expect(ours.service!.map((s) => s.serviceEndpoint)).toEqual((credo.service ?? []).map((s) => s.serviceEndpoint));
    }
  });

  it('expands the legacy flat service (string s, sibling r and a) without inventing an object form', () => {
    const service = resolvePeerDid2(examples.peer2Legacy.did).service![0]!;
    expect(service).toEqual({
      id: '#service', type: 'DIDCommMessaging', serviceEndpoint: 'https://example.com/endpoint',
      routingKeys: ['did:example:somemediator#somekey'], accept: ['didcomm/v2', 'didcomm/aip2;env=rfc587'],
    });
  });

  it('names services without id #service, #service-1, ... and keeps given ids (PEER-003)', () => {
    const svc = { type: 'DIDCommMessaging', serviceEndpoint: { uri: 'https://a.example' } };
    const did = createPeerDid2([{ purpose: 'E', publicKeyMultibase: 'z6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR' }],
      [svc, { ...svc, id: '#mine' }, svc, svc]);
    expect(resolvePeerDid2(did).service!.map((s) => s.id)).toEqual(['#service', '#mine', '#service-1', '#service-2']);
  });

  it('abbreviates recursively and round-trips the v2.1 object form (PEER-002, PEER-005)', () => {
    const service = { type: 'DIDCommMessaging', serviceEndpoint: { uri: 'http://example.com/didcomm', accept: ['didcomm/v2'], routingKeys: ['did:example:123456789abcdefghi#key-1'] } };
    const encoded = encodePeerService(service);
    expect(Buffer.from(encoded, 'base64url').toString()).toBe('{"t":"dm","s":{"uri":"http://example.com/didcomm","a":["didcomm/v2"],"r":["did:example:123456789abcdefghi#key-1"]}}');
    expect(encoded).not.toContain('=');
    expect(decodePeerService(encoded, 'did:peer:2.test')).toEqual(service);
  });

  it('rejects services encoded as a JSON list in one element (PEER-002)', () => {
    const list = Buffer.from('[{"t":"dm","s":{"uri":"https://a.example"}}]').toString('base64url');
    const did = `did:peer:2.Ez6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR.S${list}`;
    expect(() => resolvePeerDid2(did)).toThrow(expect.objectContaining({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'PEER-002' }));
  });

  it.each([
    ['no elements', 'did:peer:2'],
    ['unknown purpose code', 'did:peer:2.Xz6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR'],
    ['key not base58btc', 'did:peer:2.Ez6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQB0'],
    ['key not multibase z', 'did:peer:2.Ef6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR'],
    ['truncated key', 'did:peer:2.Ez6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiq'],
  ])('rejects a malformed did:peer:2 (%s) with PEER-001', (_, did) => {
    expect(() => resolvePeerDid2(did)).toThrow(expect.objectContaining({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'PEER-001' }));
  });

  it.each([
    ['uncompressed secp256k1 point (65 bytes)', [0xe7, 0x01, 0x04, ...new Array(64).fill(7)]],
    ['private-key multicodec ed25519-priv 0x1300', [0x80, 0x26, ...new Array(32).fill(7)]],
  ])('rejects a key element with %s with PEER-001 (cause ERR_KEY_FORMAT)', (_, bytes) => {
    const bad = `did:peer:2.V${encodeBase58btcMultibase(Uint8Array.from(bytes))}`;
    let error: unknown;
    try { resolvePeerDid2(bad); } catch (e) { error = e; }
    expect(error).toMatchObject({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'PEER-001', cause: { code: 'ERR_KEY_FORMAT', requirement: 'KEYS-004' } });
  });

  it('gives the did:peer:3 of the spec Method 3 example as alsoKnownAs', () => {
    expect(peerDid3Of(examples.peer2Legacy.did)).toBe('did:peer:3zQmS19jtYDvGtKVrJhQnRFpBQAx3pJ9omx2HpNrcXFuRCz9');
  });
});

describe('did:peer:4 (PEER-004)', () => {
  const { longForm, shortForm, input, longDocument, shortDocument } = examples.peer4;

  it('creates the spec example long and short form from the spec input document', () => {
    expect(createPeerDid4(input as PeerDid4InputDocument)).toEqual({ longForm, shortForm });
  });

  it('resolves the spec long form to the spec long-form document', () => {
    expect(new PeerDidMethod().resolve(longForm)).toEqual(longDocument);
  });

  it('resolves the short form only after the long form was seen by the same instance', () => {
    const method = new PeerDidMethod();
    expect(() => method.resolve(shortForm)).toThrow(expect.objectContaining({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'PEER-004' }));
    method.resolve(longForm);
    expect(method.resolve(shortForm)).toEqual(shortDocument);
    expect(() => new PeerDidMethod().resolve(shortForm)).toThrow(expect.objectContaining({ requirement: 'PEER-004' }));
  });

  it('agrees with credo-ts on the long-form document', async () => {
    const credo = await credoResolve(longForm);
    const ours = new PeerDidMethod().resolve(longForm);
    expect(keysOf(ours, 'keyAgreement')).toEqual(keysOf(credo as unknown as DidDocument, 'keyAgreement'));
    expect(keysOf(ours, 'authentication')).toEqual(keysOf(credo as unknown as DidDocument, 'authentication'));
    expect(credo.alsoKnownAs).toEqual(ours.alsoKnownAs);
  });

  it('credo-ts resolves a did:peer:4 we create to the same keys', async () => {
    const x = 'z6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR';
    const { longForm: did } = createPeerDid4({
      '@context': ['https://www.w3.org/ns/did/v1'],
      verificationMethod: [{ id: '#key-1', type: 'Multikey', publicKeyMultibase: x }],
      keyAgreement: ['#key-1'],
    });
    const credo = await credoResolve(did);
    expect(keysOf(new PeerDidMethod().resolve(did), 'keyAgreement')).toEqual(keysOf(credo as unknown as DidDocument, 'keyAgreement'));
  });

  it('rejects a long form whose hash does not match the encoded document', () => {
    const other = createPeerDid4({ verificationMethod: [] }).shortForm;
    const tampered = `${other}:${longForm.split(':')[3]}`;
    expect(() => decodePeerDid4(tampered)).toThrow(expect.objectContaining({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'PEER-004' }));
    expect(() => new PeerDidMethod().resolve(tampered)).toThrow(/hash does not match/);
  });

  it('rejects an encoded document that is not tagged json, or has a root id', () => {
    const withId = createPeerDid4({ verificationMethod: [] });
    expect(() => decodePeerDid4(withId.longForm)).not.toThrow();
    expect(() => createPeerDid4({ id: 'did:x:y' } as never)).toThrow(TypeError);
    expect(() => new PeerDidMethod().resolve('did:peer:4zQm:z0')).toThrow(expect.objectContaining({ requirement: 'PEER-004' }));
  });
});

describe('did:peer numalgo dispatch', () => {
  it('resolves did:peer:0 like did:key, with the derived X25519 key', () => {
    const doc = new PeerDidMethod().resolve('did:peer:0z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH');
    expect(doc.authentication).toEqual(['did:peer:0z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH#z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH']);
    expect(doc.keyAgreement).toEqual(['did:peer:0z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH#z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc']);
  });

  it('agrees with credo-ts on did:peer:0 key material', async () => {
    const did = 'did:peer:0z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH';
    const credo = (await credoResolve(did)) as unknown as DidDocument;
    expect(Object.values(keysOf(new PeerDidMethod().resolve(did), 'authentication'))).toEqual(Object.values(keysOf(credo, 'authentication')));
  });

  it.each(['did:peer:1zQmZMygzYqNwU6Uhmewx5Xepf2VLp5S4HLSwwgf2aiKZuwa', 'did:peer:3zQmS19jtYDvGtKVrJhQnRFpBQAx3pJ9omx2HpNrcXFuRCz9', 'did:peer:0xyz'])(
    'refuses %s with PEER-001', (did) => {
      expect(() => new PeerDidMethod().resolve(did)).toThrow(expect.objectContaining({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'PEER-001' }));
    },
  );
});
