/**
 * The `protocol` actions Veramo 7.0.1 can perform, each built with the message creator @veramo/did-comm
 * exports for it, packed `authcrypt` (as Veramo's own handlers pack their messages) and sent with
 * `sendDIDCommMessage`. Veramo ships no basicmessage, discover-features, report-problem, empty/ACK,
 * from_prior rotation or out-of-band support, and no creator for pickup `messages-received` (only its
 * PickupRecipientMessageHandler sends one, after a delivery): those actions are unsupported, never imitated.
 * @module
 */
import {
  createV3DeliveryRequestMessage, createV3MediateRequestMessage, createV3RecipientUpdateMessage, createV3StatusRequestMessage,
  type IDIDCommMessage, type Update,
} from '@veramo/did-comm';
import { createTrustPingMessage } from './veramo-internals.js';
import { Unsupported } from '../../src/adapter/sdk/index.js';

export const TRUST_PING = 'https://didcomm.org/trust-ping/2.0';
export const COORDINATE_MEDIATION = 'https://didcomm.org/coordinate-mediation/3.0';
export const PICKUP = 'https://didcomm.org/messagepickup/3.0';
export const ROUTING = 'https://didcomm.org/routing/2.0';

type Build = (from: string, to: string, args: Record<string, unknown>) => IDIDCommMessage;

const ACTIONS: Record<string, Record<string, Build>> = {
  [TRUST_PING]: {
    ping: (from, to) => createTrustPingMessage(from, to),
  },
  [COORDINATE_MEDIATION]: {
    'mediate-request': (from, to) => createV3MediateRequestMessage(from, to),
    'recipient-update': (from, to, args) => createV3RecipientUpdateMessage(from, to, (Array.isArray(args['updates']) ? args['updates'] : []) as Update[]),
  },
  [PICKUP]: {
    'status-request': (from, to) => createV3StatusRequestMessage(from, to),
    'delivery-request': (from, to, args) => {
      // Veramo's creator fixes body.limit at 2; the harness's limit is the caller's choice of that field.
      const message = createV3DeliveryRequestMessage(from, to);
      return typeof args['limit'] === 'number' ? { ...message, body: { ...message.body, limit: args['limit'] } } : message;
    },
  },
};

/** The plaintext Veramo builds for `action` of `piuri`. */
export function buildAction(piuri: string, action: string, from: string | undefined, to: string | undefined, args: Record<string, unknown>): IDIDCommMessage {
  const build = ACTIONS[piuri]?.[action];
  if (!build) throw new Unsupported(`Veramo 7.0.1 has no ${action} of ${piuri}`);
  if (!from || !to) throw new TypeError(`${action} needs "from" and "to"`);
  // Thread headers are the caller's (THR-002, THR-003); Veramo's creators take none, its message type has both.
  const thread = Object.fromEntries((['thid', 'pthid'] as const).filter((h) => typeof args[h] === 'string').map((h) => [h, args[h] as string]));
  return { ...build(from, to, args), ...thread };
}
