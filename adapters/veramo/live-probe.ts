/**
 * What Veramo really does live, found by round trips Veramo to Veramo over loopback HTTP on a probe agent
 * of its own (closed afterwards), judged on the wire: what arrived at the endpoint and what came back in
 * HTTP responses, unpacked by Veramo. Claims follow only from what was observed:
 * - `http` and trust-ping 2.0: a ping sent with `sendDIDCommMessage` arrives and Veramo's
 *   TrustPingMessageHandler's ping-response (thid = ping id) arrives back.
 * - coordinate-mediation 3.0, routing 2.0, messagepickup 3.0 and the `mediator` role: in Veramo's own flow
 *   (the requester registers its own DID, as Veramo's tests do) the grant comes back on the connection, a
 *   message Veramo wraps in a forward is queued, status counts it and delivery returns it.
 * No WebSocket: Veramo 7.0.1 has no WebSocket transport, so `ws` is never claimed.
 * @module
 */
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { buildAction, COORDINATE_MEDIATION, PICKUP, ROUTING, TRUST_PING } from './actions.js';
import { VeramoLiveAgent } from './live-agent.js';

type LiveClaims = Pick<Capabilities, 'transports' | 'protocols' | 'roles'>;

/** Polls the endpoint's record for a message Veramo unpacked that `match`es, up to 2 s. */
async function arrived(live: VeramoLiveAgent, match: (m: Record<string, unknown>) => boolean): Promise<boolean> {
  for (const deadline = Date.now() + 2000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (live.received().some((r) => r.unpacked?.status === 'accepted' && match(r.unpacked.message))) return true;
  }
  return false;
}

/** POSTs what Veramo packed and unpacks, with Veramo, the message that came back in the HTTP response. */
async function exchange(live: VeramoLiveAgent, message: Parameters<VeramoLiveAgent['send']>[0]): Promise<Record<string, unknown> | undefined> {
  const { message: packed } = await live.veramo.packDIDCommMessage({ packing: 'authcrypt', message });
  const response = await fetch(live.listener.url, { method: 'POST', body: packed, headers: { 'content-type': 'application/didcomm-encrypted+json' } });
  const body = await response.text();
  if (response.status !== 200 || !body) return undefined;
  try {
    return (await live.veramo.unpackDIDCommMessage({ message: body })).message as unknown as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function trustPingWorks(live: VeramoLiveAgent): Promise<{ http: boolean; ping: boolean }> {
  const a = await live.createIdentity();
  const b = await live.createIdentity();
  const ping = buildAction(TRUST_PING, 'ping', a.did, b.did, {});
  const sent = await live.send(ping, b.did);
  const http = sent.delivered && await arrived(live, (m) => m['id'] === ping.id);
  return { http, ping: http && await arrived(live, (m) => m['type'] === `${TRUST_PING}/ping-response` && m['thid'] === ping.id && m['from'] === b.did) };
}

async function mediationWorks(live: VeramoLiveAgent): Promise<boolean> {
  const mediator = await live.createIdentity();
  const recipient = await live.createIdentity(mediator.did);
  const sender = await live.createIdentity();
  const request = buildAction(COORDINATE_MEDIATION, 'mediate-request', recipient.did, mediator.did, {});
  const grant = await exchange(live, request);
  if (grant?.['type'] !== `${COORDINATE_MEDIATION}/mediate-grant` || grant['thid'] !== request.id) return false;
  const update = buildAction(COORDINATE_MEDIATION, 'recipient-update', recipient.did, mediator.did, { updates: [{ recipient_did: recipient.did, action: 'add' }] });
  if ((await exchange(live, update))?.['type'] !== `${COORDINATE_MEDIATION}/recipient-update-response`) return false;
  const note = { id: `probe-${Date.now()}`, type: 'https://didcomm.org/basicmessage/2.0/message', from: sender.did, to: [recipient.did], body: { content: 'probe' } };
  if (!(await live.send(note, recipient.did)).delivered) return false;
  const status = await exchange(live, buildAction(PICKUP, 'status-request', recipient.did, mediator.did, {}));
  if ((status?.['body'] as { message_count?: unknown } | undefined)?.message_count !== 1) return false;
  const delivery = await exchange(live, buildAction(PICKUP, 'delivery-request', recipient.did, mediator.did, { limit: 5 }));
  const attached = (delivery?.['attachments'] as Array<{ data?: { json?: unknown } }> | undefined)?.[0]?.data?.json;
  if (attached === undefined) return false;
  const inner = await live.veramo.unpackDIDCommMessage({ message: JSON.stringify(attached) });
  return inner.message.id === note.id;
}

/** The live claims, from a probe agent started and closed here. */
export async function probeLive(): Promise<LiveClaims> {
  const live = await VeramoLiveAgent.start();
  try {
    const { http, ping } = await trustPingWorks(live);
    const mediator = http && await mediationWorks(live).catch((error: unknown) => {
      console.error(`veramo adapter: mediation probe: ${(error as Error).message}`);
      return false;
    });
    return {
      transports: http ? ['http'] : [],
      protocols: [...(ping ? [TRUST_PING] : []), ...(mediator ? [COORDINATE_MEDIATION, ROUTING, PICKUP] : [])],
      roles: mediator ? ['mediator'] : [],
    };
  } finally {
    await live.close();
  }
}
