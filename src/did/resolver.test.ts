import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import examples from './peer/fixtures/spec-examples.json' with { type: 'json' };
import { keyIdsFor, resolveKey, verificationMethods, type DidDocument } from './document.js';
import { createDidResolver } from './resolver.js';
import { didWebUrl } from './web.js';

const notResolved = (requirement: string) => expect.objectContaining({ code: 'ERR_DID_NOT_RESOLVED', requirement });

/** Every id-like string in a document: method ids, relationship references, service ids. */
function allIds(doc: DidDocument): string[] {
  return [
    ...verificationMethods(doc).map((vm) => vm.id),
    ...keyIdsFor(doc, 'keyAgreement'),
    ...keyIdsFor(doc, 'authentication'),
    ...(doc.assertionMethod ?? []).map((e) => (typeof e === 'string' ? e : e.id)),
    ...(doc.service ?? []).map((s) => s.id),
  ];
}

describe('createDidResolver', () => {
  it('returns did:peer:2 documents with absolute ids everywhere (KEYS-003, AMB-09)', async () => {
    const doc = await createDidResolver().resolve(examples.peer2.did);
    expect(doc.keyAgreement).toEqual([`${examples.peer2.did}#key-2`]);
    expect(doc.verificationMethod!.map((vm) => vm.id)).toEqual([`${examples.peer2.did}#key-1`, `${examples.peer2.did}#key-2`]);
    for (const id of allIds(doc)) expect(id.startsWith(`${examples.peer2.did}#`), id).toBe(true);
    const key = await resolveKey(createDidResolver(), `${examples.peer2.did}#key-2`, 'keyAgreement');
    expect(key.publicJwk.crv).toBe('X25519');
  });

  it('resolves a did:peer:4 short form only after the same instance resolved its long form (PEER-004)', async () => {
    const resolver = createDidResolver();
    await expect(resolver.resolve(examples.peer4.shortForm)).rejects.toThrow(notResolved('PEER-004'));
    const long = await resolver.resolve(examples.peer4.longForm);
    for (const id of allIds(long)) expect(id.startsWith(`${examples.peer4.longForm}#`), id).toBe(true);
    const short = await resolver.resolve(examples.peer4.shortForm);
    expect(short.keyAgreement).toEqual([`${examples.peer4.shortForm}#6LSqPZfn`]);
    expect(short.alsoKnownAs).toEqual([examples.peer4.longForm]);
    await expect(createDidResolver().resolve(examples.peer4.shortForm)).rejects.toThrow(notResolved('PEER-004'));
  });

  it('rejects a tampered did:peer:4 long form (hash mismatch) with PEER-004', async () => {
    const [, , , encoded] = examples.peer4.longForm.split(':');
    const tampered = `did:peer:4zQmd8CpeFPci817KDsbSAKWcXAE2mjvCQSasRewvbSF54Bc:${encoded}`;
    await expect(createDidResolver().resolve(tampered)).rejects.toThrow(notResolved('PEER-004'));
  });

  it('resolves the did:example vector documents, SICPA set by default and spec set on request', async () => {
    const resolver = createDidResolver();
    for (const did of ['did:example:alice', 'did:example:bob', 'did:example:charlie', 'did:example:mediator1', 'did:example:mediator3']) {
      expect((await resolver.resolve(did)).id).toBe(did);
    }
    expect((await resolver.resolve('did:example:bob')).service).toHaveLength(1);
    const spec = createDidResolver({ examples: 'spec' });
    expect((await spec.resolve('did:example:bob')).service).toBeUndefined();
    await expect(spec.resolve('did:example:charlie')).rejects.toThrow(notResolved('KEYS-001'));
    await expect(createDidResolver({ examples: false }).resolve('did:example:alice')).rejects.toThrow(notResolved('KEYS-001'));
  });

  it('lets given documents override fixtures, and makes their relative ids absolute', async () => {
    const doc = { id: 'did:example:bob', verificationMethod: [{ id: '#k', type: 'Multikey', publicKeyMultibase: 'z6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR' }], keyAgreement: ['#k'] };
    const resolved = await createDidResolver({ documents: [doc] }).resolve('did:example:bob');
    expect(resolved.keyAgreement).toEqual(['did:example:bob#k']);
    expect(resolved.verificationMethod![0]!.id).toBe('did:example:bob#k');
  });

  it('learns documents through addDocument', async () => {
    const resolver = createDidResolver({ examples: false });
    resolver.addDocument({ id: 'did:example:new', service: [{ id: '#s', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'https://x', routingKeys: ['#k'] } }] });
    const doc = await resolver.resolve('did:example:new');
    expect(doc.service![0]).toEqual({ id: 'did:example:new#s', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'https://x', routingKeys: ['did:example:new#k'] } });
  });

  it.each([
    ['a malformed DID', 'not-a-did', 'KEYS-001'],
    ['an unsupported method', 'did:ion:abc', 'KEYS-001'],
    ['a malformed did:key', 'did:key:abc', 'KEYS-004'],
    ['a malformed did:peer:2', 'did:peer:2.Q123', 'PEER-001'],
    ['an unsupported numalgo', 'did:peer:1zQmZMygzYqNwU6Uhmewx5Xepf2VLp5S4HLSwwgf2aiKZuwa', 'PEER-001'],
    ['an unknown did:web (offline)', 'did:web:example.com', 'KEYS-001'],
  ])('rejects %s with ERR_DID_NOT_RESOLVED and its requirement', async (_, did, requirement) => {
    await expect(createDidResolver().resolve(did)).rejects.toThrow(notResolved(requirement));
  });
});

describe('did:web', () => {
  const served = new Map<string, unknown>();
  let server: Server;
  let port: number;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      const body = served.get(req.url ?? '');
      if (body === undefined) { res.statusCode = 404; res.end(); return; }
      res.setHeader('content-type', 'application/did+json');
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('maps DIDs to URLs as the did:web spec says', () => {
    expect(didWebUrl('did:web:example.com').href).toBe('https://example.com/.well-known/did.json');
    expect(didWebUrl('did:web:example.com%3A3000:user:alice').href).toBe('https://example.com:3000/user/alice/did.json');
    expect(() => didWebUrl('did:web:exa/mple.com')).toThrow(notResolved('KEYS-001'));
  });

  it('resolves from the fixture map without any request', async () => {
    const before = requests;
    const doc = { id: 'did:web:fixture.example', keyAgreement: [] };
    const resolver = createDidResolver({ web: { documents: { 'did:web:fixture.example': doc } } });
    expect((await resolver.resolve('did:web:fixture.example')).id).toBe('did:web:fixture.example');
    expect(requests).toBe(before);
  });

  it('fetches from a loopback server only when allowed, and makes ids absolute', async () => {
    const did = `did:web:127.0.0.1%3A${port}:alice`;
    served.set('/alice/did.json', {
      id: did,
      verificationMethod: [{ id: '#x', type: 'Multikey', publicKeyMultibase: 'z6LSg8zQom395jKLrGiBNruB9MM6V8PWuf2FpEy4uRFiqQBR' }],
      keyAgreement: ['#x'],
    });
    const before = requests;
    await expect(createDidResolver().resolve(did)).rejects.toThrow(/offline/);
    expect(requests).toBe(before);
    const doc = await createDidResolver({ web: { allowLoopbackHttp: true } }).resolve(did);
    expect(doc.keyAgreement).toEqual([`${did}#x`]);
    expect(requests).toBe(before + 1);
  });

  it('rejects a document whose id is another DID, a 404, and non-JSON', async () => {
    const web = { allowLoopbackHttp: true };
    served.set('/mallory/did.json', { id: 'did:web:elsewhere.example' });
    served.set('/garbage/did.json', '<html>');
    for (const path of ['mallory', 'missing', 'garbage']) {
      await expect(createDidResolver({ web }).resolve(`did:web:127.0.0.1%3A${port}:${path}`)).rejects.toThrow(notResolved('KEYS-001'));
    }
  });
});
