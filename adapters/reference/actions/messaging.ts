/**
 * `protocol` actions of the reference adapter for the messaging protocols: trust-ping 2.0, discover-features
 * 2.0, basicmessage 2.0, report-problem 2.0, empty 1.0 (with ACKs and DID rotation), out-of-band 2.0.
 * Messages go to the peer's current DID: after the peer rotated, its new one (ROT-006).
 * @module
 */
import type { AgentTransport } from '../../../src/agent/inbox.js';
import { RESPONDER_TYPES, canonicalType, respond } from '../../../src/agent/handlers.js';
import type { PlaintextMessage } from '../../../src/didcomm/types.js';
import { currentTime } from '../../../src/didcomm/clock.js';
import { buildPing, TRUST_PING_PIURI } from '../../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildQueries, DISCOVER_FEATURES_PIURI } from '../../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { buildBasicMessage, BASICMESSAGE_PIURI } from '../../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { buildEscalation, buildProblemReport, PROBLEM_REPORT, REPORT_PROBLEM_PIURI } from '../../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { buildEmpty, EMPTY_PIURI } from '../../../src/didcomm/protocols/empty-1.0/empty.js';
import { attachedMessages, buildInvitation, fetchShortInvitation, invitationUrl, parseInvitationUrl, OUT_OF_BAND_PIURI } from '../../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { str, type ActionInput, type BuiltAction, type ProtocolActions } from './action.js';

/** The call's headers and recipient, with `to` followed through the peer's rotations (ROT-006). */
async function addressed({ headers, to, agent }: ActionInput): Promise<{ headers: Partial<PlaintextMessage>; to?: string }> {
  if (!to) return { headers };
  const current = (await agent()).rotation.currentDid(to);
  return { headers: { ...headers, to: [current] }, to: current };
}

/** A builder of one message from the addressed headers. */
function sending(build: (headers: Partial<PlaintextMessage>, input: ActionInput) => PlaintextMessage | Promise<PlaintextMessage>) {
  return async (input: ActionInput): Promise<BuiltAction> => {
    const { headers, to } = await addressed(input);
    return { message: await build(headers, input), ...(to ? { to } : {}) };
  };
}

/** The invitation of an `_oob` URL, or of a short `_oobid` URL fetched (on loopback only: the harness serves it). */
async function readInvitationUrl(text: string): Promise<PlaintextMessage> {
  const url = new URL(text);
  if (url.searchParams.has('_oob') || !url.searchParams.has('_oobid')) return parseInvitationUrl(text);
  if (url.hostname !== '127.0.0.1') throw new TypeError(`the reference adapter follows short invitation URLs on 127.0.0.1 only: ${text}`);
  return fetchShortInvitation(text);
}

export const MESSAGING_ACTIONS: ProtocolActions = {
  [TRUST_PING_PIURI]: {
    ping: sending((headers, { args }) => buildPing(headers, args['response_requested'] !== false)),
  },
  [DISCOVER_FEATURES_PIURI]: {
    queries: sending((headers, { args }) => buildQueries((args['queries'] as never) ?? [{ 'feature-type': 'protocol', match: '*' }], headers)),
  },
  [BASICMESSAGE_PIURI]: {
    message: sending((headers, { args }) => buildBasicMessage(str(args['content']) ?? 'hello', { ...headers, ...(str(args['lang']) ? { lang: str(args['lang']) } : {}) })),
  },
  [REPORT_PROBLEM_PIURI]: {
    'problem-report': sending((headers, { args }) => buildProblemReport(str(args['code']) ?? 'e.p.msg', undefined, [], headers)),
    escalate: sending(async (headers, { args, agent }) => {
      // PROB-010: the warning is one this agent received; the escalation answers it on its thread.
      const id = str(args['report_id']);
      const warning = (await agent()).inbox.records.find((r) => r.message?.type === PROBLEM_REPORT && r.message.id === id)?.message;
      if (!warning) throw new TypeError(`no problem report ${String(id)} was received to escalate`);
      return buildEscalation(warning, { from: headers.from, ...(headers.to ? { to: headers.to } : {}) });
    }),
  },
  [EMPTY_PIURI]: {
    empty: sending((headers, { args }) => buildEmpty({ ...headers, ...(Array.isArray(args['ack']) ? { ack: args['ack'] } : {}) })),
    rotate: async (input) => {
      // DID rotation (ROT-001..003): a fresh DID, and an empty message from it carrying from_prior.
      const { from, args, agent } = input;
      if (!from) throw new TypeError('rotate needs "from" (the DID to rotate away from)');
      const rotated = await (await agent()).rotate(from, (str(args['transport']) as AgentTransport | undefined) ?? 'http');
      const { headers, to } = await addressed(input);
      return { message: buildEmpty({ ...headers, from: rotated.did }), ...(to ? { to } : {}), output: { did: rotated.did } };
    },
    'end-relationship': async (input) => {
      // ROT-009: rotate to nothing, a from_prior without sub on a message without from (so anoncrypted).
      const { from, agent } = input;
      if (!from) throw new TypeError('end-relationship needs "from" (the DID whose relationship ends)');
      const live = await agent();
      const fromPrior = await live.rotation.end(live.keys, from, currentTime());
      const { headers, to } = await addressed(input);
      const { from: _dropped, ...anonymous } = headers;
      return { message: buildEmpty({ ...anonymous, from_prior: fromPrior }), ...(to ? { to } : {}) };
    },
  },
  [OUT_OF_BAND_PIURI]: {
    invitation: ({ from, args }) => {
      if (!from) throw new TypeError('an invitation needs "from"');
      const invitation = buildInvitation(from, { goal_code: str(args['goal_code']) ?? 'conformance.test', goal: 'conformance test' });
      return { output: { invitation, url: invitationUrl(invitation, str(args['base']) ?? 'https://example.org/oob') } };
    },
    accept: async ({ from, args, agent }) => {
      const invitation = await readInvitationUrl(String(args['url']));
      if (!from || !invitation.from) throw new TypeError('accepting needs "from" and an invitation with "from"');
      // PROTO-OOB-002: the reply's pthid is the invitation id. PROTO-OOB-001: of the attached requests, the
      // first one this agent understands is acted upon, and only that one; with none, a ping starts the thread.
      const live = await agent();
      const replyTo = { from, to: [invitation.from], pthid: invitation.id };
      for (const attached of attachedMessages(invitation)) {
        const type = canonicalType(attached.type, RESPONDER_TYPES);
        if (!type) continue;
        const answer = respond({ ...attached, from: invitation.from, to: [from] }, type, live.features, currentTime())[0];
        if (answer) return { message: { ...answer, ...replyTo }, to: invitation.from, output: { invitation } };
      }
      return { message: buildPing(replyTo), to: invitation.from, output: { invitation } };
    },
  },
};
