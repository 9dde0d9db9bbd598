/**
 * Pickup 3.0 live mode (PROTO-PICKUP-009) in both roles. Mediator role: the harness recipient opens a
 * WebSocket to the adapter, turns live mode on and must get a `status`; a forward for its routed DID must
 * then be pushed on that socket; on a new connection live mode is off again and arrivals are queued. Over
 * HTTP live mode cannot be on: the answer is the problem report `e.m.live-mode-not-supported` (SHOULD) or
 * a status that does not claim it, and arrivals stay queued. Recipient role: the adapter turns live mode on
 * at a harness mediator over a WebSocket and takes the ping the mediator pushes there, and answers it.
 * @module
 */
import { check, conformanceCase, must } from '../../src/runner/case.js';
import { buildBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { buildPing, PING_RESPONSE } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { COORDINATE_MEDIATION_PIURI } from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { PROBLEM_REPORT } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import {
  DELIVERY, LIVE_DELIVERY_CHANGE, PICKUP_PIURI, STATUS, buildDeliveryRequest, buildLiveDeliveryChange,
  deliveredMessages, validatePickupRequest, validateStatus,
} from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { unpackMessage } from '../../src/didcomm/envelope/unpack.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { adapterIdentity, live, mustHaveNoFindings, mustSee, QUIET_MS, WAIT_MS } from '../protocols/live.js';
import { ROUTING, ask, mediateWithAdapter } from './adapter-mediator.js';

const body = (message: PlaintextMessage) => message.body as Record<string, unknown>;

/** The ids of the messages a delivery-request to the adapter mediator brings (none when it answers a status). */
async function queuedIds(agent: ReferenceAgent, owner: string, mediator: string): Promise<string[]> {
  const request = buildDeliveryRequest({ from: owner, to: [mediator] }, 10);
  const answer = await ask(agent, request, mediator);
  mustSee(answer, 'PROTO-PICKUP-005', 'a delivery or status answering the delivery-request');
  if (answer.message!.type !== DELIVERY) return [];
  const ids: string[] = [];
  for (const item of deliveredMessages(answer.message!)) ids.push((await unpackMessage(item.packed, agent.keys)).message.id);
  return ids;
}

conformanceCase({
  id: 'routing.mediator.live-mode-websocket', title: 'live mode on a WebSocket: answered with status, arrivals pushed on it, off again on a new connection',
  requirements: ['PROTO-PICKUP-009', 'PROTO-PICKUP-003'], profiles: ['routing', 'mediator', 'protocols'], role: 'mediator',
  needs: { protocols: [ROUTING, COORDINATE_MEDIATION_PIURI, PICKUP_PIURI], transports: ['http', 'ws'] },
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed } = await mediateWithAdapter(ctx, harness);
  const wsMediator = await adapterIdentity(ctx, 'ws');
  const sender = await agent.createIdentity();
  const first = await agent.connect(wsMediator);
  const change = buildLiveDeliveryChange({ from: me.did, to: [wsMediator] }, true);
  const before = agent.inbox.records.at(-1)?.seq ?? 0;
  await first.send(change);
  const answer = await agent.inbox.waitFor((r) => r.transport === 'ws' && r.message !== undefined, WAIT_MS, before);
  mustSee(answer, 'PROTO-PICKUP-009', 'an answer to live-delivery-change on the WebSocket');
  must(answer.message!.type === STATUS, 'PROTO-PICKUP-009', `live-delivery-change MUST be answered with a status; got ${answer.message!.type}${answer.message!.type === PROBLEM_REPORT ? ` ${JSON.stringify(body(answer.message!)['code'])}` : ''} on a WebSocket`);
  mustHaveNoFindings(validateStatus(answer.message!), 'the status');
  ctx.should(body(answer.message!)['live_delivery'] !== false, 'PROTO-PICKUP-009', 'the status says live_delivery false right after live mode was turned on');

  // Live: the arrival goes out on the socket at once (as the forwarded message, or in a delivery).
  const pushed = buildBasicMessage('pushed live', { from: sender.did, to: [routed] });
  await agent.send(pushed, { to: routed });
  const got = await agent.inbox.waitFor((r) => r.message?.id === pushed.id, WAIT_MS);
  mustSee(got, 'PROTO-PICKUP-009', 'the forwarded message pushed on the live connection');
  must(got.transport === 'ws', 'PROTO-PICKUP-009', `the message reached the recipient over ${got.transport}, not on its live connection`);

  // A new connection starts with live mode off; arrivals MUST then be queued.
  await first.close();
  const second = await agent.connect(wsMediator);
  const queued = buildBasicMessage('queued again', { from: sender.did, to: [routed] });
  await agent.send(queued, { to: routed });
  const leaked = await agent.inbox.waitFor((r) => r.message?.id === queued.id, QUIET_MS);
  must(leaked === undefined, 'PROTO-PICKUP-009', 'a message was pushed on a new connection that never turned live mode on (live mode must reset on reconnect)');
  must((await queuedIds(agent, me.did, mediator)).includes(queued.id), 'PROTO-PICKUP-009', 'with live mode off the arrival was not queued');
  await second.close();
}));

conformanceCase({
  id: 'routing.mediator.live-mode-http', title: 'live mode asked over HTTP: problem report e.m.live-mode-not-supported (or a status not claiming it); arrivals stay queued',
  requirements: ['PROTO-PICKUP-009'], profiles: ['routing', 'mediator', 'protocols'], role: 'mediator',
  needs: { protocols: [ROUTING, COORDINATE_MEDIATION_PIURI, PICKUP_PIURI], transports: ['http'] },
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator, routed } = await mediateWithAdapter(ctx, harness);
  const change = buildLiveDeliveryChange({ from: me.did, to: [mediator] }, true);
  const answer = await ask(agent, change, mediator);
  mustSee(answer, 'PROTO-PICKUP-009', 'an answer to live-delivery-change');
  const type = answer.message!.type;
  must(type === STATUS || type === PROBLEM_REPORT, 'PROTO-PICKUP-009', `live-delivery-change answered with ${type}, expected a status or a problem report`);
  if (type === STATUS) {
    must(body(answer.message!)['live_delivery'] !== true, 'PROTO-PICKUP-009', 'the status claims live_delivery on HTTP: live mode MUST only be enabled on a persistent transport');
    ctx.should(false, 'PROTO-PICKUP-009', 'live mode on a connection incapable of it SHOULD get the problem report e.m.live-mode-not-supported; got a status');
  } else {
    ctx.should(body(answer.message!)['code'] === 'e.m.live-mode-not-supported', 'PROTO-PICKUP-009', `problem report code ${JSON.stringify(body(answer.message!)['code'])}, the page gives e.m.live-mode-not-supported`);
  }
  const sender = await agent.createIdentity();
  const message = buildBasicMessage('after live over http', { from: sender.did, to: [routed] });
  await agent.send(message, { to: routed });
  must((await queuedIds(agent, me.did, mediator)).includes(message.id), 'PROTO-PICKUP-009', 'live mode cannot be on over HTTP, so the arrival MUST be queued; a delivery-request did not bring it');
}));

conformanceCase({
  id: 'routing.recipient.live-mode', title: 'turns live mode on over a WebSocket to its mediator, takes the ping pushed there and answers it',
  requirements: ['PROTO-PICKUP-009', 'PROTO-PICKUP-001', 'PROTO-MED-003'], profiles: ['routing', 'protocols'], role: 'sender',
  needs: { protocols: [COORDINATE_MEDIATION_PIURI, PICKUP_PIURI], transports: ['http', 'ws'] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const meWs = await agent.createIdentity({ transport: 'ws' });
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'mediate-request', from: them, to: me.did });
  const { did: routed } = await ctx.call('createIdentity', { didMethod: 'peer:2', endpoint: me.did });
  await ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'recipient-update', from: them, to: me.did, args: { updates: [{ recipient_did: routed, action: 'add' }] } });
  // Registering is a SHOULD (PROTO-MED-003), and what follows needs it: a missing registration ends the case as a
  // warning, unless a refused message on the wire explains it.
  check(agent.mediator!.recipients.get(routed) === them, 'PROTO-MED-003', `the harness mediator has no registration of ${routed} by ${them}`, { strength: 'should', silence: true });

  await ctx.call('protocol', { piuri: PICKUP_PIURI, action: 'live-delivery-change', from: them, to: meWs.did, args: { live_delivery: true } });
  const change = await agent.inbox.waitForMessage(LIVE_DELIVERY_CHANGE, WAIT_MS);
  mustSee(change, 'PROTO-PICKUP-009', 'a live-delivery-change');
  must(change.transport === 'ws', 'PROTO-PICKUP-009', `live-delivery-change came over ${change.transport}; live mode needs a persistent transport (WebSocket)`);
  mustHaveNoFindings(validatePickupRequest(change.message!), 'the live-delivery-change');
  must(body(change.message!)['live_delivery'] === true, 'PROTO-PICKUP-009', 'live_delivery is not true');

  const sender = await agent.createIdentity();
  const { seq } = (await ctx.call('received', {})).messages.at(-1) ?? { seq: 0 };
  const ping = buildPing({ from: sender.did, to: [routed] });
  await agent.send(ping, { to: routed });
  const forward = agent.inbox.records.findLast((r) => r.outcome === 'forwarded' || r.outcome === 'queued');
  if (forward?.outcome !== 'forwarded') throw new Error('harness trouble: the harness mediator did not push the ping on the live connection');
  const response = await agent.inbox.waitFor((r) => r.message?.type === PING_RESPONSE && r.message.thid === ping.id, WAIT_MS);
  const taken = (await ctx.call('received', { after: seq })).messages.some((m) => m.unpacked?.status === 'accepted' && (m.unpacked.message as { id?: string }).id === ping.id);
  must(taken, 'PROTO-PICKUP-009', 'the ping pushed on the live connection is not among the messages the adapter received');
  mustSee(response, 'PROTO-PICKUP-009', 'the ping-response to the ping pushed on the live connection');
}, { mediator: true }));
