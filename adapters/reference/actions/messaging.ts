/**
 * `protocol` actions of the reference adapter for the messaging protocols: trust-ping 2.0, discover-features
 * 2.0, basicmessage 2.0, report-problem 2.0, empty 1.0 (and DID rotation with it), out-of-band 2.0.
 * @module
 */
import type { AgentTransport } from '../../../src/agent/inbox.js';
import { buildPing, TRUST_PING_PIURI } from '../../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildQueries, DISCOVER_FEATURES_PIURI } from '../../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { buildBasicMessage, BASICMESSAGE_PIURI } from '../../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { buildProblemReport, REPORT_PROBLEM_PIURI } from '../../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { buildEmpty, EMPTY_PIURI } from '../../../src/didcomm/protocols/empty-1.0/empty.js';
import { buildInvitation, invitationUrl, parseInvitationUrl, OUT_OF_BAND_PIURI } from '../../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { str, type ProtocolActions } from './action.js';

export const MESSAGING_ACTIONS: ProtocolActions = {
  [TRUST_PING_PIURI]: {
    ping: ({ headers, args }) => ({ message: buildPing(headers, args['response_requested'] !== false) }),
  },
  [DISCOVER_FEATURES_PIURI]: {
    queries: ({ headers, args }) => ({ message: buildQueries((args['queries'] as never) ?? [{ 'feature-type': 'protocol', match: '*' }], headers) }),
  },
  [BASICMESSAGE_PIURI]: {
    message: ({ headers, args }) => ({ message: buildBasicMessage(str(args['content']) ?? 'hello', headers) }),
  },
  [REPORT_PROBLEM_PIURI]: {
    'problem-report': ({ headers, args }) => ({ message: buildProblemReport(str(args['code']) ?? 'e.p.msg', undefined, [], headers) }),
  },
  [EMPTY_PIURI]: {
    empty: ({ headers }) => ({ message: buildEmpty(headers) }),
    rotate: async ({ headers, from, args, agent }) => {
      // DID rotation (ROT-001..003): a fresh DID, and an empty message from it carrying from_prior.
      if (!from) throw new TypeError('rotate needs "from" (the DID to rotate away from)');
      const rotated = await (await agent()).rotate(from, (str(args['transport']) as AgentTransport | undefined) ?? 'http');
      return { message: buildEmpty({ ...headers, from: rotated.did }), output: { did: rotated.did } };
    },
  },
  [OUT_OF_BAND_PIURI]: {
    invitation: ({ from, args }) => {
      if (!from) throw new TypeError('an invitation needs "from"');
      const invitation = buildInvitation(from, { goal_code: str(args['goal_code']) ?? 'conformance.test', goal: 'conformance test' });
      return { output: { invitation, url: invitationUrl(invitation, str(args['base']) ?? 'https://example.org/oob') } };
    },
    accept: ({ from, args }) => {
      const invitation = parseInvitationUrl(String(args['url']));
      if (!from || !invitation.from) throw new TypeError('accepting needs "from" and an invitation with "from"');
      // PROTO-OOB-002: the reply's pthid is the invitation id.
      return { message: buildPing({ from, to: [invitation.from], pthid: invitation.id }), to: invitation.from, output: { invitation } };
    },
  },
};
