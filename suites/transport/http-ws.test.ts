/**
 * Transports (spec §8, TRANS-001..007, return_route TRANS-RR-001..002), judged on the wire: the harness
 * agent posts to the adapter's endpoint and watches its own, over real loopback HTTP and WebSocket.
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { buildPing, PING, PING_RESPONSE } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildBasicMessage, BASIC_MESSAGE } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { isDidcommMediaType } from '../../src/agent/agent.js';
import { adapterIdentity, httpEndpointOf, judgesLibraryTransport, live, mustSee, QUIET_MS, WAIT_MS } from '../protocols/live.js';

const TRUST_PING = 'https://didcomm.org/trust-ping/2.0';
const http = { transports: ['http' as const], protocols: [TRUST_PING] };
const ws = { transports: ['ws' as const], protocols: [TRUST_PING] };

conformanceCase({
  id: 'transport.receiver.http-2xx', title: 'answers a DIDComm POST with 2xx (202 recommended)',
  requirements: ['TRANS-003', 'TRANS-004'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const sent = await agent.send(buildPing({ from: me.did, to: [them] }), { to: them });
  must(sent.status >= 200 && sent.status < 300, 'TRANS-003', `the POST was answered ${sent.status}`);
  ctx.should(sent.status === 202, 'TRANS-003', `202 Accepted is recommended, got ${sent.status}`);
  ctx.note(sent.replies.length === 0, 'TRANS-004', 'a reply came back in the HTTP response without return_route');
}));

conformanceCase({
  id: 'transport.receiver.media-type-short', title: 'accepts Content-Type didcomm-encrypted+json without application/',
  requirements: ['ENV-MT-005', 'TRANS-003'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // Positive control: the same message with the full media type is taken (2xx), so a refusal below is about the
  // short one (an endpoint that refuses everything is transport.receiver.http-2xx's finding, TRANS-003).
  const full = await agent.send(buildPing({ from: me.did, to: [them] }, false), { to: them });
  if (full.status < 200 || full.status >= 300) throw new Inconclusive(`inconclusive: the endpoint answers the full media type ${full.status} too`);
  const sent = await agent.send(buildPing({ from: me.did, to: [them] }), { to: them, contentType: 'didcomm-encrypted+json' });
  must(sent.status >= 200 && sent.status < 300, 'ENV-MT-005', `the short media type was answered ${sent.status} (PITFALLS 19)`);
}));

conformanceCase({
  id: 'transport.receiver.garbage-4xx', title: 'answers a body that is no DIDComm message with 4xx, not 2xx or 5xx',
  requirements: ['TRANS-003'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // Positive control: a valid message to the same endpoint is taken (2xx), so a 4xx below is about the garbage.
  const valid = await agent.send(buildPing({ from: me.did, to: [them] }, false), { to: them });
  if (valid.status < 200 || valid.status >= 300) throw new Inconclusive(`inconclusive: the endpoint answers a valid message ${valid.status} too`);
  const result = await agent.deliverRaw(await httpEndpointOf(agent, them), '{"not":"didcomm"', 'application/didcomm-encrypted+json');
  must(result.status >= 400 && result.status < 500, 'TRANS-003', `malformed input was answered ${result.status}; expected a 4xx (PITFALLS 2.2 A)`);
}));

for (const [mode, expectOnConnection] of [['all', true], ['none', false], [undefined, false]] as const) {
  conformanceCase({
    id: `transport.receiver.return-route-${mode ?? 'absent'}-http`,
    title: `return_route ${mode ?? 'absent'} over HTTP: the ping-response comes ${expectOnConnection ? 'in the HTTP response' : 'to the sender endpoint'}`,
    requirements: ['TRANS-RR-001', 'TRANS-RR-002', 'TRANS-004'], profiles: ['core'], role: 'receiver', needs: http,
  }, (ctx) => live(ctx, async ({ agent, me }) => {
    const them = await adapterIdentity(ctx);
    const ping = buildPing({ from: me.did, to: [them], ...(mode ? { return_route: mode } : {}) });
    const sent = await agent.send(ping, { to: them });
    const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
    mustSee(response, 'PROTO-PING-002', 'a ping-response');
    if (expectOnConnection) {
      ctx.should(response.channel === 'response' && sent.status === 200, 'TRANS-RR-002', 'return_route "all": the reply did not come back in the HTTP response');
    } else {
      ctx.note(response.channel === 'request', 'TRANS-004', `return_route ${mode ?? 'absent'}: the reply came back on the request connection`);
    }
  }));
}

conformanceCase({
  id: 'transport.receiver.return-route-in-body', title: 'return_route inside body does not count (only the header does)',
  requirements: ['TRANS-RR-001', 'TRANS-004'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping = buildPing({ from: me.did, to: [them] });
  ping.body = { ...ping.body, return_route: 'all' };
  await agent.send(ping, { to: them });
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
  mustSee(response, 'PROTO-PING-002', 'a ping-response');
  ctx.note(response.channel === 'request', 'TRANS-004', 'the reply came back in the HTTP response though return_route was only in the body (PITFALLS 16)');
}));

conformanceCase({
  id: 'transport.receiver.websocket', title: 'takes one message per WebSocket message; return_route all answers on the socket',
  requirements: ['TRANS-006', 'TRANS-007', 'TRANS-RR-002'], profiles: ['core'], role: 'receiver', needs: ws,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx, 'ws');
  const ping = buildPing({ from: me.did, to: [them], return_route: 'all' });
  const sent = await agent.send(ping, { to: them, transport: 'ws', expectReplies: 1 });
  must(sent.status === 101, 'TRANS-006', `the WebSocket did not open (${sent.error ?? sent.status})`);
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
  mustSee(response, 'PROTO-PING-002', 'a ping-response');
  ctx.should(response.transport === 'ws' && response.channel === 'response', 'TRANS-RR-002', 'the reply did not come back on the socket');
}, { transport: 'ws' }));

conformanceCase({
  id: 'transport.sender.http-post-content-type', title: 'delivers with POST and the outer media type as Content-Type',
  requirements: ['TRANS-001', 'TRANS-002'], profiles: ['core'], role: 'sender', needs: { transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const message = buildBasicMessage('over http', { from: them, to: [me.did] });
  await ctx.call('send', { message, to: me.did, envelope: 'authcrypt' });
  const got = await agent.inbox.waitForMessage(BASIC_MESSAGE, WAIT_MS);
  mustSee(got, 'TRANS-001', 'the message at the harness endpoint');
  must(got.contentType?.split(';')[0]?.trim() === 'application/didcomm-encrypted+json' || got.contentType === 'didcomm-encrypted+json', 'TRANS-002', `Content-Type was ${JSON.stringify(got.contentType)} for an encrypted message`);
  must(got.message?.id === message.id, 'TRANS-001', 'the delivered message is not the one sent');
}));

conformanceCase({
  id: 'transport.sender.websocket', title: 'delivers over WebSocket, one DIDComm message per WebSocket message',
  requirements: ['TRANS-006'], profiles: ['core'], role: 'sender', needs: { transports: ['ws'] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx, 'ws');
  const message = buildBasicMessage('over ws', { from: them, to: [me.did] });
  await ctx.call('send', { message, to: me.did, envelope: 'authcrypt', transport: 'ws' });
  const got = await agent.inbox.waitForMessage(BASIC_MESSAGE, WAIT_MS);
  mustSee(got, 'TRANS-006', 'the message on the harness WebSocket');
  must(got.transport === 'ws', 'TRANS-006', `it came over ${got.transport}`);
  must(agent.inbox.records.filter((r) => r.outcome === 'rejected').length === 0, 'TRANS-006', 'a WebSocket message did not hold exactly one DIDComm message');
}, { transport: 'ws' }));

conformanceCase({
  id: 'transport.sender.retry-after-5xx', title: 'retries a delivery answered 500 (SHOULD)',
  requirements: ['ROUTE-013', 'TRANS-003'], profiles: ['core'], role: 'sender', needs: { transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  judgesLibraryTransport(ctx);
  const them = await adapterIdentity(ctx);
  agent.failNext.push(500);
  const message = buildBasicMessage('retry me', { from: them, to: [me.did] });
  await ctx.call('send', { message, to: me.did, envelope: 'authcrypt' });
  const first = await agent.inbox.waitFor((r) => r.status === 500, WAIT_MS);
  mustSee(first, 'TRANS-001', 'the first delivery');
  const retry = await agent.inbox.waitForMessage(BASIC_MESSAGE, WAIT_MS);
  ctx.should(retry?.message?.id === message.id, 'ROUTE-013', 'no retry after a 500 answer');
}));

conformanceCase({
  id: 'transport.sender.no-retry-after-4xx', title: 'does not resend a delivery refused with 400, and keeps working',
  requirements: ['TRANS-003', 'TRANS-001'], profiles: ['core'], role: 'sender', needs: { transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  agent.failNext.push(400);
  await ctx.call('send', { message: buildBasicMessage('refused', { from: them, to: [me.did] }), to: me.did, envelope: 'authcrypt' });
  const second = buildBasicMessage('after the refusal', { from: them, to: [me.did] });
  await ctx.call('send', { message: second, to: me.did, envelope: 'authcrypt' });
  const got = await agent.inbox.waitForMessage(BASIC_MESSAGE, WAIT_MS);
  mustSee(got, 'TRANS-001', 'the next message after a 400');
  await new Promise((r) => setTimeout(r, QUIET_MS / 3));
  must(agent.inbox.records.length === 2, 'TRANS-003', `${agent.inbox.records.length} deliveries seen; the 400-refused message was resent`);
  must(isDidcommMediaType(got.contentType), 'TRANS-002', `Content-Type ${JSON.stringify(got.contentType)}`);
  void PING;
}));
