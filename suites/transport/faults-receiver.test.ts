/**
 * Transport faults with the adapter as receiver: the harness posts through a fault-injecting relay
 * (src/agent/relay.ts) in front of the endpoint the adapter's DID document names. Each case first sends
 * an untouched ping through the relay (positive control), then the faulty delivery, then checks on the
 * wire what the spec asks of the receiver, and that the agent still answers a fresh ping.
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { PING_RESPONSE } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { adapterIdentity, live, mustSee, QUIET_MS, WAIT_MS } from '../protocols/live.js';
import {
  answerTo, controlPing, endpointOf, HeldSocket, lastSeq, mustReportProblemsWell, mustStillAnswer, pingFrom, sendVia, withRelay,
} from '../_support/fault-paths.js';

const TRUST_PING = 'https://didcomm.org/trust-ping/2.0';
const http = { transports: ['http' as const], protocols: [TRUST_PING] };
const ws = { transports: ['ws' as const], protocols: [TRUST_PING] };

function is2xx(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

conformanceCase({
  id: 'transport.receiver.fault-truncated-4xx', title: 'answers a truncated envelope with 4xx and keeps answering',
  requirements: ['TRANS-003', 'ENV-MT-006'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async (harness) => {
  const them = await adapterIdentity(ctx);
  await withRelay({ http: await endpointOf(harness.agent, them, 'http') }, async (relay) => {
    await controlPing(harness, them, relay.httpUrl);
    // The JWE loses its last 64 characters: no longer JSON, so no DIDComm format at all (ENV-MT-006).
    relay.plan.push({ kind: 'truncate', bytes: -64 });
    const from = lastSeq(harness.agent);
    const sent = await sendVia(harness.agent, relay.httpUrl, pingFrom(harness, them), them);
    const status = relay.events.at(-1)?.forwarded[0];
    must(status !== undefined && status >= 400 && status < 500, 'TRANS-003', `a truncated envelope was answered ${status || 'with no answer'} (relay: ${sent.status}); expected a 4xx (PITFALLS 2.2 A)`);
    // Undecryptable input has no authenticated route back: no report is fine (PITFALLS 20), a bad one is not.
    await new Promise((r) => setTimeout(r, QUIET_MS));
    mustReportProblemsWell(harness.agent, from);
  });
  await mustStillAnswer(harness, them, 'TRANS-003', 'a truncated envelope');
}));

conformanceCase({
  id: 'transport.receiver.fault-duplicate', title: 'takes the same message posted twice (2xx) and keeps answering',
  requirements: ['TRANS-003', 'PROTO-PING-002'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async (harness) => {
  const them = await adapterIdentity(ctx);
  await withRelay({ http: await endpointOf(harness.agent, them, 'http') }, async (relay) => {
    await controlPing(harness, them, relay.httpUrl);
    relay.plan.push({ kind: 'duplicate' });
    const ping = pingFrom(harness, them);
    await sendVia(harness.agent, relay.httpUrl, ping, them);
    const [first, second] = relay.events.at(-1)!.forwarded;
    must(is2xx(first), 'TRANS-003', `the first copy was answered ${first}`);
    // A replay may be refused (4xx); a server error or a dropped connection is the receiver failing on it.
    ctx.should(second !== undefined && second >= 200 && second < 500, 'TRANS-003', `the identical second copy was answered ${second || 'with no answer'}`);
    mustSee(await answerTo(harness, ping), 'PROTO-PING-002', 'a ping-response to a ping delivered twice');
    // Answering once or twice are both conformant: THR-007 (ignore duplicates) binds only protocols that
    // declare advanced sequencing, and trust ping does not.
  });
  await mustStillAnswer(harness, them, 'TRANS-003', 'a duplicated message');
}));

conformanceCase({
  id: 'transport.receiver.fault-reorder', title: 'two pings delivered in reverse order are each answered on their own thread',
  requirements: ['THR-002', 'THR-004', 'TRANS-003'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async (harness) => {
  const them = await adapterIdentity(ctx);
  await withRelay({ http: await endpointOf(harness.agent, them, 'http') }, async (relay) => {
    await controlPing(harness, them, relay.httpUrl);
    const from = lastSeq(harness.agent);
    relay.plan.push({ kind: 'reorder', batch: 2 }, { kind: 'reorder', batch: 2 });
    const pings = [pingFrom(harness, them), pingFrom(harness, them)];
    for (const ping of pings) await sendVia(harness.agent, relay.httpUrl, ping, them);
    for (const event of relay.events.slice(-2)) must(is2xx(event.forwarded[0]), 'TRANS-003', `a reordered ping was answered ${event.forwarded[0]}`);
    for (const ping of pings) mustSee(await answerTo(harness, ping), 'THR-002', `a ping-response with thid ${ping.id} (the pings arrived second first)`);
    await new Promise((r) => setTimeout(r, QUIET_MS / 2));
    const stray = harness.agent.inbox.after(from).filter((r) => r.message?.type === PING_RESPONSE && !pings.some((p) => p.id === r.message?.thid));
    must(stray.length === 0, 'THR-002', `ping-responses on a thread that is no ping's: ${stray.map((r) => String(r.message?.thid)).join(', ')}`);
  });
}));

conformanceCase({
  id: 'transport.receiver.fault-slow-body', title: 'takes a POST whose body arrives in two parts 1.5 s apart',
  requirements: ['TRANS-003', 'PROTO-PING-002'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async (harness) => {
  const them = await adapterIdentity(ctx);
  await withRelay({ http: await endpointOf(harness.agent, them, 'http') }, async (relay) => {
    await controlPing(harness, them, relay.httpUrl);
    relay.plan.push({ kind: 'stall', ms: 1500 });
    const ping = pingFrom(harness, them);
    await sendVia(harness.agent, relay.httpUrl, ping, them);
    const status = relay.events.at(-1)?.forwarded[0];
    must(is2xx(status), 'TRANS-003', `a message whose body paused 1.5 s halfway was answered ${status || 'with no answer'}`);
    mustSee(await answerTo(harness, ping), 'PROTO-PING-002', 'a ping-response to the slowly sent ping');
  });
}));

conformanceCase({
  id: 'transport.receiver.fault-ws-idle', title: 'answers a ping that comes 1.5 s after its WebSocket opened',
  requirements: ['TRANS-006', 'PROTO-PING-002'], profiles: ['core'], role: 'receiver', needs: ws,
}, (ctx) => live(ctx, async (harness) => {
  const them = await adapterIdentity(ctx, 'ws');
  await withRelay({ ws: await endpointOf(harness.agent, them, 'ws') }, async (relay) => {
    await controlPing(harness, them, relay.wsUrl, 'ws');
    // The relay holds the frame: the agent's socket stays open and idle, then the message comes.
    relay.plan.push({ kind: 'delay', ms: 1500 });
    const ping = pingFrom(harness, them, 'ws');
    await sendVia(harness.agent, relay.wsUrl, ping, them, 1);
    // Closing an idle socket is allowed (the sender opens another), but then this case proves nothing more.
    const passed = relay.events.at(-1)?.forwarded.length === 1;
    ctx.should(passed, 'TRANS-006', 'the agent closed its WebSocket after 1.5 s idle');
    if (passed) mustSee(await answerTo(harness, ping), 'PROTO-PING-002', 'a ping-response to the ping sent on a socket idle for 1.5 s');
  });
}, { transport: 'ws' }));

conformanceCase({
  id: 'transport.receiver.fault-content-type', title: 'a valid message with the DIDComm v1 Content-Type: 2xx and handled, or 4xx and not',
  requirements: ['TRANS-003', 'PROB-002', 'PROB-004'], profiles: ['core'], role: 'receiver', needs: http,
}, (ctx) => live(ctx, async (harness) => {
  const them = await adapterIdentity(ctx);
  await withRelay({ http: await endpointOf(harness.agent, them, 'http') }, async (relay) => {
    await controlPing(harness, them, relay.httpUrl);
    // TRANS-002 binds the sender; a receiver may refuse the type (415) or detect the format itself (ENV-MT-006).
    relay.plan.push({ kind: 'content-type', value: 'application/didcomm-envelope-enc' });
    const from = lastSeq(harness.agent);
    const ping = pingFrom(harness, them);
    await sendVia(harness.agent, relay.httpUrl, ping, them);
    const status = relay.events.at(-1)?.forwarded[0] ?? 0;
    must(status > 0, 'TRANS-003', 'the agent closed the connection without an answer');
    ctx.should(status < 500, 'TRANS-003', `answered ${status}: a wrong Content-Type is the sender's error, not the server's`);
    const answer = await harness.agent.inbox.waitForMessage(PING_RESPONSE, is2xx(status) ? WAIT_MS : QUIET_MS, { thid: ping.id });
    if (is2xx(status)) ctx.should(answer, 'PROTO-PING-002', `answered ${status} but never answered the ping`);
    else must(!answer, 'TRANS-003', `the ping was refused with ${status} yet handled (a ping-response came): a receipt that succeeded is 2xx`);
    mustReportProblemsWell(harness.agent, from, ping);
  });
  await mustStillAnswer(harness, them, 'TRANS-003', 'a message with a wrong Content-Type');
}));

conformanceCase({
  id: 'transport.receiver.fault-ws-cut', title: 'a WebSocket cut before the agent answered on it: the next WebSocket works',
  requirements: ['TRANS-006', 'TRANS-RR-002'], profiles: ['core'], role: 'receiver', needs: ws,
}, (ctx) => live(ctx, async (harness) => {
  const them = await adapterIdentity(ctx, 'ws');
  await withRelay({ ws: await endpointOf(harness.agent, them, 'ws') }, async (relay) => {
    const socket = await HeldSocket.open(harness.agent, relay.wsUrl);
    must(socket, 'TRANS-006', `no WebSocket to the agent's endpoint opened within ${WAIT_MS} ms`);
    try {
      // The first ping on the socket passes; the second passes and both sockets are cut at once, so the
      // agent's answer (return_route all) meets a dead socket.
      relay.plan.push({ kind: 'none' }, { kind: 'ws-close', pass: true });
      const control = pingFrom(harness, them, 'ws');
      await socket.send(harness.agent, control, them);
      if (!(await socket.answerTo(harness, control))) throw new Inconclusive(`the agent did not answer a ping on a healthy socket within ${WAIT_MS} ms`);
      await socket.send(harness.agent, pingFrom(harness, them, 'ws'), them);
      await Promise.race([socket.closed, new Promise((r) => setTimeout(r, WAIT_MS))]);
    } finally {
      socket.close();
    }
  });
  await mustStillAnswer(harness, them, 'TRANS-006', 'a WebSocket cut mid-stream', 'ws');
}, { transport: 'ws' }));
