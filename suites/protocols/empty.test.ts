/**
 * Empty 1.0 and ACKs in both roles: the receiver honours `please_ack` once (on its reply when there is one,
 * else with a pure ACK) and never ACKs a pure ACK; the sender's empty message asks for an ACK, and its pure
 * ACK never asks for one (ACK-001..004).
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { buildAck, buildEmpty, EMPTY, EMPTY_PIURI, validateAck } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import { buildPing, PING_RESPONSE, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { adapterIdentity, live, mustHaveNoFindings, mustSee, needsHttp, QUIET_MS, waitReceived, WAIT_MS } from './live.js';

const needs = needsHttp(EMPTY_PIURI);
const acks = (id: string) => (r: { message?: Record<string, unknown> }) => Array.isArray(r.message?.['ack']) && (r.message['ack'] as unknown[]).includes(id);

conformanceCase({
  id: 'protocols.receiver.empty-please-ack', title: 'acknowledges please_ack [""] on an empty message with a pure ACK, without asking for one',
  requirements: ['ACK-002', 'ACK-003', 'ACK-004', 'PROTO-EMPTY-001'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const empty = buildEmpty({ from: me.did, to: [them], please_ack: [''] });
  await agent.send(empty, { to: them });
  const ack = await agent.inbox.waitFor((r) => Array.isArray(r.message?.['ack']), WAIT_MS);
  mustSee(ack, 'ACK-002', 'an ACK');
  mustHaveNoFindings(validateAck(ack.message!, [empty.id]), 'the ACK');
  ctx.should(ack.message!.type === EMPTY, 'ACK-004', `the pure ACK is a ${ack.message!.type}, not an empty message`);
}));

conformanceCase({
  id: 'protocols.receiver.ack-once', title: 'please_ack on a ping is honoured once: on the ping-response, with no second ACK',
  requirements: ['ACK-003', 'ACK-002'], profiles: ['protocols'], role: 'receiver', needs: needsHttp(EMPTY_PIURI, TRUST_PING_PIURI),
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping = buildPing({ from: me.did, to: [them], please_ack: [''] });
  await agent.send(ping, { to: them });
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
  mustSee(response, 'PROTO-PING-002', 'a ping-response');
  const first = await agent.inbox.waitFor(acks(ping.id), WAIT_MS);
  ctx.should(first !== undefined, 'ACK-002', 'please_ack was not honoured');
  if (!first) return;
  ctx.should(first.seq === response.seq, 'ACK-002', 'the ACK came as a separate message, not on the ping-response (a cooperating receiver adds "ack" to a subsequent message)');
  const second = await agent.inbox.waitFor(acks(ping.id), QUIET_MS, first.seq);
  must(second === undefined, 'ACK-003', `the ping was acknowledged twice (${first.message!.type}, then ${second?.message?.type}): honour at most one ACK request per message`);
}));

conformanceCase({
  id: 'protocols.receiver.ack-order', title: 'acknowledging several messages at once lists them in the order received, oldest first',
  requirements: ['ACK-002', 'ACK-001'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const earlier = buildEmpty({ from: me.did, to: [them] });
  await agent.send(earlier, { to: them });
  if (!(await waitReceived(ctx, (m) => m['id'] === earlier.id))) throw new Inconclusive('the adapter did not report receiving the first message');
  // ACK-001: please_ack names message ids, "" standing for the message itself.
  const later = buildEmpty({ from: me.did, to: [them], please_ack: [earlier.id, ''] });
  await agent.send(later, { to: them });
  const ack = await agent.inbox.waitFor(acks(later.id), WAIT_MS);
  ctx.should(ack !== undefined, 'ACK-002', 'please_ack was not honoured');
  if (!ack) return;
  const listed = ack.message!['ack'] as unknown[];
  ctx.should(listed.includes(earlier.id), 'ACK-002', `"ack" ${JSON.stringify(listed)} leaves out ${earlier.id}, which please_ack named`);
  if (!listed.includes(earlier.id)) return;
  // ACK-002 is a SHOULD (honouring please_ack); the order it prescribes binds only a receiver that honours it.
  ctx.should(listed.indexOf(earlier.id) < listed.indexOf(later.id), 'ACK-002', `"ack" ${JSON.stringify(listed)} is not in the order received (oldest first)`);
}));

conformanceCase({
  id: 'protocols.receiver.pure-ack-not-acked', title: 'a pure ACK that asks for an ACK is not acknowledged (no ACK loop)',
  requirements: ['ACK-003'], profiles: ['protocols'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // Positive control: an ordinary please_ack is honoured, so silence below means something.
  const control = buildEmpty({ from: me.did, to: [them], please_ack: [''] });
  await agent.send(control, { to: them });
  if (!(await agent.inbox.waitFor(acks(control.id), WAIT_MS))) throw new Inconclusive('the adapter honours no please_ack at all; the loop rule cannot be observed');
  const pureAck = buildAck([control.id], { from: me.did, to: [them], please_ack: [''] });
  await agent.send(pureAck, { to: them });
  must((await agent.inbox.waitFor(acks(pureAck.id), QUIET_MS)) === undefined, 'ACK-003', 'a pure ACK asking for an ACK was acknowledged (an ACK loop)');
}));

conformanceCase({
  id: 'protocols.sender.empty-please-ack', title: 'sends an empty message with please_ack; takes the ACK without acknowledging it',
  requirements: ['PROTO-EMPTY-001', 'ACK-001', 'ACK-003'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: EMPTY_PIURI, action: 'empty', from: them, to: me.did, args: { please_ack: [''] } });
  const empty = await agent.inbox.waitForMessage(EMPTY, WAIT_MS);
  // The schema has checked the body is empty (PROTO-EMPTY-001) and please_ack is an array of strings (ACK-001).
  mustSee(empty, 'PROTO-EMPTY-001', 'an empty message');
  const please = empty.message!['please_ack'];
  ctx.should(Array.isArray(please) && please.every((id) => typeof id === 'string'), 'ACK-001', `please_ack is ${JSON.stringify(please)}, not an array of message ids`);
  // The harness answers with a pure ACK that itself asks for an ACK: one arriving in response to the adapter's
  // own ACK request, which the adapter must not honour (ACK-003).
  const answer = buildAck([empty.message!.id], { from: me.did, to: [them], please_ack: [''] });
  await agent.send(answer, { to: them });
  if (!(await waitReceived(ctx, (m) => m['id'] === answer.id))) throw new Inconclusive('the adapter did not report receiving the harness ACK');
  must((await agent.inbox.waitFor(acks(answer.id), QUIET_MS, empty.seq)) === undefined, 'ACK-003', 'the adapter honoured the ACK request of a pure ACK answering its own ACK request (an ACK loop)');
}));

conformanceCase({
  id: 'protocols.sender.pure-ack', title: 'a pure ACK is an empty message with "ack" and never asks for an ACK',
  requirements: ['ACK-004', 'ACK-003', 'PROTO-EMPTY-001'], profiles: ['protocols'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const acked = buildEmpty({ from: me.did, to: [them] });
  await agent.send(acked, { to: them });
  await ctx.call('protocol', { piuri: EMPTY_PIURI, action: 'empty', from: them, to: me.did, args: { ack: [acked.id] } });
  const ack = await agent.inbox.waitFor(acks(acked.id), WAIT_MS);
  mustSee(ack, 'ACK-004', `an ACK of ${acked.id}`);
  mustHaveNoFindings(validateAck(ack.message!, [acked.id]), 'the pure ACK');
  ctx.should(ack.message!.type === EMPTY, 'ACK-004', `the pure ACK is a ${ack.message!.type}, not an empty message`);
}));
