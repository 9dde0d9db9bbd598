/**
 * `protocol` actions of the reference adapter as a mediation recipient: coordinate-mediation 3.0 and
 * messagepickup 3.0 requests to a mediator. `routed-identity` gives a new DID whose endpoint is the
 * routing DID the mediator granted. `live-delivery-change` opens (or reuses) a WebSocket to the
 * mediator and keeps it, so the mediator can push on it (PROTO-PICKUP-009).
 * @module
 */
import {
  buildDeliveryRequest, buildLiveDeliveryChange, buildMessagesReceived, buildStatusRequest, PICKUP_PIURI,
} from '../../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import {
  buildMediateRequest, buildRecipientQuery, buildRecipientUpdate, COORDINATE_MEDIATION_PIURI, type Paginate,
} from '../../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { str, type ProtocolActions } from './action.js';

export const ROUTING_ACTIONS: ProtocolActions = {
  [COORDINATE_MEDIATION_PIURI]: {
    'mediate-request': ({ headers }) => ({ message: buildMediateRequest(headers) }),
    'recipient-update': ({ headers, args }) => ({ message: buildRecipientUpdate(headers, (args['updates'] as never) ?? []) }),
    'recipient-query': ({ headers, args }) => ({ message: buildRecipientQuery(headers, args['paginate'] as Paginate | undefined) }),
    'routed-identity': async ({ to, agent }) => {
      // PROTO-MED-002: the routing DID the mediator `to` granted (array or string) becomes the new DID's endpoint (ROUTE-011).
      const live = await agent();
      const routingDid = to ? live.routingDids.get(to) : undefined;
      if (!routingDid) throw new TypeError(`no mediation granted by ${String(to)}: send mediate-request first`);
      const identity = await live.createIdentity({ endpoint: routingDid });
      return { output: { did: identity.did, routing_did: routingDid } };
    },
  },
  [PICKUP_PIURI]: {
    'status-request': ({ headers, args }) => ({ message: buildStatusRequest(headers, str(args['recipient_did'])) }),
    'delivery-request': ({ headers, args }) => ({ message: buildDeliveryRequest(headers, Number(args['limit'] ?? 10), str(args['recipient_did'])) }),
    'messages-received': ({ headers, args }) => ({ message: buildMessagesReceived(headers, (args['message_id_list'] as string[]) ?? []) }),
    'live-delivery-change': async ({ from, to, args, agent }) => {
      if (!from || !to) throw new TypeError('live-delivery-change needs "from" and "to" (the mediator DID, with a WebSocket endpoint)');
      const live = await agent();
      const connection = [...live.connections].find((c) => c.did === to && c.open) ?? await live.connect(to);
      const message = buildLiveDeliveryChange({ from, to: [to] }, args['live_delivery'] !== false);
      await connection.send(message);
      return { output: { thid: message.id, transport: 'ws' } };
    },
  },
};
