/**
 * The live half of the reference adapter: `send`, `received` and `protocol` over the reference agent
 * (src/agent) running inside the adapter process on 127.0.0.1. `createIdentity` with `endpoint`
 * `self:http` or `self:ws` gives the identity this agent's own endpoint (docs/live-suites.md).
 * @module
 */
import { ReferenceAgent, type AgentKeys, type AgentOptions } from '../../src/agent/agent.js';
import type { AgentTransport } from '../../src/agent/inbox.js';
import { Unsupported, type AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { TRUST_PING_PIURI } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { DISCOVER_FEATURES_PIURI } from '../../src/didcomm/protocols/discover-features-2.0/discover-features.js';
import { BASICMESSAGE_PIURI } from '../../src/didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { REPORT_PROBLEM_PIURI } from '../../src/didcomm/protocols/report-problem-2.0/report-problem.js';
import { EMPTY_PIURI } from '../../src/didcomm/protocols/empty-1.0/empty.js';
import { OUT_OF_BAND_PIURI } from '../../src/didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { PICKUP_PIURI } from '../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { COORDINATE_MEDIATION_PIURI } from '../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { str, type ActionArgs, type BuiltAction, type ProtocolActions } from './actions/action.js';
import { MESSAGING_ACTIONS } from './actions/messaging.js';
import { ROUTING_ACTIONS } from './actions/routing.js';

const ACTIONS: ProtocolActions = { ...MESSAGING_ACTIONS, ...ROUTING_ACTIONS };

/** The protocols the live agent speaks, as `describe` claims them. */
export const LIVE_PROTOCOLS = [
  TRUST_PING_PIURI, DISCOVER_FEATURES_PIURI, BASICMESSAGE_PIURI, REPORT_PROBLEM_PIURI, EMPTY_PIURI, OUT_OF_BAND_PIURI,
  'https://didcomm.org/routing/2.0', PICKUP_PIURI, COORDINATE_MEDIATION_PIURI,
];

type Args = ActionArgs;

/**
 * Adds send/received/protocol and `self:` endpoints to `handlers`; `keys` is the adapter's current key context.
 * `agentOptions` reach the live agent (faux adapters break its messages with `rewriteOutgoing`, its mediator or rotation state with `makeMediator`, `makeRotation`).
 */
export function withLiveHandlers(handlers: AdapterHandlers, keys: () => AgentKeys, agentOptions: Pick<AgentOptions, 'rewriteOutgoing' | 'packOutgoing' | 'makeMediator' | 'makeRotation'> = {}): AdapterHandlers {
  let started: Promise<ReferenceAgent> | undefined;
  const agent = () => (started ??= ReferenceAgent.start({ mediator: true, keys, ...agentOptions }));
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

  const build = async (piuri: string, action: string, from: string | undefined, to: string | undefined, args: ActionArgs): Promise<BuiltAction> => {
    const run = ACTIONS[piuri]?.[action];
    if (!run) throw new Unsupported(`the reference adapter has no action ${action} of ${piuri}`);
    return run({ from, to, args, headers: headers(from, to, args), agent });
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
        live.rotation.clear();
        live.mediator?.reset();
      }
      return result;
    },
    shutdown: async () => {
      if (started) await (await started).close();
      return (await handlers.shutdown?.({})) ?? {};
    },
    createIdentity: async (params) => {
      const live = await agent();
      if (params.endpoint !== 'self:http' && params.endpoint !== 'self:ws') {
        const created = await handlers.createIdentity!(params);
        // The live agent sends authcrypted from every DID the adapter holds keys for (did:key, did:peer:0 too).
        live.dids.add(created.did);
        return created;
      }
      if (params.didMethod !== 'peer:2' && params.didMethod !== 'peer:4') throw new Unsupported(`a did:${params.didMethod} carries no service; self: endpoints need peer:2 or peer:4`);
      const identity = await live.createIdentity({ transport: params.endpoint === 'self:ws' ? 'ws' : 'http', method: params.didMethod, ...(params.routingKeys ? { routingKeys: params.routingKeys } : {}) });
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
