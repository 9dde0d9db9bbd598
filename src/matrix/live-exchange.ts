/**
 * One live exchange between two adapter processes, judged only by what their endpoints report having
 * received (`received`), never by what the sender says it did: A starts the protocol action towards B (or,
 * for `deliver`, `send`s a message to B's DID); B's endpoint must show the message (unpacked, from A, with
 * the content sent); for trust ping, A's endpoint must then show the ping-response threaded to it
 * (PROTO-PING-001/002). Every entry's wire bytes are checked (live-wire.ts).
 * @module
 */
import { createHash } from 'node:crypto';
import type { CreateIdentityResult, ProtocolResult, ReceivedMessage, SendResult } from '../adapter/protocol/v1/types.generated.js';
import { PING, PING_RESPONSE, validatePingResponse } from '../didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { BASIC_MESSAGE } from '../didcomm/protocols/basicmessage-2.0/basicmessage.js';
import type { Finding } from '../didcomm/protocols/message.js';
import type { PlaintextMessage } from '../didcomm/types.js';
import type { LiveFeature } from './live-features.js';
import { introduce, LiveTrouble, type Arrivals, type LiveParty } from './live-party.js';
import { checkReceivedWire } from './live-wire.js';

/** The verdict of one live exchange and what it was drawn from. */
export interface LiveOutcome {
  status: 'pass' | 'fail' | 'error' | 'n/a';
  detail?: string;
  /** The DIDs, the sender's own account, the entries observed, timings: for the evidence file. */
  observed: Record<string, unknown>;
}

export interface LiveExchangeOptions {
  /** How long the whole exchange may take on the wire, ms. */
  deadlineMs: number;
  /** The basic message's content (unique per pair and seed). */
  content: string;
}

/** The plaintext of an entry its recipient accepted. */
function accepted(entry: ReceivedMessage): PlaintextMessage | undefined {
  return entry.unpacked?.status === 'accepted' ? (entry.unpacked.message as PlaintextMessage) : undefined;
}

/**
 * A message that answers another exchange: threaded (`thid`, `pthid`) only to messages not of this cell. A late
 * problem-report to an earlier cell's message, say, arriving at an endpoint every cell of the pair reuses.
 */
export function answersAnotherExchange(entry: ReceivedMessage, cellIds: ReadonlySet<string>): boolean {
  const message = accepted(entry);
  const threads = [message?.thid, message?.pthid].filter((id): id is string => typeof id === 'string' && id !== message?.id);
  return threads.length > 0 && threads.every((id) => !cellIds.has(id));
}

/**
 * Why nothing matching `what` is among the entries `party` received: rejected, other messages or none.
 * Messages answering another exchange (`cellIds`: this cell's message ids known so far) are not this cell's.
 */
function missing(party: LiveParty, what: string, arrivals: Arrivals, deadlineMs: number, cellIds: ReadonlySet<string>): string {
  const strays = arrivals.seen.filter((e) => answersAnotherExchange(e, cellIds));
  const own = arrivals.seen.filter((e) => !strays.includes(e));
  const ignored = strays.length > 0 ? ` (${strays.length} late message(s) answering another exchange ignored: ${strays.map((e) => accepted(e)!.type).join(', ')})` : '';
  const rejected = own.filter((e) => e.unpacked?.status === 'rejected');
  const first = rejected[0]?.unpacked;
  if (first?.status === 'rejected') return `${party.name} rejected what arrived instead of ${what}: ${first.error.code}: ${first.error.message}${rejected.length > 1 ? ` (and ${rejected.length - 1} more)` : ''}${ignored}`;
  const unreported = own.filter((e) => e.unpacked === undefined).length;
  // Bytes arrived but the adapter does not say what its agent made of them: adapter trouble, not a verdict.
  if (unreported > 0) throw new LiveTrouble('error', `${party.name}'s endpoint received ${unreported} message(s) but its \`received\` reports no \`unpacked\` for them (${what} expected)`);
  const others = own.map((e) => accepted(e)?.type).filter((type): type is string => type !== undefined);
  if (others.length > 0) return `${party.name}'s endpoint received ${others.join(', ')} but not ${what} within ${deadlineMs} ms${ignored}`;
  return `${party.name}'s endpoint received nothing within ${deadlineMs} ms (${what} expected)${ignored}`;
}

/** The findings as one detail line, each under its requirement ID. */
function describeFindings(findings: Array<Finding & { about: string }>): string {
  return findings.map((f) => `${f.requirement} (${f.about}): ${f.message}`).join('; ');
}

/** The id A says it sent, from its `protocol` reply (evidence only: the verdict never rests on it). */
function reportedId(reply: ProtocolResult, type: string): string | undefined {
  const sent = reply.sent?.find((m) => m['type'] === type)?.['id'];
  return typeof sent === 'string' ? sent : reply.thid;
}

async function trustPing(a: LiveParty, b: LiveParty, ids: { a: CreateIdentityResult; b: CreateIdentityResult }, feature: LiveFeature, deadline: number, options: LiveExchangeOptions, reply: ProtocolResult, observed: Record<string, unknown>): Promise<LiveOutcome> {
  const atB = await b.waitFor((e) => accepted(e)?.type === PING && accepted(e)?.from === ids.a.did, deadline);
  observed['receivedByReceiver'] = atB.seen;
  const saidPing = reportedId(reply, PING);
  if (!atB.match) return { status: 'fail', detail: `PROTO-PING-001: ${missing(b, `a ping from ${a.name}'s DID`, atB, options.deadlineMs, new Set(saidPing === undefined ? [] : [saidPing]))}`, observed };
  const ping = accepted(atB.match)!;
  const atA = await a.waitFor((e) => accepted(e)?.type === PING_RESPONSE && accepted(e)?.thid === ping.id, deadline);
  observed['receivedBySender'] = atA.seen;
  if (!atA.match) return { status: 'fail', detail: `PROTO-PING-002: ${b.name} took ping ${ping.id}, but ${missing(a, `a ping-response with thid ${ping.id}`, atA, options.deadlineMs, new Set([ping.id]))}`, observed };
  const response = accepted(atA.match)!;
  const findings = [
    ...checkReceivedWire(atB.match, feature.transport).findings.map((f) => ({ ...f, about: `the ping at ${b.name}` })),
    ...checkReceivedWire(atA.match, feature.transport).findings.map((f) => ({ ...f, about: `the ping-response at ${a.name}` })),
    ...validatePingResponse(response, ping).map((f) => ({ ...f, about: 'the ping-response' })),
  ];
  return findings.length > 0
    ? { status: 'fail', detail: describeFindings(findings), observed }
    : { status: 'pass', detail: `ping ${ping.id} and its ping-response over ${feature.transport} in ${Date.now() - (observed['startedAt'] as number)} ms`, observed };
}

async function basicMessage(a: LiveParty, b: LiveParty, ids: { a: CreateIdentityResult; b: CreateIdentityResult }, feature: LiveFeature, deadline: number, options: LiveExchangeOptions, reply: ProtocolResult, observed: Record<string, unknown>): Promise<LiveOutcome> {
  const content = (e: ReceivedMessage) => (accepted(e)?.body as Record<string, unknown> | undefined)?.['content'];
  const atB = await b.waitFor((e) => accepted(e)?.type === BASIC_MESSAGE && content(e) === options.content, deadline);
  observed['receivedByReceiver'] = atB.seen;
  const sentId = reportedId(reply, BASIC_MESSAGE);
  if (!atB.match) return { status: 'fail', detail: `PROTO-BM-001: ${missing(b, `the basic message "${options.content}"`, atB, options.deadlineMs, new Set(sentId === undefined ? [] : [sentId]))}`, observed };
  const message = accepted(atB.match)!;
  const findings = checkReceivedWire(atB.match, feature.transport).findings.map((f) => ({ ...f, about: `the message at ${b.name}` }));
  if (sentId !== undefined && message.id !== sentId) findings.push({ requirement: 'ENV-PLAIN-001', message: `${b.name} received id ${message.id}, ${a.name} sent ${sentId}`, about: 'the message id' });
  if (message.from !== undefined && message.from !== ids.a.did) findings.push({ requirement: 'PROTO-BM-001', message: `from is ${message.from}, not ${ids.a.did}`, about: 'the message sender' });
  return findings.length > 0
    ? { status: 'fail', detail: describeFindings(findings), observed }
    : { status: 'pass', detail: `basic message ${message.id} over ${feature.transport} in ${Date.now() - (observed['startedAt'] as number)} ms${sentId === undefined ? ` (${a.name} named no id; matched by its unique content)` : ''}`, observed };
}

/** A `send`s a basic message to B's DID over the feature's transport; B's endpoint must show it unpacked, as sent. */
async function deliver(a: LiveParty, b: LiveParty, ids: { a: CreateIdentityResult; b: CreateIdentityResult }, feature: LiveFeature, deadline: number, options: LiveExchangeOptions, observed: Record<string, unknown>): Promise<LiveOutcome> {
  const message: PlaintextMessage = {
    id: createHash('sha256').update(options.content).digest('hex').slice(0, 32), type: BASIC_MESSAGE,
    from: ids.a.did, to: [ids.b.did], created_time: Math.floor(Date.now() / 1000), body: { content: options.content },
  };
  observed['sent'] = message;
  const said: SendResult = await a.call('send', { message, to: ids.b.did, from: ids.a.did, transport: feature.transport });
  observed['senderSays'] = said;
  const content = (e: ReceivedMessage) => (accepted(e)?.body as Record<string, unknown> | undefined)?.['content'];
  const refused = said.status !== undefined && said.status >= 400;
  const atB = await b.waitFor((e) => accepted(e)?.id === message.id || content(e) === options.content, deadline, refused);
  observed['receivedByReceiver'] = atB.seen;
  const arrival = feature.transport === 'ws' ? 'TRANS-006' : 'TRANS-001';
  if (!atB.match) return { status: 'fail', detail: `${arrival}: ${missing(b, `message ${message.id} from ${a.name}`, atB, options.deadlineMs, new Set([message.id]))} (${a.name}'s send said delivered: ${String(said.delivered)}${said.status !== undefined ? `, status ${said.status}` : ''})`, observed };
  const got = accepted(atB.match)!;
  const findings = checkReceivedWire(atB.match, feature.transport).findings.map((f) => ({ ...f, about: `the message at ${b.name}` }));
  if (feature.transport === 'http' && said.status !== undefined && (said.status < 200 || said.status > 299)) {
    findings.push({ requirement: 'TRANS-003', message: `${b.name}'s endpoint took the message but answered the POST ${said.status}`, about: 'the HTTP answer' });
  }
  const differences = [
    got.id !== message.id ? `id ${got.id}, sent ${message.id}` : '',
    JSON.stringify(got.body) !== JSON.stringify(message.body) ? `body ${JSON.stringify(got.body)}, sent ${JSON.stringify(message.body)}` : '',
    got.from !== undefined && got.from !== ids.a.did ? `from ${got.from}, sent ${ids.a.did}` : '',
  ].filter(Boolean);
  const problems = [...(findings.length > 0 ? [describeFindings(findings)] : []), ...(differences.length > 0 ? [`${b.name} unpacked another message than was sent: ${differences.join('; ')}`] : [])];
  return problems.length > 0
    ? { status: 'fail', detail: problems.join('; '), observed }
    : { status: 'pass', detail: `message ${message.id} delivered over ${feature.transport} and unpacked as sent in ${Date.now() - (observed['startedAt'] as number)} ms`, observed };
}

/** A starts the feature's protocol action towards B. */
async function protocolExchange(a: LiveParty, b: LiveParty, ids: { a: CreateIdentityResult; b: CreateIdentityResult }, feature: LiveFeature, deadline: number, options: LiveExchangeOptions, observed: Record<string, unknown>): Promise<LiveOutcome> {
  const args = feature.exchange === 'basicmessage' ? { content: options.content } : {};
  const reply = await a.call('protocol', { piuri: feature.piuri!, action: feature.action!, from: ids.a.did, to: ids.b.did, args });
  observed['senderSays'] = reply;
  return feature.exchange === 'trust-ping'
    ? trustPing(a, b, ids, feature, deadline, options, reply, observed)
    : basicMessage(a, b, ids, feature, deadline, options, reply, observed);
}

/** A (sender) runs `feature` towards B (receiver); the verdict comes from both endpoints' `received`. */
export async function runLiveExchange(a: LiveParty, b: LiveParty, feature: LiveFeature, options: LiveExchangeOptions): Promise<LiveOutcome> {
  const observed: Record<string, unknown> = { requirements: feature.requirements };
  const restarts = [a.session.restarts, b.session.restarts];
  try {
    const ids = await introduce(a, b, feature.transport);
    Object.assign(observed, { senderDid: ids.a.did, receiverDid: ids.b.did });
    await a.mark();
    await b.mark();
    observed['startedAt'] = Date.now();
    const deadline = Date.now() + options.deadlineMs;
    const outcome = feature.exchange === 'deliver' ? await deliver(a, b, ids, feature, deadline, options, observed) : await protocolExchange(a, b, ids, feature, deadline, options, observed);
    const restarted = [a, b].filter((party, i) => party.session.restarts !== restarts[i]).map((party) => party.name);
    // A restart takes the endpoint and its identities with it: what did not arrive says nothing about DIDComm.
    if (restarted.length > 0 && outcome.status === 'fail') return { status: 'error', detail: `${restarted.join(' and ')} restarted during the exchange: ${outcome.detail ?? ''}`, observed };
    return outcome;
  } catch (error) {
    if (error instanceof LiveTrouble) return { status: error.status, detail: error.message, observed };
    throw error;
  }
}
