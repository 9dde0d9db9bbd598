/**
 * What the adapter's live methods really do, found by round trips on a probe agent of its own (a fresh
 * NodeAgent and endpoint, closed afterwards), judged on the wire, never on `send`'s say-so:
 * - `http`: a message didcomm-node authcrypts is POSTed to a did:peer:2 on the probe endpoint, and that
 *   endpoint's didcomm-node unpacks it (the record shows it accepted, with the same id and sender).
 * - routing 2.0: a message to a DID whose endpoint is a mediator DID is wrapped by didcomm-node in a
 *   forward, POSTed to the mediator's endpoint, and the mediator (the project's reference agent, src/agent,
 *   a real mediator on loopback) queues it for the recipient: forward wrapping that reached a mediator.
 * No protocol of didcomm-node's own is claimed (it has none); no `ws`, no `mediator` role.
 * @module
 */
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { ReferenceAgent } from '../../src/agent/agent.js';
import { NodeAgent } from './agent.js';
import { InboundEndpoint } from '../../src/adapter/sdk/index.js';
import { takenByNode } from './endpoint.js';
import { NodeLive } from './live.js';

export const ROUTING_PIURI = 'https://didcomm.org/routing/2.0';
const FORWARD = `${ROUTING_PIURI}/forward`;
const BASIC = 'https://didcomm.org/basicmessage/2.0/message';

type LiveClaims = Pick<Capabilities, 'transports' | 'protocols'>;

function note(from: string, to: string, content: string): { id: string; type: string; from: string; to: string[]; body: { content: string } } {
  return { id: `probe-${content}-${Date.now()}-${Math.random().toString(36).slice(2)}`, type: BASIC, from, to: [to], body: { content } };
}

async function selfRoundTrip(live: NodeLive, endpoint: InboundEndpoint): Promise<boolean> {
  const a = await live.createIdentity({ didMethod: 'peer:2', endpoint: 'self:http' });
  const b = await live.createIdentity({ didMethod: 'peer:2', endpoint: 'self:http' });
  const message = note(a.did, b.did, 'http');
  const sent = await live.send({ message, to: b.did, envelope: 'authcrypt' });
  const arrived = endpoint.received().some((r) => r.transport === 'http' && r.unpacked?.status === 'accepted'
    && r.unpacked.message['id'] === message.id && r.unpacked.message['from'] === a.did && r.unpacked.metadata.authenticated);
  if (!arrived) console.error(`sicpa adapter: live probe: the self round trip did not arrive (send: ${JSON.stringify(sent)})`);
  return sent.delivered && arrived;
}

async function forwardReachesMediator(live: NodeLive): Promise<boolean> {
  const mediator = await ReferenceAgent.start({ mediator: true });
  try {
    const m = await mediator.createIdentity();
    const sender = await live.createIdentity({ didMethod: 'peer:2', endpoint: 'self:http' });
    const routed = await live.createIdentity({ didMethod: 'peer:2', endpoint: m.did });
    mediator.mediator!.recipients.set(routed.did, 'did:example:probe-owner');
    const message = note(sender.did, routed.did, 'routing');
    const sent = await live.send({ message, to: routed.did, envelope: 'authcrypt' });
    const forward = await mediator.inbox.waitForMessage(FORWARD, 2000);
    const ok = sent.delivered && forward?.outcome === 'queued' && (forward.message?.body as { next?: unknown } | undefined)?.next === routed.did;
    if (!ok) console.error(`sicpa adapter: live probe: no forward queued at the mediator (send: ${JSON.stringify(sent)}, forward: ${forward?.outcome ?? 'none'})`);
    return ok;
  } finally {
    await mediator.close();
  }
}

/** The live claims, from a probe agent started and closed here. */
export async function probeLive(): Promise<LiveClaims> {
  const agent = new NodeAgent();
  const endpoint = await InboundEndpoint.start(takenByNode(() => agent));
  const live = new NodeLive(agent, endpoint.url);
  try {
    const http = await selfRoundTrip(live, endpoint).catch((error: unknown) => {
      console.error(`sicpa adapter: live probe (http): ${String(error)}`);
      return false;
    });
    const routing = http && await forwardReachesMediator(live).catch((error: unknown) => {
      console.error(`sicpa adapter: live probe (routing): ${String(error)}`);
      return false;
    });
    return { transports: http ? ['http'] : [], protocols: routing ? [ROUTING_PIURI] : [] };
  } finally {
    await endpoint.close();
  }
}
