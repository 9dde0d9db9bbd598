/**
 * The live half of the reference adapter: `send`, `received` and `protocol` over the reference agent
 * (src/agent) running inside the adapter process on 127.0.0.1. `createIdentity` with `endpoint`
 * `self:http` or `self:ws` gives the identity this agent's own endpoint (docs/live-suites.md).
 * @module
 */
import { ReferenceAgent, type AgentKeys } from '../../src/agent/agent.js';
import type { AgentTransport } from '../../src/agent/inbox.js';
import type { AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { buildPing, TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { buildQueries, DISCOVER_FEATURES_PIURI } from '../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { buildBasicMessage, BASICMESSAGE_PIURI } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { buildProblemReport, REPORT_PROBLEM_PIURI } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { buildEmpty, EMPTY_PIURI } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import { buildInvitation, invitationUrl, parseInvitationUrl, OUT_OF_BAND_PIURI } from '../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { buildDeliveryRequest, buildMessagesReceived, buildStatusRequest, PICKUP_PIURI } from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { buildMediateRequest, buildRecipientUpdate, COORDINATE_MEDIATION_PIURI } from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';

/** The protocols the live agent speaks, as `describe` claims them. */
export const LIVE_PROTOCOLS = [
  TRUST_PING_PIURI, DISCOVER_FEATURES_PIURI, BASICMESSAGE_PIURI, REPORT_PROBLEM_PIURI, EMPTY_PIURI, OUT_OF_BAND_PIURI,
  'https://didcomm.org/routing/2.0', PICKUP_PIURI, COORDINATE_MEDIATION_PIURI,
];

type Args = Record<string, unknown>;
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Adds send/received/protocol and `self:` endpoints to `handlers`; `keys` is the adapter's current key context. */
export function withLiveHandlers(handlers: AdapterHandlers, keys: () => AgentKeys): AdapterHandlers {
  let started: Promise<ReferenceAgent> | undefined;
  const agent = () => (started ??= ReferenceAgent.start({ mediator: true, keys }));
  const send = async (message: PlaintextMessage, to: string, args: Args = {}) => {
    const live = await agent();
    const transport = str(args['transport']) as AgentTransport | undefined;
    return live.send(message, { to, ...(transport ? { transport } : {}), ...(args['return_route'] === 'all' && transport === 'ws' ? { expectReplies: 1 } : {}) });
  };
  const headers = (from: string | undefined, to: string | undefined, args: Args) => ({
    ...(from ? { from } : {}), ...(to ? { to: [to] } : {}),
    ...(str(args['thid']) ? { thid: str(args['thid']) } : {}), ...(str(args['pthid']) ? { pthid: str(args['pthid']) } : {}),
    ...(typeof args['return_route'] === 'string' ? { return_route: args['return_route'] } : {}),
    ...(Array.isArray(args['please_ack']) ? { please_ack: args['please_ack'] } : {}),
  });

  const build = async (piuri: string, action: string, from: string | undefined, to: string | undefined, args: Args): Promise<{ message?: PlaintextMessage; to?: string; output?: Args }> => {
    const h = headers(from, to, args);
    switch (`${piuri} ${action}`) {
      case `${TRUST_PING_PIURI} ping`: return { message: buildPing(h, args['response_requested'] !== false) };
      case `${DISCOVER_FEATURES_PIURI} queries`: return { message: buildQueries((args['queries'] as never) ?? [{ 'feature-type': 'protocol', match: '*' }], h) };
      case `${BASICMESSAGE_PIURI} message`: return { message: buildBasicMessage(str(args['content']) ?? 'hello', h) };
      case `${REPORT_PROBLEM_PIURI} problem-report`: return { message: buildProblemReport(str(args['code']) ?? 'e.p.msg', undefined, [], h) };
      case `${EMPTY_PIURI} empty`: return { message: buildEmpty(h) };
      case `${EMPTY_PIURI} rotate`: {
        // DID rotation (ROT-001..003): a fresh DID, and an empty message from it carrying from_prior.
        if (!from) throw new TypeError('rotate needs "from" (the DID to rotate away from)');
        const rotated = await (await agent()).rotate(from, (str(args['transport']) as AgentTransport | undefined) ?? 'http');
        return { message: buildEmpty({ ...h, from: rotated.did }), output: { did: rotated.did } };
      }
      case `${OUT_OF_BAND_PIURI} invitation`: {
        if (!from) throw new TypeError('an invitation needs "from"');
        const invitation = buildInvitation(from, { goal_code: str(args['goal_code']) ?? 'conformance.test', goal: 'conformance test' });
        return { output: { invitation, url: invitationUrl(invitation, str(args['base']) ?? 'https://example.org/oob') } };
      }
      case `${OUT_OF_BAND_PIURI} accept`: {
        const invitation = parseInvitationUrl(String(args['url']));
        if (!from || !invitation.from) throw new TypeError('accepting needs "from" and an invitation with "from"');
        // PROTO-OOB-002: the reply's pthid is the invitation id.
        return { message: buildPing({ from, to: [invitation.from], pthid: invitation.id }), to: invitation.from, output: { invitation } };
      }
      case `${COORDINATE_MEDIATION_PIURI} mediate-request`: return { message: buildMediateRequest(h) };
      case `${COORDINATE_MEDIATION_PIURI} recipient-update`: return { message: buildRecipientUpdate(h, (args['updates'] as never) ?? []) };
      case `${PICKUP_PIURI} status-request`: return { message: buildStatusRequest(h, str(args['recipient_did'])) };
      case `${PICKUP_PIURI} delivery-request`: return { message: buildDeliveryRequest(h, Number(args['limit'] ?? 10), str(args['recipient_did'])) };
      case `${PICKUP_PIURI} messages-received`: return { message: buildMessagesReceived(h, (args['message_id_list'] as string[]) ?? []) };
      default: throw Object.assign(new Error(`unsupported protocol action ${action} of ${piuri}`), { code: -32601 });
    }
  };

  return {
    ...handlers,
    describe: async () => {
      const described = await handlers.describe();
      const { capabilities } = described;
      return {
        ...described,
        capabilities: {
          ...capabilities,
          protocols: [...new Set([...capabilities.protocols, ...LIVE_PROTOCOLS])],
          transports: ['http', 'ws'],
          roles: [...new Set([...capabilities.roles, 'mediator' as const])],
        },
      };
    },
    reset: async () => {
      const result = (await handlers.reset?.({})) ?? {};
      if (started) {
        const live = await started;
        live.inbox.clear();
        live.dids.clear();
        live.rotations.clear();
        live.pendingFromPrior.clear();
        live.mediator?.reset();
      }
      return result;
    },
    shutdown: async () => {
      if (started) await (await started).close();
      return (await handlers.shutdown?.({})) ?? {};
    },
    createIdentity: async (params) => {
      if (params.endpoint !== 'self:http' && params.endpoint !== 'self:ws') return handlers.createIdentity!(params);
      const live = await agent();
      const identity = await live.createIdentity({ transport: params.endpoint === 'self:ws' ? 'ws' : 'http', ...(params.routingKeys ? { routingKeys: params.routingKeys } : {}) });
      return { did: identity.did, didDocument: identity.didDocument as never };
    },
    send: async ({ message, to, envelope, transport }) => {
      const live = await agent();
      const result = await live.send(message as PlaintextMessage, { to, ...(envelope ? { envelope } : {}), ...(transport ? { transport } : {}) });
      return { delivered: result.status >= 200 && result.status < 300 || result.status === 101, endpoint: result.endpoint, status: result.status };
    },
    received: async ({ after }) => {
      const live = await agent();
      return {
        messages: live.inbox.after(after ?? 0).filter((r) => r.channel === 'request').map((r) => ({
          seq: r.seq, packed: r.packed, transport: r.transport, ...(r.contentType ? { contentType: r.contentType } : {}),
          ...(r.message && r.metadata ? { unpacked: { status: 'accepted' as const, message: r.message as never, metadata: r.metadata as never } } : {}),
          ...(r.error && !r.message ? { unpacked: { status: 'rejected' as const, error: { code: r.error.code, message: r.error.message, ...(r.error.requirement ? { requirement: r.error.requirement } : {}) } } } : {}),
        })),
      };
    },
    protocol: async ({ piuri, action, from, to, args }) => {
      const built = await build(piuri, action, from, to, args ?? {});
      if (!built.message) return { output: built.output ?? {} };
      const target = built.to ?? to;
      if (!target) throw new TypeError(`${action} needs "to"`);
      const result = await send(built.message, target, args ?? {});
      return {
        thid: built.message.thid ?? built.message.id,
        sent: [built.message as never],
        output: { ...(built.output ?? {}), status: result.status, endpoint: result.endpoint },
      };
    },
  };
}
