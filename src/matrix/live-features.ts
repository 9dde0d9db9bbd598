/**
 * The live columns of the interop matrix: real agent-to-agent exchanges between two adapter processes over
 * loopback HTTP or WebSocket, each side on its own endpoint (`createIdentity` with `self:http`/`self:ws`).
 * A pair can try a live feature when both adapters claim its transport and its protocol in `describe`.
 * @module
 */
import type { Capabilities, TransportKind } from '../adapter/protocol/v1/types.generated.js';
import type { RequirementId } from '../spec/requirements.js';
import { TRUST_PING_PIURI } from '../didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { BASICMESSAGE_PIURI } from '../didcomm/protocols/basicmessage-2.0/basicmessage.js';

/**
 * What a live cell runs: A (the sender) starts `action` of `piuri` towards B (the receiver), or, for
 * `deliver`, no protocol at all: A's `send` packs a message for B's DID and delivers it to B's endpoint
 * (for agents with a transport but no protocols, like didcomm-node with its adapter's HTTP).
 */
export type LiveExchangeKind = 'trust-ping' | 'basicmessage' | 'deliver';

/** One live column. */
export interface LiveFeature {
  /** Stable ID: `live.trust-ping.http`. */
  id: string;
  exchange: LiveExchangeKind;
  transport: TransportKind;
  /** The protocol both must claim; none for `deliver`. */
  piuri?: string;
  action?: string;
  /** What the evidence cites. */
  requirements: RequirementId[];
}

/** What a transport's cells check: arrival over it, and for HTTP the Content-Type of what arrived. */
const TRANSPORT_REQUIREMENTS: Record<TransportKind, RequirementId[]> = { http: ['TRANS-001', 'TRANS-002'], ws: ['TRANS-006'] };
/** A delivery also checks, over HTTP, that the receiver answered the POST it took with a 2xx (as the sender reports it). */
const DELIVERY_REQUIREMENTS: Record<TransportKind, RequirementId[]> = { http: ['TRANS-001', 'TRANS-002', 'TRANS-003'], ws: ['TRANS-006'] };

/** Every live feature, in column order. */
export const LIVE_FEATURES: LiveFeature[] = [
  ...(['http', 'ws'] as const).map((transport): LiveFeature => ({
    id: `live.trust-ping.${transport}`, exchange: 'trust-ping', transport, piuri: TRUST_PING_PIURI, action: 'ping',
    requirements: ['PROTO-PING-001', 'PROTO-PING-002', ...TRANSPORT_REQUIREMENTS[transport]],
  })),
  {
    id: 'live.basicmessage.http', exchange: 'basicmessage', transport: 'http', piuri: BASICMESSAGE_PIURI, action: 'message',
    requirements: ['PROTO-BM-001', ...TRANSPORT_REQUIREMENTS.http],
  },
  ...(['http', 'ws'] as const).map((transport): LiveFeature => ({
    id: `live.deliver.${transport}`, exchange: 'deliver', transport, requirements: DELIVERY_REQUIREMENTS[transport],
  })),
];

/** The claims `feature` needs that `capabilities` lack for playing `role` (empty when it can be tried). */
export function missingLiveClaims(capabilities: Capabilities, feature: LiveFeature, role: 'sender' | 'receiver'): string[] {
  return [
    ...(capabilities.roles.includes(role) ? [] : [`role ${role}`]),
    ...(capabilities.transports.includes(feature.transport) ? [] : [`transport ${feature.transport}`]),
    ...(feature.piuri === undefined || capabilities.protocols.includes(feature.piuri) ? [] : [`protocol ${feature.piuri}`]),
  ];
}
