/**
 * `protocol` actions of the reference adapter as a mediation recipient: coordinate-mediation 3.0 and
 * messagepickup 3.0 requests to a mediator.
 * @module
 */
import { buildDeliveryRequest, buildMessagesReceived, buildStatusRequest, PICKUP_PIURI } from '../../../src/didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { buildMediateRequest, buildRecipientUpdate, COORDINATE_MEDIATION_PIURI } from '../../../src/didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';
import { str, type ProtocolActions } from './action.js';

export const ROUTING_ACTIONS: ProtocolActions = {
  [COORDINATE_MEDIATION_PIURI]: {
    'mediate-request': ({ headers }) => ({ message: buildMediateRequest(headers) }),
    'recipient-update': ({ headers, args }) => ({ message: buildRecipientUpdate(headers, (args['updates'] as never) ?? []) }),
  },
  [PICKUP_PIURI]: {
    'status-request': ({ headers, args }) => ({ message: buildStatusRequest(headers, str(args['recipient_did'])) }),
    'delivery-request': ({ headers, args }) => ({ message: buildDeliveryRequest(headers, Number(args['limit'] ?? 10), str(args['recipient_did'])) }),
    'messages-received': ({ headers, args }) => ({ message: buildMessagesReceived(headers, (args['message_id_list'] as string[]) ?? []) }),
  },
};
