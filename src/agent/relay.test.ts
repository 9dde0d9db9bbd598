import { afterEach, expect, test } from 'vitest';
import { ReferenceAgent } from './agent.js';
import { FaultRelay } from './relay.js';
import { WebSocket } from 'ws';
import { deliver } from './transport.js';
import { closeCodeForOversizedMessage } from './oversized-ws.test-support.js';
import { packMessage } from '../didcomm/envelope/pack.js';
import { onWire } from './wire-log.js';
import type { WireEntry } from '../adapter/transcript.js';
import { buildBasicMessage, BASIC_MESSAGE } from '../didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { buildPing, PING_RESPONSE } from '../didcomm/protocols/trust-ping-2.0/trust-ping.js';

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
  const basic = (text: string, to = b.did) => buildBasicMessage(text, { from: a.did, to: [to] });
  const received = () => bob.inbox.records.filter((r) => r.message?.type === BASIC_MESSAGE);
  return { alice, bob, relay, a, b, bw, basic, received };
}

test('duplicate, truncate, wrong content type, 5xx over HTTP; each message counted with what was passed on', async () => {
  const { alice, relay, b, basic, received } = await setup();
  const send = () => alice.send(basic('x'), { to: b.did });
  relay.fault = { kind: 'duplicate' };
  expect((await send()).status).toBe(202);
  expect(received()).toHaveLength(2);
  expect(relay.events.at(-1)).toMatchObject({ transport: 'http', fault: 'duplicate', forwarded: [202, 202], answered: 202 });
  relay.fault = { kind: 'truncate', bytes: -40 };
  const wire: WireEntry[] = [];
  const stop = onWire((entry) => wire.push(entry));
  expect((await send()).status).toBe(400);
  stop();
  expect(relay.events.at(-1)!.forwarded).toEqual([400]);
  // The wire log shows what reached the relay and the truncated copy it passed on.
  const [got, passed] = wire.filter((e) => e.outcome === 'relay fault: truncate');
  expect(got).toMatchObject({ direction: 'in', endpoint: relay.httpUrl });
  expect(passed).toMatchObject({ direction: 'out', status: 400, packed: got!.packed.slice(0, -40) });
  relay.fault = { kind: 'content-type', value: 'text/plain' };
  expect((await send()).status).toBe(415);
  relay.fault = { kind: 'status', status: 503 };
  const before = relay.events.length;
  expect((await send()).status).toBe(503);
  expect(relay.events.slice(before).map((e) => e.forwarded.length)).toEqual([0, 0, 0]); // retried twice (ROUTE-013), nothing passed on
  expect(received()).toHaveLength(2);
});

test('a plan fails the first messages and passes the rest; drop closes the connection without an answer', async () => {
  const { alice, relay, b, basic, received } = await setup();
  relay.plan.push({ kind: 'drop' }, { kind: 'status', status: 500 });
  const result = await alice.send(basic('third time lucky'), { to: b.did });
  expect(result.status).toBe(202);
  expect(relay.events.map((e) => [e.fault, e.answered, e.forwarded.length])).toEqual([['drop', undefined, 0], ['status', 500, 0], ['none', 202, 1]]);
  expect(received()).toHaveLength(1);
  relay.fault = { kind: 'drop' };
  const dropped = await deliver(relay.httpUrl, '{}', { contentType: 'application/didcomm-encrypted+json', timeoutMs: 2000 });
  expect(dropped.status).toBe(0);
  expect(await relay.waitForEvents(4, 100)).toHaveLength(4);
});

test('stall and delay pass the message on late; a return_route reply comes back through the relay', async () => {
  const { alice, bob, relay, a, b } = await setup();
  relay.fault = { kind: 'stall', ms: 300 };
  const started = Date.now();
  const ping = buildPing({ from: a.did, to: [b.did], return_route: 'all' });
  const result = await alice.send(ping, { to: b.did });
  expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  expect(result.status).toBe(200);
  expect(alice.inbox.records.find((r) => r.message?.type === PING_RESPONSE)?.message?.thid).toBe(ping.id);
  relay.fault = { kind: 'delay', ms: 200 };
  const later = Date.now();
  expect((await alice.send(buildPing({ from: a.did, to: [b.did] }), { to: b.did })).status).toBe(202);
  expect(Date.now() - later).toBeGreaterThanOrEqual(180);
  expect(bob.inbox.records).toHaveLength(2);
});

test('reorder releases a batch reversed, over HTTP and over one WebSocket', async () => {
  const { alice, bob, relay, a, b, bw, basic, received } = await setup();
  relay.fault = { kind: 'reorder', batch: 2 };
  const [first, second] = [basic('1'), basic('2')];
  expect((await alice.send(first, { to: b.did })).status).toBe(202);
  expect(received()).toHaveLength(0);
  await alice.send(second, { to: b.did });
  expect(received().map((r) => r.message?.id)).toEqual([second.id, first.id]);
  // Over WebSocket a batch is held per connection: both frames go on one socket.
  const [third, fourth] = [basic('3', bw.did), basic('4', bw.did)];
  const socket = new WebSocket(relay.wsUrl);
  closers.push({ close: async () => socket.terminate() });
  await new Promise((resolve) => socket.once('open', resolve));
  for (const message of [third, fourth]) socket.send((await packMessage(message, { mode: 'authcrypt', to: [bw.did], from: a.did }, alice.keys)).packed);
  await bob.inbox.waitFor(() => received().length === 4, 2000);
  expect(received().slice(2).map((r) => r.message?.id)).toEqual([fourth.id, third.id]);
});

test('ws-close cuts both sockets, instead of the message or right after passing it on', async () => {
  const { alice, bob, relay, a, bw, basic, received } = await setup();
  relay.fault = { kind: 'ws-close' };
  const lost = await alice.send(basic('ws', bw.did), { to: bw.did, transport: 'ws', expectReplies: 1, timeoutMs: 1000 });
  expect(lost.replies).toHaveLength(0);
  expect(received()).toHaveLength(0);
  relay.fault = { kind: 'ws-close', pass: true };
  const ping = buildPing({ from: a.did, to: [bw.did], return_route: 'all' });
  const cut = await alice.send(ping, { to: bw.did, transport: 'ws', expectReplies: 1, timeoutMs: 1000 });
  expect(await bob.inbox.waitFor((r) => r.message?.id === ping.id, 1000)).toBeDefined();
  expect(cut.replies).toHaveLength(0);
  relay.fault = { kind: 'none' };
  const again = buildPing({ from: a.did, to: [bw.did], return_route: 'all' });
  const answered = await alice.send(again, { to: bw.did, transport: 'ws', expectReplies: 1, timeoutMs: 2000 });
  expect(answered.replies).toHaveLength(1);
  expect(relay.events.map((e) => [e.transport, e.fault, e.forwarded])).toEqual([['ws', 'ws-close', []], ['ws', 'ws-close', [101]], ['ws', 'none', [101]]]);
});

test('a WebSocket message over MAX_BODY_BYTES closes that socket with 1009, and the relay stays up', { timeout: 20_000 }, async () => {
  const { relay } = await setup();
  expect(await closeCodeForOversizedMessage(relay.wsUrl)).toBe(1009);
  expect(relay.events).toEqual([]);
  // Still serving: a message on a new socket is counted and passed on.
  const result = await deliver(relay.wsUrl, '{}', { contentType: 'application/didcomm-plain+json', lingerMs: 50 });
  expect(result.status).toBe(101);
  expect(relay.events.map((e) => e.transport)).toEqual(['ws']);
});
