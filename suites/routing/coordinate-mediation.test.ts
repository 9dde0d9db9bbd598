/**
 * Coordinate-mediation 3.0 recipient list with the adapter as mediator: recipient-query lists exactly the
 * DIDs registered, page by page when asked (PROTO-MED-005); recipient-update answers every update with one
 * of the four results, removes what it says it removed, reports no_change for what changes nothing and
 * client_error for an update it cannot apply (PROTO-MED-004); a removed DID gets no more forwards
 * (PROTO-MED-003). As recipient the adapter removes a DID and queries its list with well-formed requests.
 * @module
 */
import { check, conformanceCase, currentCase } from '../../src/runner/case.js';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import { buildBasicMessage } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import {
  COORDINATE_MEDIATION_PIURI, RECIPIENT, RECIPIENT_QUERY, RECIPIENT_UPDATE, buildRecipientQuery, buildRecipientUpdate, listedRecipients,
  validateMediationRequest, validateRecipient, type Paginate,
} from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { adapterIdentity, live, mustHaveNoFindings, mustSee, WAIT_MS } from '../protocols/live.js';
import { ROUTING, ask, mediationGrant, updateRecipients } from './adapter-mediator.js';

const NEEDS = { protocols: [ROUTING, COORDINATE_MEDIATION_PIURI], transports: ['http' as const] };

/** The `recipient` answering a recipient-query from `owner`, checked. */
async function query(agent: ReferenceAgent, owner: string, mediator: string, paginate?: Paginate): Promise<PlaintextMessage> {
  const request = buildRecipientQuery({ from: owner, to: [mediator] }, paginate);
  const answer = await ask(agent, request, mediator);
  mustSee(answer, 'PROTO-MED-005', 'a recipient answering the recipient-query');
  currentCase().note(answer.message!.type === RECIPIENT, 'PROTO-MED-005', `recipient-query answered with ${answer.message!.type}`);
  mustHaveNoFindings(validateRecipient(answer.message!, request), 'the recipient');
  return answer.message!;
}

const results = (response: PlaintextMessage) => new Map(((response.body as { updated: Array<{ recipient_did: string; action: string; result: string }> }).updated).map((u) => [`${u.action} ${u.recipient_did}`, u.result]));

conformanceCase({
  id: 'routing.mediator.recipient-query', title: 'recipient-query lists exactly the registered DIDs, and pages them with paginate',
  requirements: ['PROTO-MED-005', 'PROTO-MED-003'], profiles: ['routing', 'mediator', 'protocols'], role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator } = await mediationGrant(ctx, harness, me.did);
  const dids: string[] = [];
  for (let i = 0; i < 3; i++) dids.push((await agent.createIdentity({ endpoint: mediator })).did);
  await updateRecipients(agent, me.did, mediator, dids.map((recipient_did) => ({ recipient_did, action: 'add' as const })));
  const all = listedRecipients(await query(agent, me.did, mediator)).sort();
  ctx.note(JSON.stringify(all) === JSON.stringify([...dids].sort()), 'PROTO-MED-005', `recipient lists ${all.length} DIDs (${all.filter((d) => !dids.includes(d)).length} not registered), ${dids.length} were registered`);

  const first = await query(agent, me.did, mediator, { limit: 2, offset: 0 });
  const second = await query(agent, me.did, mediator, { limit: 2, offset: 2 });
  const [a, b] = [listedRecipients(first), listedRecipients(second)];
  ctx.note(a.length <= 2 && b.length <= 2, 'PROTO-MED-005', `pages of limit 2 listed ${a.length} and ${b.length} DIDs`);
  ctx.note(JSON.stringify([...a, ...b].sort()) === JSON.stringify([...dids].sort()), 'PROTO-MED-005', `the pages at offsets 0 and 2 list ${JSON.stringify([...a, ...b])}, not the 3 registered DIDs once each`);
  const pagination = (first.body as { pagination?: { count: number; offset: number; remaining: number } }).pagination;
  ctx.note(pagination !== undefined, 'PROTO-MED-005', 'a paginated answer without "pagination" {count, offset, remaining}');
  if (pagination) ctx.note(pagination.count === a.length && pagination.offset === 0 && pagination.remaining === 1, 'PROTO-MED-005', `pagination ${JSON.stringify(pagination)} for the first page of 2 of 3`);
}));

conformanceCase({
  id: 'routing.mediator.recipient-update-results', title: 'recipient-update: remove takes effect, repeats are no_change, an unknown action is client_error',
  requirements: ['PROTO-MED-004', 'PROTO-MED-003', 'PROTO-MED-005'], profiles: ['routing', 'mediator', 'protocols'], role: 'mediator', needs: NEEDS,
}, (ctx) => live(ctx, async (harness) => {
  const { agent, me } = harness;
  const { mediator } = await mediationGrant(ctx, harness, me.did);
  const [kept, dropped] = [(await agent.createIdentity({ endpoint: mediator })).did, (await agent.createIdentity({ endpoint: mediator })).did];
  await updateRecipients(agent, me.did, mediator, [{ recipient_did: kept, action: 'add' }, { recipient_did: dropped, action: 'add' }]);

  const again = results(await updateRecipients(agent, me.did, mediator, [{ recipient_did: kept, action: 'add' }, { recipient_did: dropped, action: 'remove' }]));
  ctx.note(again.get(`add ${kept}`) === 'no_change', 'PROTO-MED-004', `adding an already registered DID gave ${again.get(`add ${kept}`)}, expected no_change`);
  ctx.note(again.get(`remove ${dropped}`) === 'success', 'PROTO-MED-004', `removing a registered DID gave ${again.get(`remove ${dropped}`)}`);
  const listed = listedRecipients(await query(agent, me.did, mediator));
  ctx.note(!listed.includes(dropped), 'PROTO-MED-004', 'the removed DID is still listed by recipient-query though its removal was a success');
  ctx.note(listed.includes(kept), 'PROTO-MED-005', 'the DID still registered is not listed');
  const twice = results(await updateRecipients(agent, me.did, mediator, [{ recipient_did: dropped, action: 'remove' }]));
  ctx.note(twice.get(`remove ${dropped}`) === 'no_change', 'PROTO-MED-004', `removing a DID not registered gave ${twice.get(`remove ${dropped}`)}, expected no_change`);

  // An action the page does not define: the response still answers it, as a client error.
  const bogus = buildRecipientUpdate({ from: me.did, to: [mediator] }, [{ recipient_did: kept, action: 'replace' as never }]);
  const answer = await ask(agent, bogus, mediator, 'an action the page does not define');
  mustSee(answer, 'PROTO-MED-004', 'a recipient-update-response to an update with an unknown action');
  const updated = (answer.message!.body as { updated?: Array<{ result?: string }> } | undefined)?.updated;
  ctx.note(Array.isArray(updated) && updated.length === 1 && ['client_error', 'server_error', 'no_change', 'success'].includes(String(updated[0]?.result)), 'PROTO-MED-004', `the answer to an unknown action is ${JSON.stringify(answer.message!.body)}, expected one result of client_error|server_error|no_change|success`);
  ctx.note(updated?.[0]?.result === 'client_error', 'PROTO-MED-004', `an update with action "replace" gave ${updated?.[0]?.result}, expected client_error`);
  ctx.note(listedRecipients(await query(agent, me.did, mediator)).includes(kept), 'PROTO-MED-004', 'an update with an unknown action removed the DID');

  // A removed DID gets no forwards any more (PROTO-MED-003: forwards only for registered DIDs).
  const sender = await agent.createIdentity();
  const sent = await agent.send(buildBasicMessage('after removal', { from: sender.did, to: [dropped] }), { to: dropped });
  ctx.should(sent.status >= 400 && sent.status < 500, 'PROTO-MED-003', `a forward for the removed DID was answered ${sent.status}; a mediator accepts forwards only for registered DIDs`);
}));

conformanceCase({
  id: 'routing.recipient.recipient-update-remove-and-query', title: 'as recipient: removes a registered DID with recipient-update and asks recipient-query with return_route all',
  requirements: ['PROTO-MED-003', 'PROTO-MED-005', 'PROTO-MED-001'], profiles: ['routing', 'protocols'], role: 'sender', needs: { protocols: [COORDINATE_MEDIATION_PIURI], transports: ['http'] },
}, (ctx) => live(ctx, async ({ agent, me }) => {
  const them = await adapterIdentity(ctx);
  await ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'mediate-request', from: them, to: me.did });
  const { did: routed } = await ctx.call('createIdentity', { didMethod: 'peer:2', endpoint: me.did });
  const update = (action: 'add' | 'remove') => ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'recipient-update', from: them, to: me.did, args: { updates: [{ recipient_did: routed, action }] } });
  await update('add');
  check(agent.mediator!.recipients.get(routed) === them, 'PROTO-MED-003', 'the add did not register the DID at the harness mediator', { strength: 'should', silence: true });
  await update('remove');
  check(!agent.mediator!.recipients.has(routed), 'PROTO-MED-003', 'after recipient-update remove the DID is still registered at the harness mediator', { strength: 'should', silence: true });
  const removal = agent.inbox.records.findLast((r) => r.message?.type === RECIPIENT_UPDATE);
  mustSee(removal, 'PROTO-MED-003', 'the recipient-update removing the DID');
  mustHaveNoFindings(validateMediationRequest(removal!.message!), 'the recipient-update');

  await ctx.call('protocol', { piuri: COORDINATE_MEDIATION_PIURI, action: 'recipient-query', from: them, to: me.did, args: { paginate: { limit: 10, offset: 0 } } });
  const request = await agent.inbox.waitForMessage(RECIPIENT_QUERY, WAIT_MS);
  // The schema has checked "paginate" includes limit and offset (PROTO-MED-005).
  mustSee(request, 'PROTO-MED-005', 'a recipient-query');
  mustHaveNoFindings(validateMediationRequest(request.message!), 'the recipient-query');
}, { mediator: true }));
