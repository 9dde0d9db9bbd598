/**
 * The adapter as a mediation recipient end to end: it gets mediation from a harness mediator, has a DID
 * routed through it (ROUTE-011) and registered (PROTO-MED-003), picks up a ping queued there with a
 * delivery-request and answers it. The verdict is the ping-response arriving at the harness sender. The
 * grant gives `routing_did` as the page's array or as a bare string, and the adapter must take either
 * (PROTO-MED-002).
 * @module
 */
import { check, conformanceCase, must } from '../../src/runner/case.js';
import { resolveDidcommEndpoints } from '../../src/did/endpoints.js';
import { buildPing, PING_RESPONSE } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { COORDINATE_MEDIATION_PIURI } from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { DELIVERY_REQUEST, MESSAGES_RECEIVED, PICKUP_PIURI, validatePickupRequest } from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import type { CaseContext } from '../../src/runner/case.js';
import { adapterIdentity, live, mustHaveNoFindings, mustSee, QUIET_MS, WAIT_MS, type Harness } from '../protocols/live.js';
import { ROUTING } from './adapter-mediator.js';

const NEEDS = { protocols: [ROUTING, COORDINATE_MEDIATION_PIURI, PICKUP_PIURI], transports: ['http' as const] };

/** The adapter (`them`) registers `routed` with the harness mediator; the harness checks the registration took. */
async function register(ctx: CaseContext, { agent, me }: Harness, them: string, routed: string): Promise<void> {
  await ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'recipient-update', from: them, to: me.did, args: { updates: [{ recipient_did: routed, action: 'add' }] } });
  // Registering is a SHOULD (PROTO-MED-003), and what follows needs it: a missing registration ends the case as a
  // warning, unless a refused message on the wire explains it.
  check(agent.mediator!.recipients.get(routed) === them, 'PROTO-MED-003', `the harness mediator has no registration of ${routed} by ${them}`, { strength: 'should', silence: true });
}

/** A ping to `routed` waits at the harness mediator; the adapter picks it up and must answer it. */
async function pickUpAndAnswer(ctx: CaseContext, { agent, me }: Harness, them: string, routed: string): Promise<void> {
  const sender = await agent.createIdentity();
  const ping = buildPing({ from: sender.did, to: [routed] });
  await agent.send(ping, { to: routed });
  const queue = agent.mediator!.queues.get(routed) ?? [];
  if (queue.length !== 1) throw new Error(`harness trouble: the harness mediator queued ${queue.length} messages for ${routed}`);
  const queuedId = queue[0]!.id;
  await ctx.call('protocol', { piuri: PICKUP_PIURI, action: 'delivery-request', from: them, to: me.did, args: { limit: 10 } });
  const request = await agent.inbox.waitForMessage(DELIVERY_REQUEST, WAIT_MS);
  mustSee(request, 'PROTO-PICKUP-005', 'a delivery-request');
  mustHaveNoFindings(validatePickupRequest(request.message!), 'the delivery-request');
  const response = await agent.inbox.waitFor((r) => r.message?.type === PING_RESPONSE && r.message.thid === ping.id, WAIT_MS);
  mustSee(response, 'PROTO-PICKUP-006', 'a ping-response to the ping delivered in the pickup delivery (the adapter did not take the delivered message)');
  const ack = await agent.inbox.waitForMessage(MESSAGES_RECEIVED, QUIET_MS);
  ctx.should(ack !== undefined, 'PROTO-PICKUP-007', 'the adapter did not acknowledge the delivered message with messages-received; the mediator must keep it queued');
  if (ack) {
    mustHaveNoFindings(validatePickupRequest(ack.message!), 'the messages-received');
    const ids = (ack.message!.body as { message_id_list?: unknown[] }).message_id_list ?? [];
    must(ids.includes(queuedId), 'PROTO-PICKUP-007', `messages-received lists ${JSON.stringify(ids)}, not the delivered attachment id ${queuedId}`);
  }
}

conformanceCase({
  id: 'routing.recipient.pickup-and-answer', title: 'routed through a harness mediator, picks up a ping with delivery-request and answers it',
  requirements: ['PROTO-PICKUP-006', 'PROTO-PICKUP-005', 'PROTO-PICKUP-001', 'PROTO-MED-003'], profiles: ['routing', 'protocols'], role: 'sender', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'mediate-request', from: them, to: harness.me.did });
  const { did: routed } = await ctx.call('createIdentity', { didMethod: 'peer:2', endpoint: harness.me.did });
  await register(ctx, harness, them, routed);
  await pickUpAndAnswer(ctx, harness, them, routed);
}, { mediator: true }));

for (const form of ['array', 'string'] as const) {
  conformanceCase({
    id: `routing.recipient.grant-routing-did-${form}`, title: `takes routing_did from a grant that gives it as ${form === 'array' ? 'an array (as the page shows)' : 'a bare string'} and is reachable through it`,
    requirements: ['PROTO-MED-002', 'ROUTE-011', 'PROTO-PICKUP-006'], profiles: ['routing', 'protocols'], role: 'sender', needs: NEEDS,
  }, (ctx) => live(ctx, async (harness) => {
    const { agent, me } = harness;
    agent.mediator!.grantForm = form;
    const them = await adapterIdentity(ctx);
    await ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'mediate-request', from: them, to: me.did });
    const { output } = await ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'routed-identity', from: them, to: me.did });
    const routed = String(output?.['did']);
    // Judged on the DID itself: its service must route through the granted DID.
    const [endpoint] = await resolveDidcommEndpoints(agent.keys.resolver, routed);
    ctx.note(endpoint?.mediator === me.did, 'PROTO-MED-002', `the routed DID's endpoint is ${JSON.stringify(endpoint?.mediator ?? endpoint?.uri)}, not the routing DID granted (${form} form): ${me.did}`);
    await register(ctx, harness, them, routed);
    await pickUpAndAnswer(ctx, harness, them, routed);
  }, { mediator: true }));
}
