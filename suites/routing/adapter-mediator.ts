/**
 * The harness as a recipient of the adapter's mediation (coordinate-mediation 3.0, pickup 3.0): get a
 * grant, register routed DIDs, ask pickup questions and read the answers, forward raw messages. What the
 * routing cases in the mediator role share.
 * @module
 */
import type { InboundRecord } from '../../src/agent/inbox.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import { packMessage } from '../../src/didcomm/envelope/pack.js';
import { buildForward } from '../../src/didcomm/routing/forward.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import {
  MEDIATE_GRANT, RECIPIENT_UPDATE_RESPONSE, buildMediateRequest, buildRecipientUpdate, routingDidOf, validateMediationAnswer, validateRecipientUpdateResponse,
} from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { must, type CaseContext, Inconclusive } from '../../src/runner/case.js';
import { adapterIdentity, httpEndpointOf, mustHaveNoFindings, mustSee, WAIT_MS, type Harness } from '../protocols/live.js';

export const ROUTING = 'https://didcomm.org/routing/2.0';
export const FORWARD = `${ROUTING}/forward`;

/**
 * Sends `request` to `to` (with `return_route: "all"` the answer comes in the HTTP response) and returns
 * the first answer: on the request's thread, or whatever came back on the connection (whether a `status`
 * carries `thid` is unspecified, PROTO-PICKUP-010).
 */
export async function ask(agent: ReferenceAgent, request: PlaintextMessage, to: string, malformed?: string): Promise<InboundRecord | undefined> {
  const before = agent.inbox.records.at(-1)?.seq ?? 0;
  await agent.send(request, { to, ...(malformed ? { malformed } : {}) });
  return agent.inbox.waitFor((r) => r.message !== undefined && (r.message.thid === request.id || r.channel === 'response'), WAIT_MS, before);
}

/** Harness `owner` gets mediation from the adapter at `mediator` (or a fresh adapter DID); returns the mediator DID and the grant. */
export async function mediationGrant(ctx: CaseContext, { agent }: Harness, owner: string, mediator?: string): Promise<{ mediator: string; routingDid: string }> {
  // The cases acknowledge deliveries themselves: what the mediator keeps until then is what they judge.
  agent.acknowledgeDeliveries = false;
  const target = mediator ?? await adapterIdentity(ctx);
  const request = buildMediateRequest({ from: owner, to: [target] });
  const sent = await agent.send(request, { to: target });
  const grant = await agent.inbox.waitFor((r) => r.message?.thid === request.id, WAIT_MS);
  mustSee(grant, 'PROTO-MED-001', 'a mediate-grant or mediate-deny');
  must(grant.channel === 'response' && sent.status === 200, 'PROTO-PICKUP-001', 'with return_route "all" the grant must come back in the HTTP response (PITFALLS 16)');
  mustHaveNoFindings(validateMediationAnswer(grant.message!, request), 'the mediation answer');
  // A deny is a valid answer (PROTO-MED-001): the mediator cases cannot go on, they do not fail.
  if (grant.message!.type !== MEDIATE_GRANT) throw new Inconclusive('inconclusive: the adapter denied mediation, so there is no mediator to test');
  return { mediator: target, routingDid: routingDidOf(grant.message!)! };
}

/** `owner` registers `updates` with the adapter mediator; returns the checked recipient-update-response. */
export async function updateRecipients(agent: ReferenceAgent, owner: string, mediator: string, updates: Array<{ recipient_did: string; action: 'add' | 'remove' }>): Promise<PlaintextMessage> {
  const update = buildRecipientUpdate({ from: owner, to: [mediator] }, updates);
  await agent.send(update, { to: mediator });
  const response = await agent.inbox.waitForMessage(RECIPIENT_UPDATE_RESPONSE, WAIT_MS, { thid: update.id });
  mustSee(response, 'PROTO-MED-004', 'a recipient-update-response');
  mustHaveNoFindings(validateRecipientUpdateResponse(response.message!, update), 'the recipient-update-response');
  return response.message!;
}

/** Harness recipient (`me`) gets mediation from the adapter and registers one routed DID; returns both. */
export async function mediateWithAdapter(ctx: CaseContext, harness: Harness, owner = harness.me.did): Promise<{ mediator: string; routed: string }> {
  const { mediator, routingDid } = await mediationGrant(ctx, harness, owner);
  const routed = await harness.agent.createIdentity({ endpoint: routingDid });
  await updateRecipients(harness.agent, owner, mediator, [{ recipient_did: routed.did, action: 'add' }]);
  return { mediator, routed: routed.did };
}

/**
 * Anoncrypts `forward` for the adapter mediator and POSTs it to its endpoint, as a sender's last hop does;
 * returns the HTTP status and the answers that came back on the request.
 */
export async function postForward(agent: ReferenceAgent, mediator: string, forward: PlaintextMessage): Promise<{ status: number; answers: number }> {
  const outer = await packMessage(forward, { mode: forward.from ? 'authcrypt' : 'anoncrypt', to: [mediator], ...(forward.from ? { from: forward.from } : {}) }, agent.keys);
  const result = await agent.deliverRaw(await httpEndpointOf(agent, mediator), outer.packed, outer.mediaType);
  return { status: result.status, answers: result.replies.length };
}

/** A forward to `next` carrying `packed`, with extra headers (`to`, `please_ack`, `expires_time`). */
export function forwardOf(next: string, packed: string, headers: Record<string, unknown> = {}): PlaintextMessage {
  return { ...buildForward(next, packed), ...headers };
}
