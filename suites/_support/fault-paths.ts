/**
 * The paths of the fault cases (suites/transport/faults-*.test.ts): a fault-injecting relay in front of
 * the adapter's endpoint (the adapter receives) or of the harness endpoint (the adapter sends), harness
 * identities with several endpoints, and the checks a fault case ends with: the untouched path worked
 * before the fault (positive control), the agent still answers afterwards, and any problem report it sent
 * is well formed.
 * @module
 */
import { createServer } from 'node:net';
import { WebSocket } from 'ws';
import type { ReferenceAgent } from '../../src/agent/agent.js';
import type { AgentTransport, InboundRecord } from '../../src/agent/inbox.js';
import { FaultRelay } from '../../src/agent/relay.js';
import type { DeliveryResult } from '../../src/agent/transport.js';
import { resolveDidcommEndpoints } from '../../src/did/endpoints.js';
import { createIdentity, type Identity } from '../../src/did/identity.js';
import { encodePeerService } from '../../src/did/peer/services.js';
import { createDidResolver } from '../../src/did/resolver.js';
import { packMessage } from '../../src/didcomm/envelope/pack.js';
import { unpackMessage } from '../../src/didcomm/envelope/unpack.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { buildPing, PING_RESPONSE } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { checkProblemThread, PROBLEM_REPORT } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { Inconclusive, must, type MustId } from '../../src/runner/case.js';
import { mustHaveNoFindings, mustSee, WAIT_MS, type Harness } from '../protocols/live.js';

/** Runs `body` with a relay in front of `target`; the relay is always closed. */
export async function withRelay(target: { http?: string; ws?: string }, body: (relay: FaultRelay) => Promise<void>): Promise<void> {
  const relay = await FaultRelay.start(target);
  try {
    await body(relay);
  } finally {
    await relay.close();
  }
}

/** Where `did` takes messages over `transport`, from its DID document (SVC-003). */
export async function endpointOf(agent: ReferenceAgent, did: string, transport: AgentTransport): Promise<string> {
  const endpoints = await resolveDidcommEndpoints(agent.keys.resolver, did);
  const endpoint = endpoints.find((e) => (transport === 'ws' ? /^wss?:/ : /^https?:/).test(e.uri));
  if (!endpoint) throw new TypeError(`${did} has no ${transport} DIDComm endpoint`);
  return endpoint.uri;
}

/**
 * Packs `message` (authcrypt from its `from`) for `to` and delivers it to `url` rather than to `to`'s own
 * endpoint; over WebSocket the socket stays open for `expectReplies` answers. Answers on the connection go
 * into the harness inbox.
 */
export async function sendVia(agent: ReferenceAgent, url: string, message: PlaintextMessage, to: string, expectReplies = 0): Promise<DeliveryResult> {
  const packed = await packMessage(message, { mode: 'authcrypt', to: [to], from: message.from! }, agent.keys);
  return agent.deliverRaw(url, packed.packed, packed.mediaType, expectReplies);
}

/** A ping from the harness to the adapter; over WebSocket it asks for the answer on the socket. */
export function pingFrom(harness: Harness, them: string, transport: AgentTransport = 'http'): PlaintextMessage {
  return buildPing({ from: harness.me.did, to: [them], ...(transport === 'ws' ? { return_route: 'all' } : {}) });
}

function accepted(status: number): boolean {
  return (status >= 200 && status < 300) || status === 101;
}

/** The answer to `ping` on any channel, within WAIT_MS. */
export function answerTo(harness: Harness, ping: PlaintextMessage): Promise<InboundRecord | undefined> {
  return harness.agent.inbox.waitForMessage(PING_RESPONSE, WAIT_MS, { thid: ping.id });
}

/**
 * Positive control: an untouched ping through `url` is accepted and answered. If not, the fault case that
 * follows would prove nothing, so it is inconclusive.
 */
export async function controlPing(harness: Harness, them: string, url: string, transport: AgentTransport = 'http'): Promise<void> {
  const ping = pingFrom(harness, them, transport);
  const sent = await sendVia(harness.agent, url, ping, them, transport === 'ws' ? 1 : 0);
  if (!accepted(sent.status)) throw new Inconclusive(`an untouched ping through the relay was answered ${sent.status} ${sent.error ?? ''}`.trim());
  if (!(await answerTo(harness, ping))) throw new Inconclusive(`the agent did not answer an untouched ping within ${WAIT_MS} ms`);
}

/**
 * Survival: after `fault`, a fresh ping straight to the adapter's endpoint is accepted (TRANS-003, or the
 * socket opens: TRANS-006) and answered. The agent answered before the fault, so no answer now fails
 * under `requirement`, the rule the fault exercised.
 */
export async function mustStillAnswer(harness: Harness, them: string, requirement: MustId, fault: string, transport: AgentTransport = 'http'): Promise<void> {
  const ping = pingFrom(harness, them, transport);
  const sent = await harness.agent.send(ping, { to: them, transport, ...(transport === 'ws' ? { expectReplies: 1 } : {}) });
  if (transport === 'ws') must(sent.status === 101, 'TRANS-006', `after ${fault} no new WebSocket to the agent opened (${sent.error ?? sent.status})`);
  else must(accepted(sent.status), 'TRANS-003', `after ${fault} a fresh ping was answered ${sent.status}${sent.error ? ` (${sent.error})` : ''}: the agent did not survive`);
  must(await answerTo(harness, ping), requirement, `after ${fault} the agent no longer answers a ping within ${WAIT_MS} ms, though it answered one before`);
}

/**
 * Any problem report the harness received after `afterSeq` is well formed (its schema: PROB-002 pthid, PROB-004
 * code, PROB-008 grammar); with `offending`, its `pthid` names that message's thread.
 */
export function mustReportProblemsWell(agent: ReferenceAgent, afterSeq: number, offending?: { id: string; thid?: string }): void {
  for (const record of agent.inbox.after(afterSeq)) {
    if (record.message?.type !== PROBLEM_REPORT) continue;
    mustSee(record, 'PROB-001', 'a problem report the agent sent');
    if (offending) mustHaveNoFindings(checkProblemThread(record.message, offending), 'a problem report the agent sent');
  }
}

/** The sequence number of the newest record in the harness inbox: "from here on" for later checks. */
export function lastSeq(agent: ReferenceAgent): number {
  return agent.inbox.records.at(-1)?.seq ?? 0;
}

/** The deliveries of the message `id` at the harness endpoint (each POST or WebSocket message counts). */
export function deliveriesOf(agent: ReferenceAgent, id: string): InboundRecord[] {
  return agent.inbox.records.filter((r) => r.channel === 'request' && r.message?.id === id);
}

/**
 * A harness identity (held by `agent`) whose did:peer:2 lists one DIDComm service per URI, in this order
 * of preference (SVC-005).
 */
export async function identityWithEndpoints(agent: ReferenceAgent, uris: [string, ...string[]]): Promise<Identity> {
  const base = await createIdentity({ method: 'peer:2', endpoint: uris[0] });
  const more = uris.slice(1).map((uri, i) => `.S${encodePeerService({
    id: `#fallback-${i + 1}`, type: 'DIDCommMessaging', serviceEndpoint: { uri, accept: ['didcomm/v2'], routingKeys: [] },
  })}`);
  const did = `${base.did}${more.join('')}`;
  const identity: Identity = {
    did,
    didDocument: await createDidResolver({ examples: false }).resolve(did),
    secrets: base.secrets.map((secret) => ({ ...secret, kid: `${did}${secret.kid.slice(base.did.length)}` })),
  };
  agent.adopt(identity);
  return identity;
}

/** An HTTP URL on 127.0.0.1 where nothing listens: a port bound and released. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/didcomm`;
}

/** One WebSocket kept open across several messages; what comes back on it is unpacked and kept. */
export class HeldSocket {
  readonly #socket: WebSocket;
  readonly closed: Promise<void>;
  /** The messages the agent sent back on this socket (return_route), unpacked by the harness. */
  readonly replies: PlaintextMessage[] = [];

  private constructor(socket: WebSocket, agent: ReferenceAgent) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('message', (data) => {
      void unpackMessage(data.toString(), agent.keys, { strict: false }).then(({ message }) => this.replies.push(message), () => undefined);
    });
  }

  /** Opens a socket to `url`; undefined when it does not open within WAIT_MS. */
  static async open(agent: ReferenceAgent, url: string): Promise<HeldSocket | undefined> {
    const socket = new WebSocket(url);
    const opened = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), WAIT_MS);
      socket.once('open', () => { clearTimeout(timer); resolve(true); });
      socket.once('error', () => { clearTimeout(timer); resolve(false); });
    });
    if (!opened) socket.terminate();
    return opened ? new HeldSocket(socket, agent) : undefined;
  }

  async send(agent: ReferenceAgent, message: PlaintextMessage, to: string): Promise<void> {
    const packed = await packMessage(message, { mode: 'authcrypt', to: [to], from: message.from! }, agent.keys);
    this.#socket.send(packed.packed);
  }

  /** The ping-response to `ping` on this socket or at the harness endpoint, within WAIT_MS. */
  async answerTo(harness: Harness, ping: PlaintextMessage): Promise<boolean> {
    const onSocket = () => this.replies.some((m) => m.type === PING_RESPONSE && m.thid === ping.id);
    const deadline = Date.now() + WAIT_MS;
    while (!onSocket() && Date.now() < deadline) {
      if (await harness.agent.inbox.waitForMessage(PING_RESPONSE, 50, { thid: ping.id })) return true;
    }
    return onSocket();
  }

  close(): void {
    this.#socket.terminate();
  }
}
