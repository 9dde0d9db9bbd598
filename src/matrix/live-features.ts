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

/** What a live cell runs: A (the sender) starts `action` of `piuri` towards B (the receiver). */
export type LiveExchangeKind = 'trust-ping' | 'basicmessage';

/** One live column. */
export interface LiveFeature {
  /** Stable ID: `live.trust-ping.http`. */
  id: string;
  exchange: LiveExchangeKind;
  transport: TransportKind;
  piuri: string;
  action: string;
  /** What the evidence cites. */
  requirements: RequirementId[];
}

/** What a transport's cells check: arrival over it, and for HTTP the Content-Type of what arrived. */
const TRANSPORT_REQUIREMENTS: Record<TransportKind, RequirementId[]> = { http: ['TRANS-001', 'TRANS-002'], ws: ['TRANS-006'] };

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
];

/** The claims `feature` needs that `capabilities` lack for playing `role` (empty when it can be tried). */
export function missingLiveClaims(capabilities: Capabilities, feature: LiveFeature, role: 'sender' | 'receiver'): string[] {
  return [
    ...(capabilities.roles.includes(role) ? [] : [`role ${role}`]),
    ...(capabilities.transports.includes(feature.transport) ? [] : [`transport ${feature.transport}`]),
    ...(capabilities.protocols.includes(feature.piuri) ? [] : [`protocol ${feature.piuri}`]),
  ];
}
