/**
 * The adapter as a pickup 3.0 mediator under real load (issue 22): queues larger than the delivery `limit`,
 * a partial acknowledgement, two owners whose forwards share attachment ids (and one identical message),
 * an acknowledgement naming another owner's ids, forwards carrying `expires_time`. Every message is accounted
 * for at the end (suites/routing/pickup-ledger.ts): delivered to its owner only, acknowledged, none lost, none
 * delivered again after its acknowledgement.
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import type { CaseContext } from '../../src/runner/case.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import { packMessage } from '../../src/didcomm/envelope/pack.js';
import { buildBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { COORDINATE_MEDIATION_PIURI } from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { PICKUP_PIURI } from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { live, type Harness } from '../protocols/live.js';
import { wallSeconds } from '../protocols/agent-clock.js';
import { ROUTING, forwardOf, mediateWithAdapter, mediationGrant, postForward, updateRecipients } from './adapter-mediator.js';
import { PickupLedger } from './pickup-ledger.js';

const NEEDS = { protocols: [ROUTING, COORDINATE_MEDIATION_PIURI, PICKUP_PIURI], transports: ['http' as const] };
const PROFILES = ['routing', 'mediator', 'protocols'] as const;

/** A second harness owner with its own grant from the same adapter mediator and one routed DID. */
async function secondOwner(ctx: CaseContext, harness: Harness, mediator: string): Promise<{ owner: string; routed: string }> {
  const owner = (await harness.agent.createIdentity()).did;
  await mediationGrant(ctx, harness, owner, mediator);
  const routed = (await harness.agent.createIdentity({ endpoint: mediator })).did;
  await updateRecipients(harness.agent, owner, mediator, [{ recipient_did: routed, action: 'add' }]);
  return { owner, routed };
}

/**
 * Forwards `packed` (a message for `recipient`) to the adapter mediator in a forward whose attachment id the
 * harness chooses: senders pick those ids, so two senders' forwards may well share one.
 */
async function forwardWithId(agent: ReferenceAgent, mediator: string, recipient: string, packed: string, attachmentId: string, headers: Record<string, unknown> = {}): Promise<void> {
  const forward = forwardOf(recipient, packed, headers);
  forward.attachments![0]!.id = attachmentId;
  const { status } = await postForward(agent, mediator, forward);
  must(status >= 200 && status < 300, 'TRANS-003', `the forward to ${recipient}, a registered recipient, was answered ${status}`);
}

/** A basic message from `sender` to `recipient`, authcrypted; returns its id and the packed text. */
async function packedFor(agent: ReferenceAgent, sender: string, recipient: string, content: string): Promise<{ id: string; packed: string }> {
  const message = buildBasicMessage(content, { from: sender, to: [recipient] });
  const { packed } = await packMessage(message, { mode: 'authcrypt', from: sender, to: [recipient] }, agent.keys);
  return { id: message.id, packed };
}

/**
 * The MAY times of a status are UTC epoch seconds (messagepickup 3.0 "Status"): the queued messages arrived
 * between `from` and `to` on the wall clock. Five minutes either way allow for an agent on another machine.
 */
function judgeStatusTimes(body: Record<string, unknown>, from: number, to: number): void {
  const slack = 300;
  const [oldest, newest, waited] = [body['oldest_received_time'], body['newest_received_time'], body['longest_waited_seconds']];
  for (const [name, value] of [['oldest_received_time', oldest], ['newest_received_time', newest]] as const) {
    if (value === undefined) continue;
    must(typeof value === 'number' && value >= from - slack && value <= to + slack, 'PROTO-PICKUP-003', `${name} ${String(value)} is not the UTC epoch second the queued messages arrived (between ${from} and ${to}, within ${slack} s)`);
  }
  if (typeof oldest === 'number' && typeof newest === 'number') must(oldest <= newest, 'PROTO-PICKUP-003', `oldest_received_time ${oldest} is after newest_received_time ${newest}`);
  if (waited !== undefined) must(typeof waited === 'number' && waited >= 0 && waited <= to - from + slack, 'PROTO-PICKUP-003', `longest_waited_seconds ${String(waited)}: the oldest message has waited at most ${to - from} s`);
}

conformanceCase({
  id: 'routing.mediator.pickup-limit-batches', title: 'seven queued messages picked up three at a time: each delivery within the limit, one left unacknowledged comes again, all accounted for',
  requirements: ['PROTO-PICKUP-005', 'PROTO-PICKUP-007', 'PROTO-PICKUP-003', 'PROTO-PICKUP-006', 'PROTO-PICKUP-009'], profiles: PROFILES, role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed } = await mediateWithAdapter(ctx, harness);
  const ledger = new PickupLedger(agent, mediator);
  const sender = await agent.createIdentity();
  const from = wallSeconds();
  for (let n = 1; n <= 7; n++) {
    const message = buildBasicMessage(`queued ${n} of 7`, { from: sender.did, to: [routed] });
    const sent = await agent.send(message, { to: routed });
    must(sent.status >= 200 && sent.status < 300, 'TRANS-003', `forward ${n} of 7 for a registered recipient was answered ${sent.status}`);
    ledger.queued(me.did, routed, message.id);
  }
  const status = await ledger.status(me.did);
  must(status.message_count === 7, 'PROTO-PICKUP-003', `message_count ${status.message_count} with 7 messages queued`);
  judgeStatusTimes(status, from, wallSeconds('up'));
  // limit 3: deliveries of 3, 3, 1; the last message of the first delivery is not acknowledged and must come again.
  await ledger.drain(me.did, 3, 1);
  ledger.account(me.did);
  const after = await ledger.status(me.did);
  ctx.should(after.message_count === 0, 'PROTO-PICKUP-007', `message_count ${after.message_count} after all 7 messages were acknowledged (the updated status SHOULD reflect the acknowledgements)`);
}));

conformanceCase({
  id: 'routing.mediator.pickup-shared-attachment-ids', title: 'forwards for two owners (three DIDs) share attachment ids and one message: each owner gets exactly its own, under ids unique to the mediator',
  requirements: ['PROTO-PICKUP-006', 'PROTO-PICKUP-008', 'PROTO-PICKUP-009', 'PROTO-PICKUP-007'], profiles: PROFILES, role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed: a1 } = await mediateWithAdapter(ctx, harness);
  const a2 = (await agent.createIdentity({ endpoint: mediator })).did;
  await updateRecipients(agent, me.did, mediator, [{ recipient_did: a2, action: 'add' }]);
  const bob = await secondOwner(ctx, harness, mediator);
  const ledger = new PickupLedger(agent, mediator);
  const sender = (await agent.createIdentity()).did;
  // The mediator sees only forwards: the sender-chosen attachment ids repeat across recipients, owners and,
  // for a1, across two different messages. None of that may merge, drop or mix queued messages.
  const plan: Array<[owner: string, recipient: string, attachmentId: string]> = [
    [me.did, a1, 'att-1'], [me.did, a1, 'att-2'], [me.did, a2, 'att-1'], [bob.owner, bob.routed, 'att-1'], [bob.owner, bob.routed, 'att-2'], [me.did, a1, 'att-1'],
  ];
  for (const [n, [owner, recipient, attachmentId]] of plan.entries()) {
    const { id, packed } = await packedFor(agent, sender, recipient, `message ${n + 1}, attachment ${attachmentId}`);
    await forwardWithId(agent, mediator, recipient, packed, attachmentId);
    ledger.queued(owner, recipient, id);
  }
  // One message, the same bytes, forwarded to a DID of each owner: a copy in each queue (PROTO-PICKUP-008).
  const shared = await packedFor(agent, sender, a1, 'the same bytes for both owners');
  await forwardWithId(agent, mediator, a1, shared.packed, 'att-3');
  await forwardWithId(agent, mediator, bob.routed, shared.packed, 'att-3');
  ledger.queued(me.did, a1, shared.id);
  ledger.queued(bob.owner, bob.routed, shared.id);
  await ledger.drain(me.did, 10);
  await ledger.drain(bob.owner, 10);
  ledger.account(me.did);
  ledger.account(bob.owner);
}));

conformanceCase({
  id: 'routing.mediator.pickup-foreign-acknowledgement', title: 'an acknowledgement naming another owner\'s attachment ids deletes none of that owner\'s delivered messages',
  requirements: ['PROTO-PICKUP-007', 'PROTO-PICKUP-008'], profiles: PROFILES, role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed } = await mediateWithAdapter(ctx, harness);
  const bob = await secondOwner(ctx, harness, mediator);
  const ledger = new PickupLedger(agent, mediator);
  const sender = (await agent.createIdentity()).did;
  for (const [owner, recipient] of [[me.did, routed], [me.did, routed], [bob.owner, bob.routed], [bob.owner, bob.routed]] as const) {
    const message = buildBasicMessage('two each', { from: sender, to: [recipient] });
    await agent.send(message, { to: recipient });
    ledger.queued(owner, recipient, message.id);
  }
  const bobs = await ledger.pickUp(bob.owner, 10);
  const mine = await ledger.pickUp(me.did, 10);
  must(bobs.length === 2 && mine.length === 2, 'PROTO-PICKUP-009', `deliveries of ${bobs.length} and ${mine.length} messages, 2 were queued for each owner`);
  // The first owner acknowledges one of its own and, wrongly, both of the second owner's ids (guessed or leaked).
  await ledger.acknowledge(me.did, mine.slice(0, 1), bobs.map((i) => i.attachmentId));
  const bobsCount = (await ledger.status(bob.owner)).message_count;
  must(bobsCount === 2, 'PROTO-PICKUP-007', `the second owner's 2 delivered, unacknowledged messages: message_count ${bobsCount} after the first owner's messages-received named their ids`);
  const myCount = (await ledger.status(me.did)).message_count;
  must(myCount >= 1, 'PROTO-PICKUP-007', `message_count ${myCount} for the first owner, whose second delivered message was not acknowledged`);
  await ledger.drain(bob.owner, 10);
  await ledger.drain(me.did, 10);
  ledger.account(bob.owner);
  ledger.account(me.did);
}));

conformanceCase({
  id: 'routing.mediator.forward-expires-time', title: 'a forward whose expires_time (epoch seconds) is an hour ahead is queued and delivered; one an hour past may be dropped',
  requirements: ['PROTO-PICKUP-009', 'ENV-PLAIN-014', 'TIME-002'], profiles: PROFILES, role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed } = await mediateWithAdapter(ctx, harness);
  const ledger = new PickupLedger(agent, mediator);
  const sender = (await agent.createIdentity()).did;
  // Expiry is judged by the agent's clock, the wall clock (suites/protocols/agent-clock.ts).
  const now = wallSeconds();
  const later = await packedFor(agent, sender, routed, 'expires in an hour');
  await forwardWithId(agent, mediator, routed, later.packed, 'expires-later', { expires_time: now + 3600 });
  ledger.queued(me.did, routed, later.id);
  const past = await packedFor(agent, sender, routed, 'expired an hour ago');
  await forwardWithId(agent, mediator, routed, past.packed, 'expired', { expires_time: now - 3600 });
  ledger.queued(me.did, routed, past.id, { optional: true });
  await ledger.drain(me.did, 10);
  ledger.account(me.did);
  // No mediator is required to act on expiry (routing 2.0 §"mediator is NOT required"); expiry is informational (TIME-002).
  ctx.note(!ledger.wasDelivered(me.did, past.id), 'TIME-002', 'a forward whose expires_time had passed an hour before was still queued and delivered');
}));
