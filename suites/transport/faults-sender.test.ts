/**
 * Transport faults with the adapter as sender: the harness identity's DIDComm service points at a
 * fault-injecting relay (src/agent/relay.ts) in front of the harness endpoint, or lists several endpoints
 * of which the first fails. Verdicts come from what reaches the harness endpoint; the adapter's `send`
 * result is only compared with it.
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { buildBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import type { FaultRelay } from '../../src/agent/relay.js';
import { adapterIdentity, judgesLibraryTransport, live, QUIET_MS, WAIT_MS } from '../protocols/live.js';
import { closedPortUrl, deliveriesOf, identityWithEndpoints, withRelay } from '../_support/fault-paths.js';

/** Polls until `id` reached the harness endpoint `count` times, or WAIT_MS passed. */
async function arrivals(agent: ReferenceAgent, id: string, count = 1, waitMs = WAIT_MS): Promise<number> {
  await agent.inbox.waitFor(() => deliveriesOf(agent, id).length >= count, waitMs);
  return deliveriesOf(agent, id).length;
}

function basic(text: string, from: string, to: string): PlaintextMessage {
  return buildBasicMessage(text, { from, to: [to] });
}

conformanceCase({
  id: 'transport.sender.fault-connection-dropped', title: 'retries a POST whose connection closed without an answer (SHOULD), and keeps sending',
  requirements: ['ROUTE-013', 'TRANS-001'], profiles: ['core'], role: 'sender', needs: { transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent }) => {
  judgesLibraryTransport(ctx);
    const them = await adapterIdentity(ctx);
  await withRelay({ http: agent.httpUrl }, async (relay) => {
    const me = await agent.createIdentity({ endpoint: relay.httpUrl });
    relay.plan.push({ kind: 'drop' });
    const first = basic('the connection of this one is dropped', them, me.did);
    const result = await ctx.call('send', { message: first, to: me.did, envelope: 'authcrypt' });
    await relay.waitForEvents(1, WAIT_MS);
    if (relay.events.length === 0) throw new Inconclusive('the agent never reached the relay');
    const arrived = await arrivals(agent, first.id) > 0;
    ctx.should(arrived, 'ROUTE-013', `no retry within ${WAIT_MS} ms after the connection closed without an answer`);
    ctx.should(arrived || !result.delivered, 'ROUTE-013', '`send` reports delivered though the only attempt got no answer: a failure it does not see, it cannot retry');
    const next = basic('after the dropped connection', them, me.did);
    await ctx.call('send', { message: next, to: me.did, envelope: 'authcrypt' });
    must(await arrivals(agent, next.id) > 0, 'TRANS-001', 'after a dropped connection the agent no longer delivers to this endpoint');
  });
}));

conformanceCase({
  id: 'transport.sender.fault-ws-cut', title: 'after its WebSocket is cut mid-send, the next message goes over a working WebSocket',
  requirements: ['TRANS-006'], profiles: ['core'], role: 'sender', needs: { transports: ['ws'] },
}, (ctx) => live(ctx, async ({ agent }) => {
  const them = await adapterIdentity(ctx, 'ws');
  await withRelay({ ws: agent.wsUrl }, async (relay) => {
    const me = await agent.createIdentity({ endpoint: relay.wsUrl });
    // The relay cuts the socket on the first message instead of passing it on; a sender that keeps the
    // dead socket (a pooled connection) loses the next one too.
    relay.plan.push({ kind: 'ws-close' });
    await ctx.call('send', { message: basic('cut', them, me.did), to: me.did, envelope: 'authcrypt', transport: 'ws' });
    await relay.waitForEvents(1, WAIT_MS);
    if (relay.events.length === 0) throw new Inconclusive('the agent never reached the relay over WebSocket');
    const next = basic('after the cut', them, me.did);
    await ctx.call('send', { message: next, to: me.did, envelope: 'authcrypt', transport: 'ws' });
    must(await arrivals(agent, next.id) > 0, 'TRANS-006', 'after a WebSocket was cut the agent no longer delivers over WebSocket');
    must(deliveriesOf(agent, next.id).every((r) => r.transport === 'ws'), 'TRANS-006', 'the message came over HTTP, not WebSocket');
  });
}, { transport: 'ws' }));

/** The first endpoint fails in one of these ways; the second is the harness endpoint. */
const FIRST_ENDPOINT_FAILURES: Array<[name: string, first: (relay: FaultRelay) => Promise<string>]> = [
  ['answers-503', async (relay) => {
    relay.fault = { kind: 'status', status: 503 };
    return relay.httpUrl;
  }],
  ['closed-port', () => closedPortUrl()],
];

for (const [name, failingEndpoint] of FIRST_ENDPOINT_FAILURES) {
  conformanceCase({
    id: `transport.sender.fault-first-endpoint-${name}`,
    title: `first of two endpoints ${name === 'closed-port' ? 'refuses connections' : 'answers 503'}: the message goes to the other (SHOULD)`,
    requirements: ['ROUTE-013'], profiles: ['core'], role: 'sender', needs: { transports: ['http'] },
  }, (ctx) => live(ctx, async ({ agent }) => {
    judgesLibraryTransport(ctx);
    const them = await adapterIdentity(ctx);
    await withRelay({ http: agent.httpUrl }, async (relay) => {
      const me = await identityWithEndpoints(agent, [await failingEndpoint(relay), agent.httpUrl]);
      const message = basic('the first endpoint fails', them, me.did);
      const result = await ctx.call('send', { message, to: me.did, envelope: 'authcrypt' });
      const count = await arrivals(agent, message.id);
      ctx.should(count > 0, 'ROUTE-013', `not delivered through the second endpoint within ${WAIT_MS} ms (ROUTE-013: try another endpoint or retry later)`);
      ctx.should(count > 0 || !result.delivered, 'ROUTE-013', '`send` reports delivered though no endpoint took the message');
    });
  }));
}

conformanceCase({
  id: 'transport.sender.fault-first-endpoint-slow', title: 'first of two endpoints answers after 1.5 s: the message is delivered to only one (SHOULD)',
  requirements: ['SVC-005', 'TRANS-001'], profiles: ['core'], role: 'sender', needs: { transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent }) => {
  judgesLibraryTransport(ctx);
    const them = await adapterIdentity(ctx);
  await withRelay({ http: agent.httpUrl }, async (relay) => {
    relay.fault = { kind: 'delay', ms: 1500 };
    const me = await identityWithEndpoints(agent, [relay.httpUrl, agent.httpUrl]);
    const message = basic('the first endpoint is slow', them, me.did);
    await ctx.call('send', { message, to: me.did, envelope: 'authcrypt' });
    must(await arrivals(agent, message.id) > 0, 'TRANS-001', `the message reached neither endpoint within ${WAIT_MS} ms`);
    // Every copy the relay holds is passed on after the delay; wait for those too before counting.
    await new Promise((r) => setTimeout(r, 1500 + QUIET_MS));
    // The relay passes what it holds on to the harness endpoint, so copies through the first endpoint are
    // the relay's; the rest came to the second endpoint directly.
    const viaFirst = relay.events.filter((e) => e.forwarded.some((status) => status >= 200 && status < 300)).length;
    const viaSecond = deliveriesOf(agent, message.id).length - viaFirst;
    ctx.should(viaFirst === 0 || viaSecond === 0, 'SVC-005', `delivered through both endpoints (${viaFirst} through the slow first, ${viaSecond} through the second); deliver to only one`);
  });
}));
