/**
 * The adapter's live methods with real parts: didcomm-node's WASM library, the adapter's loopback endpoint
 * and real HTTP. A message sent to one of its own did:peer:2 identities arrives and is recorded as
 * didcomm-node unpacked it (202); a body it rejects is answered 400 and recorded with the library's error;
 * `send` to a port where nothing listens reports `delivered: false` after one attempt; `protocol` is
 * Unsupported (JSON-RPC -32601).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Unsupported } from '../../src/adapter/sdk/index.js';
import { NodeAgent } from './agent.js';
import { InboundEndpoint } from '../../src/adapter/sdk/index.js';
import { takenByNode } from './endpoint.js';
import { NodeLive, post } from './live.js';
import { sicpaHandlers } from './handlers.js';

let agent: NodeAgent;
let endpoint: InboundEndpoint;
let live: NodeLive;

beforeAll(async () => {
  agent = new NodeAgent();
  endpoint = await InboundEndpoint.start(takenByNode(() => agent));
  live = new NodeLive(agent, endpoint.url);
});
afterAll(() => endpoint.close());

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sicpa-didcomm-node live methods', () => {
  test('createIdentity self:http: a did:peer:2 with X25519 + Ed25519 keys and the endpoint as service uri', async () => {
    const { did, didDocument } = await live.createIdentity({ didMethod: 'peer:2', endpoint: 'self:http' });
    expect(did.startsWith('did:peer:2')).toBe(true);
    expect(JSON.stringify(didDocument['service'])).toContain(endpoint.url);
    expect(agent.keyAgreementOn(did, 'X25519')).toHaveLength(1);
    await expect(live.createIdentity({ didMethod: 'key' })).rejects.toBeInstanceOf(Unsupported);
    await expect(live.createIdentity({ didMethod: 'peer:2', endpoint: 'self:ws' })).rejects.toBeInstanceOf(Unsupported);
  });

  test('send authcrypt to its own endpoint: 202, recorded as accepted by didcomm-node', async () => {
    const a = await live.createIdentity({ didMethod: 'peer:2', endpoint: 'self:http' });
    const b = await live.createIdentity({ didMethod: 'peer:2', endpoint: 'self:http' });
    const message = { id: 'live-test-1', type: 'https://didcomm.org/basicmessage/2.0/message', from: a.did, to: [b.did], body: { content: 'hi' } };
    const result = await live.send({ message, to: b.did, envelope: 'authcrypt' });
    expect(result).toEqual({ delivered: true, endpoint: endpoint.url, status: 202 });
    const record = endpoint.received().find((r) => r.unpacked?.status === 'accepted' && r.unpacked.message['id'] === 'live-test-1');
    expect(record?.contentType).toBe('application/didcomm-encrypted+json');
    expect(record?.unpacked?.status === 'accepted' && record.unpacked.metadata.senderKid?.startsWith(a.did)).toBe(true);
  });

  test('a body didcomm-node rejects: 400, recorded with its error', async () => {
    const before = endpoint.received().at(-1)?.seq ?? 0;
    expect(await post(endpoint.url, '{"not":"didcomm"', 'application/didcomm-encrypted+json')).toEqual({ status: 400 });
    const [record] = endpoint.received(before);
    expect(record?.unpacked?.status).toBe('rejected');
  });

  test('send to a closed port: one attempt, delivered false, no status', async () => {
    const a = await live.createIdentity({ didMethod: 'peer:2', endpoint: 'self:http' });
    const dead = await live.createIdentity({ didMethod: 'peer:2', endpoint: `http://127.0.0.1:${await closedPort()}/didcomm` });
    const message = { id: 'live-test-2', type: 'https://didcomm.org/basicmessage/2.0/message', from: a.did, to: [dead.did], body: { content: 'lost' } };
    const result = await live.send({ message, to: dead.did, envelope: 'authcrypt' });
    expect(result.delivered).toBe(false);
    expect(result.status).toBeUndefined();
  });

  test('protocol is Unsupported', async () => {
    const handlers = await sicpaHandlers();
    expect(() => handlers.protocol!({ piuri: 'https://didcomm.org/trust-ping/2.0', action: 'ping' })).toThrow(Unsupported);
  });
});
