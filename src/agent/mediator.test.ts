import { afterEach, describe, expect, test } from 'vitest';
import { ReferenceAgent } from './agent.js';
import { buildMediateRequest, buildRecipientQuery, buildRecipientUpdate, listedRecipients, RECIPIENT, MEDIATE_GRANT } from '../didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import {
  buildDeliveryRequest, buildLiveDeliveryChange, buildStatusRequest, DELIVERY, MESSAGES_RECEIVED, STATUS,
} from '../didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { BASIC_MESSAGE, buildBasicMessage } from '../didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { PROBLEM_REPORT } from '../didcomm/protocols/report-problem-2.0/report-problem.js';
import { keyIdsFor } from '../did/document.js';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { isForwardType, parseForward } from '../didcomm/routing/forward.js';
import type { Identity } from '../did/identity.js';
import type { PlaintextMessage } from '../didcomm/types.js';

const agents: ReferenceAgent[] = [];
async function start(mediator = false): Promise<ReferenceAgent> {
  const agent = await ReferenceAgent.start({ mediator });
  agents.push(agent);
  return agent;
}

afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

/** A mediator on HTTP and WebSocket, a recipient `carol` granted mediation with one routed DID, and a sender `alice`. */
async function mediated(): Promise<{ mediator: ReferenceAgent; m: Identity; mWs: Identity; carol: ReferenceAgent; c: Identity; routed: Identity; alice: ReferenceAgent; a: Identity }> {
  const [mediator, carol, alice] = [await start(true), await start(), await start()];
  const m = await mediator.createIdentity();
  const mWs = await mediator.createIdentity({ transport: 'ws' });
  const c = await carol.createIdentity();
  carol.acknowledgeDeliveries = false;
  const request = buildMediateRequest({ from: c.did, to: [m.did] });
  await carol.send(request, { to: m.did });
  expect((await carol.inbox.waitForMessage(MEDIATE_GRANT, 2000, { thid: request.id }))).toBeDefined();
  const routed = await carol.createIdentity({ endpoint: m.did });
  await carol.send(buildRecipientUpdate({ from: c.did, to: [m.did] }, [{ recipient_did: routed.did, action: 'add' }]), { to: m.did });
  return { mediator, m, mWs, carol, c, routed, alice, a: await alice.createIdentity() };
}

/** The answer on `request`'s thread. */
async function answerTo(agent: ReferenceAgent, request: PlaintextMessage): Promise<PlaintextMessage | undefined> {
  return (await agent.inbox.waitFor((r) => r.message?.thid === request.id || r.message?.pthid === request.id, 2000))?.message;
}

describe('mediator: pickup live mode (PROTO-PICKUP-009)', () => {
  test('on a WebSocket: status with live_delivery true, arrivals pushed as the forwarded message, off again on a new connection', async () => {
    const { mediator, mWs, carol, c, routed, alice, a } = await mediated();
    const connection = await carol.connect(mWs.did);
    const change = buildLiveDeliveryChange({ from: c.did, to: [mWs.did] }, true);
    await connection.send(change);
    const status = await answerTo(carol, change);
    expect(status?.type).toBe(STATUS);
    expect(status?.body?.['live_delivery']).toBe(true);

    const pushed = buildBasicMessage('live', { from: a.did, to: [routed.did] });
    await alice.send(pushed, { to: routed.did });
    const got = await carol.inbox.waitFor((r) => r.message?.id === pushed.id, 2000);
    expect(got).toMatchObject({ transport: 'ws', pickup: 'live', channel: 'request' });
    expect(mediator.mediator!.queues.get(routed.did) ?? []).toHaveLength(0);

    await connection.close();
    const again = await carol.connect(mWs.did);
    const queued = buildBasicMessage('queued', { from: a.did, to: [routed.did] });
    await alice.send(queued, { to: routed.did });
    expect(await carol.inbox.waitFor((r) => r.message?.id === queued.id, 300)).toBeUndefined();
    expect(mediator.mediator!.queues.get(routed.did)).toHaveLength(1);
    await again.close();
  });

  test('over HTTP: the problem report e.m.live-mode-not-supported, and arrivals stay queued', async () => {
    const { mediator, m, carol, c, routed, alice, a } = await mediated();
    const change = buildLiveDeliveryChange({ from: c.did, to: [m.did] }, true);
    await carol.send(change, { to: m.did });
    const report = await answerTo(carol, change);
    expect(report?.type).toBe(PROBLEM_REPORT);
    expect(report?.body?.['code']).toBe('e.m.live-mode-not-supported');
    await alice.send(buildBasicMessage('queued', { from: a.did, to: [routed.did] }), { to: routed.did });
    expect(mediator.mediator!.queues.get(routed.did)).toHaveLength(1);
  });
});

describe('mediator: queues and lists', () => {
  test('a status that cannot go back on the connection is dropped, not sent to the routed requester (PROTO-PICKUP-004)', async () => {
    const { mediator, m, carol, routed } = await mediated();
    // The routed DID asks for itself: an asynchronous status would travel through this mediator into its own queue.
    await carol.send(buildMediateRequest({ from: routed.did, to: [m.did] }), { to: m.did });
    await carol.send(buildRecipientUpdate({ from: routed.did, to: [m.did] }, [{ recipient_did: routed.did, action: 'add' }]), { to: m.did });
    const sent = await carol.send(buildStatusRequest({ from: routed.did, to: [m.did], return_route: 'none' }), { to: m.did });
    expect(sent.status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(mediator.mediator!.queues.get(routed.did) ?? []).toHaveLength(0);
  });

  test('recipient-query pages with paginate {limit, offset} (PROTO-MED-005)', async () => {
    const { m, carol, c, routed } = await mediated();
    const more = [await carol.createIdentity({ endpoint: m.did }), await carol.createIdentity({ endpoint: m.did })];
    await carol.send(buildRecipientUpdate({ from: c.did, to: [m.did] }, more.map((i) => ({ recipient_did: i.did, action: 'add' as const }))), { to: m.did });
    const query = buildRecipientQuery({ from: c.did, to: [m.did] }, { limit: 2, offset: 1 });
    await carol.send(query, { to: m.did });
    const page = await answerTo(carol, query);
    expect(page?.type).toBe(RECIPIENT);
    expect(listedRecipients(page!)).toEqual(more.map((i) => i.did));
    expect(page?.body?.['pagination']).toEqual({ count: 2, offset: 1, remaining: 0 });
    const all = buildRecipientQuery({ from: c.did, to: [m.did] });
    await carol.send(all, { to: m.did });
    expect(listedRecipients((await answerTo(carol, all))!)).toEqual([routed.did, ...more.map((i) => i.did)]);
  });

  test('routing keys the recipient configured beyond its DID document wrap the message once more (ROUTE-009)', async () => {
    const { mediator, routed, alice, a } = await mediated();
    const device = await start();
    const extra = await device.createIdentity();
    const key = keyIdsFor(extra.didDocument, 'keyAgreement')[0]!;
    mediator.mediator!.extraRoutingKeys.set(routed.did, [key]);
    const message = buildBasicMessage('wrapped again', { from: a.did, to: [routed.did] });
    await alice.send(message, { to: routed.did });
    const [queued] = mediator.mediator!.queues.get(routed.did)!;
    const outer = await unpackMessage(queued!.packed, device.keys);
    expect(isForwardType(outer.message.type)).toBe(true);
    expect(outer.metadata.recipientKids).toEqual([key]);
    expect(parseForward(outer.message).next).toBe(routed.did);
  });
});

describe('recipient: pickup', () => {
  test('a delivery is taken message by message (pickup "delivery") and acknowledged with messages-received (PROTO-PICKUP-007)', async () => {
    const { mediator, m, carol, c, routed, alice, a } = await mediated();
    carol.acknowledgeDeliveries = true;
    const message = buildBasicMessage('picked up', { from: a.did, to: [routed.did] });
    await alice.send(message, { to: routed.did });
    const request = buildDeliveryRequest({ from: c.did, to: [m.did] }, 10);
    await carol.send(request, { to: m.did });
    expect(carol.inbox.records.find((r) => r.message?.type === DELIVERY)?.channel).toBe('response');
    const taken = carol.inbox.records.find((r) => r.message?.id === message.id);
    expect(taken).toMatchObject({ pickup: 'delivery', channel: 'request' });
    expect(taken?.message?.type).toBe(BASIC_MESSAGE);
    expect(await mediator.inbox.waitForMessage(MESSAGES_RECEIVED, 2000)).toBeDefined();
    await expect.poll(() => mediator.mediator!.queues.get(routed.did)?.length, { timeout: 2000 }).toBe(0);
  });
});
