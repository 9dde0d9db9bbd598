/**
 * How long a rotating agent keeps announcing its rotation (ROT-008): `from_prior` goes on every message from
 * the new DID until a message addressed to the new DID arrives. A message to the old DID is not one. Every
 * `from_prior` carries the `iat` of the rotation, not of its message (ROT-003): the later messages are asked for
 * in a later wall-clock second, so a JWT re-issued per message shows.
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { PING, PING_RESPONSE, TRUST_PING_PIURI, buildPing } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { EMPTY, EMPTY_PIURI } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import type { InboundRecord } from '../../src/agent/inbox.js';
import type { CaseContext } from '../../src/runner/case.js';
import { adapterIdentity, live, mustSee, waitReceived, WAIT_MS } from '../protocols/live.js';
import { pastSecond } from '../protocols/agent-clock.js';

const needs = { protocols: [EMPTY_PIURI, TRUST_PING_PIURI], transports: ['http' as const] };

/** Has the adapter rotate `them` and returns its new DID as the rotation message on the wire names it. */
async function adapterRotates(ctx: CaseContext, agent: ReferenceAgent, them: string, harnessDid: string): Promise<{ newDid: string; seq: number; iat: number | undefined }> {
  await ctx.call('protocol', { piuri: EMPTY_PIURI, action: 'rotate', from: them, to: harnessDid });
  const rotation = await agent.inbox.waitFor((r) => r.message?.type === EMPTY && r.metadata?.fromPrior?.iss === them, WAIT_MS);
  mustSee(rotation, 'ROT-001', 'the rotation message (an empty message with from_prior iss = the old DID)');
  must(typeof rotation.message!.from === 'string' && rotation.message!.from !== them, 'ROT-001', `the rotation message is from ${String(rotation.message!.from)}, not a new DID`);
  const iat = rotation.metadata!.fromPrior!.iat;
  if (iat !== undefined) await pastSecond(iat);
  return { newDid: rotation.message!.from!, seq: rotation.seq, iat };
}

/** ROT-003 on a later message: its from_prior has the rotation's `iat`, not a later one. */
function sameRotationTime(ping: InboundRecord, rotationIat: number | undefined): void {
  const iat = ping.metadata!.fromPrior?.iat;
  must(iat === rotationIat, 'ROT-003', `a later message's from_prior has iat ${String(iat)}, the rotation message's ${String(rotationIat)}: iat is the time of the rotation, not of the message`);
}

/** Asks the adapter for a ping from `from` and returns it as it arrived. */
async function pingFrom(ctx: CaseContext, agent: ReferenceAgent, from: string, harnessDid: string, afterSeq: number, requirement: 'ROT-008'): Promise<InboundRecord> {
  await ctx.call('protocol', { piuri: TRUST_PING_PIURI, action: 'ping', from, to: harnessDid });
  const ping = await agent.inbox.waitForMessage(PING, WAIT_MS, { afterSeq });
  mustSee(ping, requirement, `a ping from the new DID ${from}`);
  return ping;
}

conformanceCase({
  id: 'rotation.sender.from-prior-until-answered', title: 'keeps from_prior on messages from the new DID until a message to the new DID arrives, then may stop',
  requirements: ['ROT-008', 'ROT-003'], profiles: ['core'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const { newDid, seq, iat } = await adapterRotates(ctx, agent, them, me.did);
  // Nothing has been sent to the new DID yet: the next message from it must still carry from_prior.
  const ping = await pingFrom(ctx, agent, newDid, me.did, seq, 'ROT-008');
  const claims = ping.metadata!.fromPrior;
  must(claims?.iss === them && claims.sub === newDid, 'ROT-008', `the second message from the new DID carries ${claims ? `from_prior iss=${claims.iss} sub=${String(claims.sub)}` : 'no from_prior'}, though no message to the new DID had arrived`);
  sameRotationTime(ping, iat);
  // The harness answers the ping to the new DID; once the adapter has it, from_prior has done its work.
  const answered = await waitReceived(ctx, (m) => m['type'] === PING_RESPONSE && m['thid'] === ping.message!.id && Array.isArray(m['to']) && m['to'].includes(newDid));
  if (!answered) throw new Inconclusive('the adapter did not report receiving the ping-response addressed to its new DID');
  const after = await pingFrom(ctx, agent, newDid, me.did, ping.seq, 'ROT-008');
  ctx.should(after.metadata!.fromPrior === undefined, 'ROT-008', 'from_prior is still sent after a message to the new DID arrived (it is required only until then; receivers may ignore it)');
}));

conformanceCase({
  id: 'rotation.sender.old-did-keeps-from-prior', title: 'a message to the old DID does not end from_prior: the next message from the new DID still carries it',
  requirements: ['ROT-008', 'ROT-003'], profiles: ['core'], role: 'sender', needs,
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const { newDid, seq, iat } = await adapterRotates(ctx, agent, them, me.did);
  // The harness writes to the old DID (as a peer that missed the rotation would). The spec sets no rule for
  // answering it; what it must not do is end the rotation, which only a message to the new DID does.
  const stale = buildPing({ from: me.did, to: [them] });
  await agent.send(stale, { to: them });
  if (!(await waitReceived(ctx, (m) => m['id'] === stale.id))) throw new Inconclusive('the adapter did not report receiving the ping addressed to its old DID');
  const ping = await pingFrom(ctx, agent, newDid, me.did, seq, 'ROT-008');
  const claims = ping.metadata!.fromPrior;
  must(claims?.iss === them && claims.sub === newDid, 'ROT-008', `after a message to the OLD DID, the next message from the new DID carries ${claims ? `from_prior sub=${String(claims.sub)}` : 'no from_prior'}; only a message to the new DID ends it`);
  sameRotationTime(ping, iat);
}));
