import { afterEach, expect, test } from 'vitest';
import { ReferenceAgent } from './agent.js';
import { FaultRelay } from './relay.js';
import { buildBasicMessage, BASIC_MESSAGE } from '../didcomm/protocols/basicmessage-2.0/basicmessage.js';

const closers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c.close()));
});

async function setup() {
  const [alice, bob] = [await ReferenceAgent.start(), await ReferenceAgent.start()];
  const relay = await FaultRelay.start({ http: bob.httpUrl, ws: bob.wsUrl });
  closers.push(alice, bob, relay);
  const a = await alice.createIdentity();
  const b = await bob.createIdentity({ endpoint: relay.httpUrl });
  const bw = await bob.createIdentity({ endpoint: relay.wsUrl });
  return { alice, bob, relay, a, b, bw };
}

test('duplicate, truncate, wrong content type, 5xx and drop over HTTP', async () => {
  const { alice, bob, relay, a, b } = await setup();
  const send = () => alice.send(buildBasicMessage('x', { from: a.did, to: [b.did] }), { to: b.did });
  relay.fault = { kind: 'duplicate' };
  expect((await send()).status).toBe(202);
  expect(bob.inbox.records.filter((r) => r.message?.type === BASIC_MESSAGE)).toHaveLength(2);
  relay.fault = { kind: 'truncate', bytes: 40 };
  expect((await send()).status).toBe(400);
  relay.fault = { kind: 'content-type', value: 'text/plain' };
  expect((await send()).status).toBe(415);
  relay.fault = { kind: 'status', status: 503 };
  const before = relay.events.length;
  expect((await send()).status).toBe(503);
  expect(relay.events.length - before).toBe(3); // the sender retried twice (ROUTE-013)
  relay.fault = { kind: 'drop' };
  const count = bob.inbox.records.length;
  expect((await send()).status).toBe(202);
  expect(bob.inbox.records.length).toBe(count);
});

test('reorder releases a batch reversed; ws-close ends the socket', async () => {
  const { alice, bob, relay, a, b, bw } = await setup();
  relay.fault = { kind: 'reorder', batch: 2 };
  const first = buildBasicMessage('1', { from: a.did, to: [b.did] });
  const second = buildBasicMessage('2', { from: a.did, to: [b.did] });
  await alice.send(first, { to: b.did });
  await alice.send(second, { to: b.did });
  expect(bob.inbox.records.map((r) => r.message?.id)).toEqual([second.id, first.id]);
  relay.fault = { kind: 'ws-close' };
  const result = await alice.send(buildBasicMessage('ws', { from: a.did, to: [bw.did] }), { to: bw.did, expectReplies: 1, timeoutMs: 1000 });
  expect(result.replies).toHaveLength(0);
  expect(bob.inbox.records.filter((r) => r.transport === 'ws')).toHaveLength(0);
});
