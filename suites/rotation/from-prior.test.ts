/**
 * DID rotation with `from_prior` (spec §5.3, ROT-001..007), live: the harness rotates and watches where the
 * adapter answers and writes; the adapter rotates and the harness checks the rotation message on the wire.
 * ROT-008 is in sender-continuity.test.ts, ROT-009 (ending a relationship) in ending.test.ts.
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import { buildPing, PING, PING_RESPONSE, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { EMPTY, EMPTY_PIURI } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import { didOf } from '../../src/did/document.js';
import { currentTime } from '../../src/didcomm/clock.js';
import { adapterIdentity, controlSee, live, mustSee, QUIET_MS, WAIT_MS } from '../protocols/live.js';
import { wallSeconds } from '../protocols/agent-clock.js';

const needs = { protocols: ['https://didcomm.org/trust-ping/2.0'], transports: ['http' as const] };

conformanceCase({
  id: 'rotation.receiver.adopts-new-did', title: 'after a from_prior rotation, answers the new DID and ignores the old one',
  requirements: ['ROT-005', 'ROT-006', 'ROT-007'], profiles: ['core'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const first = buildPing({ from: me.did, to: [them] });
  await agent.send(first, { to: them });
  controlSee(await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: first.id }), 'a ping-response before the rotation');
  const rotated = await agent.rotate(me.did);
  await judgeRotationAdopted(agent, them, me.did, buildPing({ from: rotated.did, to: [them] }), 'a message from the rotated-away DID was answered');
}));

conformanceCase({
  id: 'rotation.receiver.writes-to-new-did', title: 'after the harness rotated, a message the adapter starts in the relationship goes to the new DID',
  requirements: ['ROT-006'], profiles: ['core'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // Positive control: the agent answers the DID before the rotation, so silence after it is about the rotation.
  const first = buildPing({ from: me.did, to: [them] });
  await agent.send(first, { to: them });
  controlSee(await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: first.id }), 'a ping-response before the rotation');
  const rotated = await agent.rotate(me.did);
  const announce = buildPing({ from: rotated.did, to: [them] });
  await agent.send(announce, { to: them });
  const answer = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: announce.id });
  mustSee(answer, 'ROT-006', 'a ping-response to the rotated DID');
  // The harness names the relationship by the DID the adapter first knew; the new one must be used (ROT-006).
  await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from: them, to: me.did });
  const ping = await agent.inbox.waitForMessage(PING, WAIT_MS, { afterSeq: answer.seq });
  mustSee(ping, 'ROT-006', 'a ping from the adapter after the rotation');
  const to = ping.message!.to ?? [];
  must(to.includes(rotated.did) && !to.includes(me.did), 'ROT-006', `the ping is addressed to ${JSON.stringify(to)}, not the new DID ${rotated.did}`);
  const keysOf = new Set(ping.metadata!.recipientKids.map(didOf));
  must(keysOf.size === 1 && keysOf.has(rotated.did), 'ROT-006', `the ping is encrypted to keys of ${[...keysOf].join(', ')}, not of the new DID`);
}));

conformanceCase({
  id: 'rotation.receiver.bad-signature', title: 'a from_prior with a broken signature does not rotate the relationship',
  requirements: ['ROT-005', 'ROT-002'], profiles: ['core'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // Positive control: the agent answers the DID before any rotation, so silence after the bad one means something.
  const first = buildPing({ from: me.did, to: [them] });
  await agent.send(first, { to: them });
  controlSee(await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: first.id }), 'a ping-response before the rotation');
  const rotated = await agent.rotate(me.did);
  const jwt = agent.rotation.pendingFromPrior.get(rotated.did)!;
  const [h, p, s] = jwt.split('.') as [string, string, string];
  agent.rotation.pendingFromPrior.set(rotated.did, `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`);
  await agent.send(buildPing({ from: rotated.did, to: [them] }), { to: them });
  await new Promise((r) => setTimeout(r, QUIET_MS / 2));
  const old = buildPing({ from: me.did, to: [them] });
  await agent.send(old, { to: them });
  must((await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: old.id })) !== undefined, 'ROT-005', 'the old DID was dropped after a from_prior with a broken signature (PITFALLS 23)');
}));

conformanceCase({
  id: 'rotation.sender.from-prior', title: 'a rotation message is encrypted, comes from the new DID and carries a from_prior JWT iss=old, sub=new',
  requirements: ['ROT-001', 'ROT-002', 'ROT-003'], profiles: ['core'], role: 'sender', needs: { protocols: [EMPTY_PIURI], transports: ['http' as const] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  // The rotation happens during the call: its iat is a wall-clock second of that window (the agent's clock).
  const before = wallSeconds();
  await ctx.call('protocol', { piuri: EMPTY_PIURI, action: 'rotate', from: them, to: me.did });
  const got = await agent.inbox.waitFor((r) => r.message?.type === EMPTY || r.outcome === 'rejected', WAIT_MS);
  const after = wallSeconds('up');
  mustSee(got, 'ROT-001', 'the rotation message');
  must(got.message !== undefined, 'ROT-002', `the reference receiver rejected it: ${got.error?.code} ${got.error?.message}`);
  must(got.metadata!.encrypted, 'ROT-001', 'the rotation message is not encrypted');
  const claims = got.metadata!.fromPrior;
  must(claims !== undefined, 'ROT-001', 'no from_prior');
  must(claims.iss === them, 'ROT-002', `iss is ${claims.iss}, expected the prior DID ${them}`);
  must(claims.sub === got.message!.from && claims.sub !== them, 'ROT-001', `sub ${String(claims.sub)} is not the new DID in "from" (${String(got.message!.from)})`);
  // Five seconds either way for clock granularity; an agent on another machine shares UTC with the harness.
  must(Number.isInteger(claims.iat) && claims.iat! >= before - 5 && claims.iat! <= after + 5, 'ROT-003', `iat ${String(claims.iat)} is not the time of the rotation (epoch seconds between ${before} and ${after})`);
}));

conformanceCase({
  id: 'rotation.receiver.rotated-long-ago', title: 'a from_prior whose iat is a day before the message (the rotation\'s time, not the message\'s) still rotates the relationship',
  requirements: ['ROT-003', 'ROT-005', 'ROT-006', 'ROT-007'], profiles: ['core'], role: 'receiver', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const first = buildPing({ from: me.did, to: [them] });
  await agent.send(first, { to: them });
  controlSee(await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: first.id }), 'a ping-response before the rotation');
  // The harness rotated a day ago and writes only now: iat dates the rotation (ROT-003), created_time the message.
  const rotated = await agent.createIdentity();
  const iat = currentTime() - 86_400;
  await agent.rotation.begin(agent.keys, me.did, rotated.did, iat);
  const ping = { ...buildPing({ from: rotated.did, to: [them] }), created_time: currentTime() };
  await judgeRotationAdopted(agent, them, me.did, ping, `a message from the rotated-away DID was answered: the rotation (iat ${iat}, a day before the message) was not taken`);
}));

/**
 * After the harness rotated `oldDid` away, `ping` from the new DID is answered to the new DID (ROT-006) and a
 * ping from the old DID is not answered (ROT-007, `unanswered` says why it matters).
 */
async function judgeRotationAdopted(agent: ReferenceAgent, them: string, oldDid: string, ping: ReturnType<typeof buildPing>, unanswered: string): Promise<void> {
  const newDid = String(ping.from);
  await agent.send(ping, { to: them });
  const response = await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
  mustSee(response, 'ROT-006', 'a ping-response to the rotated DID');
  must(response.message!.to?.[0] === newDid, 'ROT-006', `the response went to ${String(response.message!.to)}, not the new DID`);
  const old = buildPing({ from: oldDid, to: [them] });
  await agent.send(old, { to: them });
  must((await agent.inbox.waitForMessage(PING_RESPONSE, QUIET_MS, { thid: old.id })) === undefined, 'ROT-007', unanswered);
}
