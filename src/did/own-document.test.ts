import { describe, expect, test } from 'vitest';
import { createIdentity } from './identity.js';
import { createDidResolver } from './resolver.js';
import { checkKeys, checkOwnDidDocument, checkServices } from './own-document.js';
import type { DidDocument } from './document.js';

const resolver = createDidResolver({ examples: false });
/** base64url of the JSON, padded to a multiple of 4 when `pad` (a filler member makes sure padding is needed). */
function b64(value: Record<string, unknown>, pad = false): string {
  for (let filler = ''; ; filler += 'x') {
    const text = JSON.stringify(pad ? { ...value, f: filler } : value);
    if (!pad || text.length % 3 !== 0) return Buffer.from(text).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(pad ? /$^/ : /=+$/, '');
  }
}

describe('checkOwnDidDocument', () => {
  test.each(['peer:2', 'peer:4'] as const)('a %s identity with an endpoint from the identity factory has no findings', async (method) => {
    const identity = await createIdentity({ method, endpoint: 'http://127.0.0.1:1/didcomm', keyAgreement: ['X25519', 'P-384'], authentication: ['Ed25519', 'P-256'] });
    expect(await checkOwnDidDocument(identity.did, { returned: identity.didDocument, resolver, expectService: true })).toEqual([]);
  });

  test.each(['key', 'peer:0'] as const)('a %s identity has no findings', async (method) => {
    const identity = await createIdentity({ method });
    expect(await checkOwnDidDocument(identity.did, { returned: identity.didDocument, resolver, expectService: false })).toEqual([]);
  });

  test('a did:peer:2 with its service spelled out, padded and with an absolute id breaks PEER-002', async () => {
    const base = await createIdentity({ method: 'peer:2' });
    const keys = base.did.slice('did:peer:2'.length);
    const did = `did:peer:2${keys}.S${b64({ id: 'did:example:x#s', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'http://127.0.0.1:1/d', accept: ['didcomm/v2'] } }, true)}`;
    const findings = await checkOwnDidDocument(did, { returned: undefined, resolver, expectService: true });
    const messages = findings.filter((f) => f.requirement === 'PEER-002').map((f) => f.message).join('\n');
    expect(messages).toMatch(/padded/);
    expect(messages).toMatch(/spells out \/type, \/serviceEndpoint, \/serviceEndpoint\/accept/);
    expect(messages).toMatch(/"DIDCommMessaging"/);
    expect(messages).toMatch(/absolute id/);
  });

  test('a did:peer:2 resolved by the agent to JsonWebKey2020 methods with fingerprint ids breaks PEER-003', async () => {
    const identity = await createIdentity({ method: 'peer:2', endpoint: 'http://127.0.0.1:1/didcomm' });
    const returned = structuredClone(identity.didDocument) as DidDocument;
    returned['@context'] = ['https://www.w3.org/ns/did/v1'];
    returned.verificationMethod = returned.verificationMethod!.map((vm, i) => ({ ...vm, id: `#6LS${i}`, type: 'JsonWebKey2020' }));
    returned.keyAgreement = ['#6LS0'];
    const findings = await checkOwnDidDocument(identity.did, { returned, resolver, expectService: true });
    expect(findings.map((f) => [f.requirement, f.pointer])).toEqual(expect.arrayContaining([
      ['PEER-003', '/@context'], ['PEER-003', '/verificationMethod/0/type'], ['PEER-003', '/verificationMethod/0/id'], ['PEER-003', '/keyAgreement'],
    ]));
  });

  test('a DID that does not resolve is a KEYS-001 finding', async () => {
    expect(await checkOwnDidDocument('did:peer:2.Ez6LSnotakey', { returned: {}, resolver, expectService: false })).toEqual([expect.objectContaining({ requirement: 'KEYS-001', pointer: '/id' })]);
  });
});

describe('checkServices and checkKeys', () => {
  const doc = (service: unknown[], extra: Partial<DidDocument> = {}): DidDocument => ({ id: 'did:example:a', service: service as never, ...extra });

  test.each([
    ['a string serviceEndpoint (the legacy flat form)', [{ id: '#s', type: 'DIDCommMessaging', serviceEndpoint: 'http://127.0.0.1:1' }], 'SVC-002', '/service/0/serviceEndpoint'],
    ['no service id', [{ type: 'DIDCommMessaging', serviceEndpoint: { uri: 'http://127.0.0.1:1' } }], 'SVC-001', '/service/0/id'],
    ['two services with one id', [{ id: '#s', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'http://a' } }, { id: 'did:example:a#s', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'http://b' } }], 'SVC-001', '/service/1/id'],
    ['an endpoint without uri', [{ id: '#s', type: 'DIDCommMessaging', serviceEndpoint: [{ accept: ['didcomm/v2'] }] }], 'SVC-003', '/service/0/serviceEndpoint/0/uri'],
    ['a uri that is neither a transport URI nor a DID', [{ id: '#s', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'mailbox 7' } }], 'SVC-003', '/service/0/serviceEndpoint/uri'],
    ['accept as a string', [{ id: '#s', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'http://a', accept: 'didcomm/v2' } }], 'SVC-002', '/service/0/serviceEndpoint/accept'],
    ['a routing key that is no DID URL', [{ id: '#s', type: 'DIDCommMessaging', serviceEndpoint: { uri: 'http://a', routingKeys: ['z6Mk...'] } }], 'SVC-002', '/service/0/serviceEndpoint/routingKeys/0'],
    ['no DIDComm service though one was asked for', [{ id: '#s', type: 'LinkedDomains', serviceEndpoint: 'https://a' }], 'SVC-001', '/service'],
  ])('%s', (_what, services, requirement, pointer) => {
    expect(checkServices(doc(services), true)).toContainEqual(expect.objectContaining({ requirement, pointer }));
  });

  test('an X25519 key in authentication is KEYS-001; a reference to no method is KEYS-002', async () => {
    const { didDocument } = await createIdentity({ method: 'peer:4' });
    const broken = { ...didDocument, authentication: [...didDocument.keyAgreement!], keyAgreement: [`${didDocument.id}#key-9`] } as DidDocument;
    expect(checkKeys(broken).map((f) => [f.requirement, f.pointer])).toEqual([['KEYS-002', '/keyAgreement/0'], ['KEYS-001', '/authentication/0']]);
  });
});
