/**
 * Ending a relationship by rotating to nothing (ROT-009): a `from_prior` without `sub` on a message without
 * `from`. As sender the adapter ends one and the harness checks the JWT and the message; as receiver the
 * harness ends one and the old DID is no longer answered (ROT-007).
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { buildPing, PING_RESPONSE, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildEmpty, EMPTY, EMPTY_PIURI } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import { currentTime } from '../../src/didcomm/clock.js';
import { adapterIdentity, live, mustSee, QUIET_MS, waitReceived, WAIT_MS } from '../protocols/live.js';

conformanceCase({
  id: 'rotation.sender.end-relationship', title: 'ending a relationship: an encrypted message without "from", from_prior iss = the DID, no sub',
  requirements: ['ROT-009', 'ROT-001', 'ROT-002'], profiles: ['core'], role: 'sender', needs: { protocols: [EMPTY_PIURI], transports: ['http' as const] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: EMPTY_PIURI, action: 'end-relationship', from: them, to: me.did });
  const got = await agent.inbox.waitFor((r) => r.outcome === 'rejected' || (r.message !== undefined && r.message.from_prior !== undefined), WAIT_MS);
  mustSee(got, 'ROT-009', 'a message carrying from_prior');
  must(got.message !== undefined, 'ROT-002', `the reference receiver rejected it: ${got.error?.code} ${got.error?.message}`);
  must(got.metadata!.encrypted, 'ROT-001', 'the message ending the relationship is not encrypted');
  const claims = got.metadata!.fromPrior;
  must(claims !== undefined, 'ROT-002', 'from_prior did not verify');
  must(claims.iss === them, 'ROT-002', `iss is ${claims.iss}, expected the DID whose relationship ends (${them})`);
  must(claims.sub === undefined, 'ROT-009', `from_prior names sub ${String(claims.sub)}: ending a relationship rotates to nothing`);
  must(got.message.from === undefined, 'ROT-009', `the message has "from" ${String(got.message.from)}: ending a relationship sends none`);
  ctx.should(got.message.type === EMPTY, 'ROT-009', `sent as ${got.message.type} (an empty message is the natural carrier)`);
}));

conformanceCase({
  id: 'rotation.receiver.end-relationship', title: 'after the harness ends the relationship (from_prior without sub), its old DID is not answered',
  requirements: ['ROT-009', 'ROT-007', 'ROT-005'], profiles: ['core'], role: 'receiver', needs: { protocols: [TRUST_PING_PIURI, EMPTY_PIURI], transports: ['http' as const] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const before = buildPing({ from: me.did, to: [them] });
  await agent.send(before, { to: them });
  mustSee(await agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: before.id }), 'PROTO-PING-002', 'a ping-response before the relationship ended');
  // Rotate to nothing: no "from", so the message goes anoncrypted (still encrypted, ROT-001).
  const ending = buildEmpty({ to: [them], from_prior: await agent.rotation.end(agent.keys, me.did, currentTime()) });
  const sent = await agent.send(ending, { to: them });
  must(sent.status >= 200 && sent.status < 300, 'TRANS-003', `the message ending the relationship was answered ${sent.status}`);
  const taken = await waitReceived(ctx, (m) => m['id'] === ending.id);
  must(taken, 'ROT-005', 'the adapter did not take the message ending the relationship (valid from_prior without sub)');
  const after = buildPing({ from: me.did, to: [them] });
  await agent.send(after, { to: them });
  must((await agent.inbox.waitForMessage(PING_RESPONSE, QUIET_MS, { thid: after.id })) === undefined, 'ROT-007', 'a ping from the DID that ended the relationship (ROT-009) was answered');
}));
