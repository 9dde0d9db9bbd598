/**
 * Forward details beyond the onion (mediation.test.ts). Mediator role: `next` as a did:key recipient or as
 * a key id of the recipient DID for the last hop (ROUTE-002, ROUTE-008); a forward with or without `to`
 * (ROUTE-012: mediators must not require it); `please_ack` on a forward is not honoured (ROUTE-006).
 * Sender role: a forward carries no `please_ack` and does carry the inner message's `expires_time`
 * (ROUTE-006, ROUTE-004). Receiver role: a forward anoncrypted to the adapter with itself as `next` is
 * unwrapped and its message answered (ROUTE-010, rewrapping).
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { ReferenceAgent } from '../../src/agent/agent.js';
import { createIdentity } from '../../src/did/identity.js';
import { keyIdsFor } from '../../src/did/document.js';
import { packMessage } from '../../src/didcomm/envelope/pack.js';
import { unpackMessage } from '../../src/didcomm/envelope/unpack.js';
import { parseForward } from '../../src/didcomm/routing/forward.js';
import { currentTime } from '../../src/didcomm/clock.js';
import { buildBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { buildPing, PING_RESPONSE, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { COORDINATE_MEDIATION_PIURI } from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { PROBLEM_REPORT } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { DELIVERY, PICKUP_PIURI, buildDeliveryRequest, deliveredMessages } from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { adapterIdentity, live, mustSee, QUIET_MS, WAIT_MS } from '../protocols/live.js';
import { FORWARD, ROUTING, ask, forwardOf, mediateWithAdapter, mediationGrant, postForward, updateRecipients } from './adapter-mediator.js';

const MEDIATOR_NEEDS = { protocols: [ROUTING, COORDINATE_MEDIATION_PIURI, PICKUP_PIURI], transports: ['http' as const] };

/** The inner message ids a delivery-request from `owner` brings. */
async function pickedUp(agent: ReferenceAgent, owner: string, mediator: string): Promise<string[]> {
  const answer = await ask(agent, buildDeliveryRequest({ from: owner, to: [mediator] }, 10), mediator);
  mustSee(answer, 'PROTO-PICKUP-005', 'a delivery or status answering the delivery-request');
  if (answer.message!.type !== DELIVERY) return [];
  const ids = [];
  for (const item of deliveredMessages(answer.message!)) ids.push((await unpackMessage(item.packed, agent.keys)).message.id);
  return ids;
}

for (const form of ['did-key', 'key-id'] as const) {
  conformanceCase({
    id: `routing.mediator.next-${form}`, title: form === 'did-key' ? 'delivers a forward whose next is a registered did:key recipient' : 'delivers a forward whose next is a key id of a registered recipient DID (last hop)',
    requirements: ['ROUTE-002', 'ROUTE-008', 'ROUTE-009'], profiles: ['routing', 'mediator'], role: 'mediator', needs: MEDIATOR_NEEDS,
  }, (ctx) => live(ctx, async (harness) => {
    const { agent, me } = harness;
    let recipient: string;
    let mediator: string;
    if (form === 'did-key') {
      ({ mediator } = await mediationGrant(ctx, harness, me.did));
      const key = await createIdentity({ method: 'key' });
      agent.adopt(key);
      recipient = key.did;
      await updateRecipients(agent, me.did, mediator, [{ recipient_did: recipient, action: 'add' }]);
    } else {
      ({ mediator, routed: recipient } = await mediateWithAdapter(ctx, harness));
    }
    const next = form === 'did-key' ? recipient : keyIdsFor(await agent.keys.resolver.resolve(recipient), 'keyAgreement')[0]!;
    const sender = await agent.createIdentity();
    const message = buildBasicMessage(`next as ${form}`, { from: sender.did, to: [recipient] });
    const packed = await packMessage(message, { mode: 'authcrypt', from: sender.did, to: [recipient] }, agent.keys);
    const { status } = await postForward(agent, mediator, forwardOf(next, packed.packed));
    // ROUTE-002: `next` is typically a DID and may be a key id for the last hop; a mediator takes both.
    must(status >= 200 && status < 300, 'ROUTE-002', `the forward with next ${next} was answered ${status}; ${form === 'did-key' ? 'the did:key is registered' : 'a key id may name the last hop (ROUTE-002)'}`);
    must((await pickedUp(agent, me.did, mediator)).includes(message.id), 'ROUTE-002', `the message forwarded with next ${next} was not delivered to its registered recipient`);
  }));
}

for (const withTo of [false, true]) {
  conformanceCase({
    id: `routing.mediator.forward-${withTo ? 'with' : 'without'}-to`, title: `accepts a forward ${withTo ? 'with "to" naming the mediator (the spec example)' : 'without a "to" header'}`,
    requirements: ['ROUTE-012', 'TRANS-003', 'ROUTE-003'], profiles: ['routing', 'mediator'], role: 'mediator', needs: MEDIATOR_NEEDS,
  }, (ctx) => live(ctx, async (harness) => {
    const { agent, me } = harness;
    const { mediator, routed } = await mediateWithAdapter(ctx, harness);
    const sender = await agent.createIdentity();
    const message = buildBasicMessage('to or not', { from: sender.did, to: [routed] });
    const packed = await packMessage(message, { mode: 'authcrypt', from: sender.did, to: [routed] }, agent.keys);
    const { status } = await postForward(agent, mediator, forwardOf(routed, packed.packed, withTo ? { to: [mediator] } : {}));
    // A valid forward either way (`to` is OPTIONAL, ENV-PLAIN-006; mediators must not require it, ROUTE-012).
    must(status >= 200 && status < 300, 'TRANS-003', `a forward ${withTo ? 'with' : 'without'} "to" was answered ${status}`);
    must((await pickedUp(agent, me.did, mediator)).includes(message.id), 'ROUTE-003', `the message of a forward ${withTo ? 'with' : 'without'} "to" was not delivered`);
  }));
}

conformanceCase({
  id: 'routing.mediator.please-ack-not-honoured', title: 'does not acknowledge a forward that carries please_ack, on the connection or later',
  requirements: ['ROUTE-006'], profiles: ['routing', 'mediator'], role: 'mediator', needs: MEDIATOR_NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed } = await mediateWithAdapter(ctx, harness);
  // Authcrypted from a DID with an endpoint, with return_route all: an honouring mediator would have where to send the ACK.
  const sender = await agent.createIdentity();
  const packed = await packMessage(buildBasicMessage('ack me not', { from: sender.did, to: [routed] }), { mode: 'authcrypt', from: sender.did, to: [routed] }, agent.keys);
  const forward = forwardOf(routed, packed.packed, { from: me.did, to: [mediator], please_ack: [''], return_route: 'all' });
  const before = agent.inbox.records.at(-1)?.seq ?? 0;
  await postForward(agent, mediator, forward);
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const acks = agent.inbox.after(before).filter((r) => r.message && r.message.type !== PROBLEM_REPORT && Array.isArray(r.message['ack']) && (r.message['ack'] as unknown[]).includes(forward.id));
  must(acks.length === 0, 'ROUTE-006', `the mediator honoured please_ack on a forward: ${acks.map((r) => `${r.message!.type} (${r.channel})`).join(', ')}`);
}));

conformanceCase({
  id: 'routing.sender.forward-headers', title: 'a forward carries the inner message\'s expires_time and no please_ack',
  requirements: ['ROUTE-004', 'ROUTE-006', 'ROUTE-002', 'ROUTE-003'], profiles: ['routing'], role: 'sender', needs: { protocols: [ROUTING], transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent }) => {
  const them = await adapterIdentity(ctx);
  const mediator = await ReferenceAgent.start({ mediator: true });
  try {
    const m = await mediator.createIdentity();
    const routed = await agent.createIdentity({ endpoint: m.did });
    mediator.mediator!.recipients.set(routed.did, 'did:example:owner');
    const message = { ...buildBasicMessage('expiring, ack wanted', { from: them, to: [routed.did] }), expires_time: currentTime() + 3600, please_ack: [''] };
    await ctx.call('send', { message, to: routed.did, envelope: 'authcrypt' });
    const got = await mediator.inbox.waitForMessage(FORWARD, WAIT_MS);
    mustSee(got, 'ROUTE-002', 'a forward at the mediator');
    const forward = got.message!;
    must(parseForward(forward).next === routed.did, 'ROUTE-002', `next is ${String(forward.body?.next)}, expected the recipient DID`);
    ctx.should(forward['please_ack'] === undefined, 'ROUTE-006', 'the forward carries please_ack; it is only for the ultimate receiver');
    ctx.should(forward.expires_time !== undefined, 'ROUTE-004', 'the inner message expires but the forward has no expires_time');
    if (forward.expires_time !== undefined) ctx.should(forward.expires_time <= message.expires_time, 'ROUTE-004', `the forward expires at ${forward.expires_time}, after its inner message (${message.expires_time})`);
  } finally {
    await mediator.close();
  }
}));

conformanceCase({
  id: 'routing.receiver.unwraps-forward-to-itself', title: 'unwraps a forward anoncrypted to it with itself as next (rewrapping) and answers the ping inside',
  requirements: ['ROUTE-010'], profiles: ['routing'], role: 'receiver', needs: { protocols: [ROUTING, TRUST_PING_PIURI], transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  const ping: PlaintextMessage = buildPing({ from: me.did, to: [them] });
  const inner = await packMessage(ping, { mode: 'authcrypt', from: me.did, to: [them] }, agent.keys);
  const { status } = await postForward(agent, them, forwardOf(them, inner.packed, { to: [them] }));
  // ROUTE-010 is a MAY of mediators; that the receiver unwraps it is the entry's lower-case "must": a warning.
  ctx.should(status >= 200 && status < 300, 'ROUTE-010', `the re-wrapped message was answered ${status}; a receiver must unwrap a forward addressed to itself`);
  const response = await agent.inbox.waitFor((r) => r.message?.type === PING_RESPONSE && r.message.thid === ping.id, WAIT_MS);
  mustSee(response, 'ROUTE-010', 'a ping-response to the ping inside the forward addressed to the adapter');
}));
