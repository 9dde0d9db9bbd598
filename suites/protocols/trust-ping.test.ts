/**
 * Trust ping 2.0 in both roles, judged on the wire; threading of replies across a thread (THR-002,
 * ENV-PLAIN-012). Expiry is not judged: no receiver MUST rejects an expired message (TIME-002 is INFO).
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { buildPing, PING, PING_RESPONSE, TRUST_PING_PIURI, validatePingResponse } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildMessage, checkReplyThread } from '../../src/didcomm/protocols/message.js';
import { adapterIdentity, controlSee, live, mustHaveNoFindings, mustSee, needsHttp, QUIET_MS, waitReceived, WAIT_MS } from './live.js';

const needs = needsHttp(TRUST_PING_PIURI);

conformanceCase({
  id: 'protocols.receiver.trust-ping', title: 'answers a ping with a ping-response threaded to it',
  requirements: ['PROTO-PING-002', 'THR-004', 'PROTO-PING-003'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping = buildPing({ from: me.did, to: [them] });
  await agent.send(ping, { to: them });
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS);
  mustSee(response, 'PROTO-PING-002', 'a ping-response');
  mustHaveNoFindings(validatePingResponse(response.message!, ping), 'the ping-response');
  ctx.note(response.metadata?.encrypted, 'PROTO-PING-003', 'the ping-response was not encrypted');
}));

conformanceCase({
  id: 'protocols.receiver.trust-ping-no-response', title: 'sends no ping-response when response_requested is false',
  requirements: ['PROTO-PING-002'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping = buildPing({ from: me.did, to: [them] }, false);
  const sent = await agent.send(ping, { to: them });
  must(sent.status >= 200 && sent.status < 300, 'TRANS-003', `the ping was answered ${sent.status}`);
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, QUIET_MS);
  ctx.should(response === undefined, 'PROTO-PING-002', 'a ping-response came though response_requested was false');
}));

conformanceCase({
  id: 'protocols.receiver.trust-ping-minor-version', title: 'understands trust-ping/2.1/ping (a minor bump)',
  requirements: ['PIURI-003', 'PIURI-004'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // Positive control: a 2.0 ping is answered, so silence to 2.1 is the minor version's doing.
  const control = buildPing({ from: me.did, to: [them] });
  await agent.send(control, { to: them });
  controlSee(await agent.inbox.waitFor((r) => r.message?.thid === control.id, WAIT_MS), 'a ping-response to a trust-ping 2.0 ping');
  const ping = buildMessage('https://didcomm.org/trust-ping/2.1/ping', { response_requested: true }, { from: me.did, to: [them] });
  await agent.send(ping, { to: them });
  const response = await agent.inbox.waitFor((r) => r.message?.thid === ping.id, WAIT_MS);
  // PIURI-003: dispatch compares semver-compatible versions; an agent that answers 2.0 must take 2.1 (PITFALLS 25).
  mustSee(response, 'PIURI-003', 'a trust-ping response to a 2.1 ping, though a 2.0 ping was answered');
  must(response.message!.type.startsWith('https://didcomm.org/trust-ping/2.'), 'PIURI-003', `the 2.1 ping was answered with ${response.message!.type}`);
}));

conformanceCase({
  id: 'protocols.receiver.thread-continued', title: 'replies stay on the thread: a ping without thid opens it (thid = its id), a later ping with that thid is answered on it',
  requirements: ['THR-002', 'ENV-PLAIN-012', 'THR-004'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const opening = buildPing({ from: me.did, to: [them] });
  await agent.send(opening, { to: them });
  const first = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS);
  mustSee(first, 'PROTO-PING-002', 'a ping-response to the opening ping');
  // ENV-PLAIN-012: the opening ping has no thid, so its id is the thread.
  mustHaveNoFindings(checkReplyThread(first.message!, { id: opening.id }, 'ENV-PLAIN-012'), 'the first ping-response');
  // THR-002: the next ping continues thread `opening.id` (its own id differs); the reply keeps that thread.
  const continued = buildPing({ from: me.did, to: [them], thid: opening.id });
  await agent.send(continued, { to: them });
  const second = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { afterSeq: first.seq });
  mustSee(second, 'PROTO-PING-002', 'a ping-response to the continuing ping');
  must(second.message!.thid === opening.id, 'THR-002', `the reply to a ping on thread ${opening.id} has thid ${JSON.stringify(second.message!.thid)}${second.message!.thid === continued.id ? ' (the ping id, not its thread)' : ''}`);
}));

conformanceCase({
  id: 'protocols.sender.trust-ping', title: 'sends a well-formed ping and takes the response',
  requirements: ['PROTO-PING-001', 'ENV-PLAIN-001'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: them, to: me.did });
  const ping = await agent.inbox.waitForMessage(PING, WAIT_MS);
  mustSee(ping, 'PROTO-PING-001', 'a ping');
  ctx.note(ping.message!.from === them, 'PROTO-PING-003', 'the ping names no sender to answer');
  const received = await waitReceived(ctx, (m) => m['type'] === PING_RESPONSE && m['thid'] === ping.message!.id);
  mustSee(received, 'PROTO-PING-002', 'the harness ping-response among what the adapter received');
}));

conformanceCase({
  id: 'protocols.sender.thread-continued', title: 'a message continuing a thread carries its thid',
  requirements: ['THR-002'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // The harness opens a thread; the adapter is asked to continue it.
  const opening = buildPing({ from: me.did, to: [them] }, false);
  await agent.send(opening, { to: them });
  await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: them, to: me.did, args: { thid: opening.id } });
  const ping = await agent.inbox.waitForMessage(PING, WAIT_MS);
  mustSee(ping, 'THR-002', 'a ping continuing the thread');
  must(ping.message!.thid === opening.id, 'THR-002', `the continuing ping has thid ${JSON.stringify(ping.message!.thid)}, expected the thread ${opening.id}`);
}));

