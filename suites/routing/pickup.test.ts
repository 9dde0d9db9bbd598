/**
 * Pickup 3.0 with the adapter as mediator, beyond the round trip in mediation.test.ts: `recipient_did`
 * filters status and delivery and is echoed (PROTO-PICKUP-002, -005, -006), one message for recipients of
 * two owners is queued for each and one owner's acknowledgement leaves the other's copy (PROTO-PICKUP-008),
 * a status is never queued for later pickup (PROTO-PICKUP-004), and a delivery-request with nothing queued
 * is answered by a status at once (PROTO-PICKUP-005).
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import { packMessage } from '../../src/didcomm/envelope/pack.js';
import { unpackMessage } from '../../src/didcomm/envelope/unpack.js';
import { buildBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { COORDINATE_MEDIATION_PIURI } from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import {
  DELIVERY, PICKUP_PIURI, STATUS, buildDeliveryRequest, buildMessagesReceived, buildStatusRequest, deliveredMessages, validateDelivery, validateStatus,
} from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { adapterIdentity, live, mustHaveNoFindings, mustSee, QUIET_MS } from '../protocols/live.js';
import { ROUTING, ask, forwardOf, mediateWithAdapter, mediationGrant, postForward, updateRecipients } from './adapter-mediator.js';

const NEEDS = { protocols: [ROUTING, COORDINATE_MEDIATION_PIURI, PICKUP_PIURI], transports: ['http' as const] };
const count = (status: PlaintextMessage) => (status.body as { message_count: number }).message_count;

/** A status for `owner` (of `recipientDid` only, when given), checked. */
async function statusOf(agent: ReferenceAgent, owner: string, mediator: string, recipientDid?: string): Promise<PlaintextMessage> {
  const request = buildStatusRequest({ from: owner, to: [mediator] }, recipientDid);
  const answer = await ask(agent, request, mediator);
  mustSee(answer, 'PROTO-PICKUP-002', 'a status answering the status-request');
  mustHaveNoFindings(validateStatus(answer.message!, recipientDid), 'the status');
  return answer.message!;
}

/** What a delivery-request brings: the delivery (none when a status answered) and the delivered messages. */
async function deliveryOf(agent: ReferenceAgent, owner: string, mediator: string, recipientDid?: string): Promise<{ delivery?: PlaintextMessage; items: Array<{ id: string; messageId: string }> }> {
  const request = buildDeliveryRequest({ from: owner, to: [mediator] }, 10, recipientDid);
  const answer = await ask(agent, request, mediator);
  mustSee(answer, 'PROTO-PICKUP-005', 'a delivery or a status answering the delivery-request');
  if (answer.message!.type !== DELIVERY) return { items: [] };
  mustHaveNoFindings(validateDelivery(answer.message!, request), 'the delivery');
  const items = [];
  for (const item of deliveredMessages(answer.message!)) items.push({ id: item.id, messageId: (await unpackMessage(item.packed, agent.keys)).message.id });
  return { delivery: answer.message!, items };
}

conformanceCase({
  id: 'routing.mediator.pickup-by-recipient-did', title: 'status-request and delivery-request naming a recipient_did cover only its messages and echo it',
  requirements: ['PROTO-PICKUP-002', 'PROTO-PICKUP-005', 'PROTO-PICKUP-006'], profiles: ['routing', 'mediator', 'protocols'], role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed: first } = await mediateWithAdapter(ctx, harness);
  const second = (await agent.createIdentity({ endpoint: mediator })).did;
  await updateRecipients(agent, me.did, mediator, [{ recipient_did: second, action: 'add' }]);
  const sender = await agent.createIdentity();
  const toFirst = buildBasicMessage('for the first', { from: sender.did, to: [first] });
  const toSecond = [1, 2].map((n) => buildBasicMessage(`for the second ${n}`, { from: sender.did, to: [second] }));
  for (const message of [toFirst, ...toSecond]) await agent.send(message, { to: message.to![0]! });

  must(count(await statusOf(agent, me.did, mediator)) === 3, 'PROTO-PICKUP-003', 'a status for all of the owner\'s DIDs does not count the 3 messages queued');
  const onlyFirst = await statusOf(agent, me.did, mediator, first);
  must(count(onlyFirst) === 1, 'PROTO-PICKUP-002', `the status for recipient_did ${first} counts ${count(onlyFirst)} messages; 1 was queued for it (2 for another DID)`);
  const { delivery, items } = await deliveryOf(agent, me.did, mediator, second);
  mustSee(delivery, 'PROTO-PICKUP-005', 'a delivery of the messages for the named recipient_did');
  const ids = items.map((i) => i.messageId).sort();
  must(JSON.stringify(ids) === JSON.stringify(toSecond.map((m) => m.id).sort()), 'PROTO-PICKUP-005', `the delivery for recipient_did ${second} brought ${ids.length} messages (${ids.includes(toFirst.id) ? 'including one for another DID' : 'not the 2 queued for it'})`);
  const echoed = (delivery.body as { recipient_did?: unknown } | undefined)?.recipient_did;
  must(echoed === undefined || echoed === second, 'PROTO-PICKUP-006', `the delivery's recipient_did is ${JSON.stringify(echoed)}, expected the one requested`);
  ctx.should(echoed === second, 'PROTO-PICKUP-006', 'a delivery answering a request that names a recipient_did includes it');
}));

conformanceCase({
  id: 'routing.mediator.pickup-per-recipient-queue', title: 'one message for recipients of two owners is queued for each; one acknowledging leaves it for the other',
  requirements: ['PROTO-PICKUP-008', 'PROTO-PICKUP-007'], profiles: ['routing', 'mediator', 'protocols'], role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed: alices } = await mediateWithAdapter(ctx, harness);
  const bob = await agent.createIdentity();
  await mediationGrant(ctx, harness, bob.did, mediator);
  const bobs = (await agent.createIdentity({ endpoint: mediator })).did;
  await updateRecipients(agent, bob.did, mediator, [{ recipient_did: bobs, action: 'add' }]);
  // The mediator sees only the attachment, so the same message for two recipients is the same bytes forwarded
  // to each: a store keyed by content would let one owner's acknowledgement delete the other's copy.
  const sender = await agent.createIdentity();
  const message = buildBasicMessage('for both', { from: sender.did, to: [alices] });
  const packed = await packMessage(message, { mode: 'authcrypt', from: sender.did, to: [alices] }, agent.keys);
  for (const next of [alices, bobs]) {
    const { status } = await postForward(agent, mediator, forwardOf(next, packed.packed));
    must(status >= 200 && status < 300, 'TRANS-003', `the forward for ${next}, a registered recipient, was answered ${status}`);
  }
  const forAlice = await deliveryOf(agent, me.did, mediator);
  const alicesCopy = forAlice.items.find((i) => i.messageId === message.id);
  mustSee(alicesCopy, 'PROTO-PICKUP-008', 'the message in the first owner\'s delivery');
  await agent.send(buildMessagesReceived({ from: me.did, to: [mediator] }, [alicesCopy.id]), { to: mediator });
  ctx.should(count(await statusOf(agent, me.did, mediator)) === 0, 'PROTO-PICKUP-007', 'the first owner\'s acknowledged copy is still queued');
  must(count(await statusOf(agent, bob.did, mediator)) === 1, 'PROTO-PICKUP-008', 'the first owner\'s messages-received removed the message for the second owner too');
  const request = buildDeliveryRequest({ from: bob.did, to: [mediator] }, 10);
  const forBob = await ask(agent, request, mediator);
  mustSee(forBob, 'PROTO-PICKUP-008', 'an answer to the second owner\'s delivery-request');
  const copies = forBob.message!.type === DELIVERY ? deliveredMessages(forBob.message!) : [];
  // Compared by ciphertext: a mediator may re-serialize the JSON it was given.
  const ciphertext = (text: string) => { try { return (JSON.parse(text) as { ciphertext?: unknown }).ciphertext; } catch { return undefined; } };
  must(copies.some((c) => ciphertext(c.packed) === ciphertext(packed.packed)), 'PROTO-PICKUP-008', 'the second owner\'s delivery lacks the message');
}));

conformanceCase({
  id: 'routing.mediator.status-never-queued', title: 'a status it cannot return on the connection is not queued for its routed requester',
  requirements: ['PROTO-PICKUP-004'], profiles: ['routing', 'mediator', 'protocols'], role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent } = harness;
  // The requester's own DID is routed through this mediator: a status "sent" to it asynchronously would land in its queue.
  const mediator = await adapterIdentity(ctx);
  const requester = await agent.createIdentity({ endpoint: mediator });
  await mediationGrant(ctx, harness, requester.did, mediator);
  await updateRecipients(agent, requester.did, mediator, [{ recipient_did: requester.did, action: 'add' }]);
  const request = buildStatusRequest({ from: requester.did, to: [mediator], return_route: 'none' });
  const sent = await agent.send(request, { to: mediator });
  if (sent.status < 200 || sent.status >= 300) throw new Error(`harness trouble: the status-request was answered ${sent.status}`);
  await new Promise((r) => setTimeout(r, QUIET_MS));
  const { items } = await deliveryOf(agent, requester.did, mediator);
  for (const item of items) {
    const delivered = agent.inbox.records.find((r) => r.message?.id === item.messageId);
    must(delivered?.message?.type !== STATUS, 'PROTO-PICKUP-004', 'a status was put on the pending message queue');
  }
  must(items.length === 0, 'PROTO-PICKUP-004', `${items.length} messages were queued for the requester though nothing but its status-request happened`);
}));

conformanceCase({
  id: 'routing.mediator.delivery-empty-queue', title: 'a delivery-request with nothing queued is answered by a status at once',
  requirements: ['PROTO-PICKUP-005', 'PROTO-PICKUP-003'], profiles: ['routing', 'mediator', 'protocols'], role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator } = await mediateWithAdapter(ctx, harness);
  const request = buildDeliveryRequest({ from: me.did, to: [mediator] }, 10);
  const answer = await ask(agent, request, mediator);
  mustSee(answer, 'PROTO-PICKUP-005', 'an answer to a delivery-request with nothing queued');
  must(answer.message!.type === STATUS, 'PROTO-PICKUP-005', `nothing queued: a status MUST be sent, got ${answer.message!.type}`);
  mustHaveNoFindings(validateStatus(answer.message!), 'the status');
  must(count(answer.message!) === 0, 'PROTO-PICKUP-003', `message_count ${count(answer.message!)} with nothing queued`);
}));
