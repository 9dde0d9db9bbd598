/**
 * What the reference agent discloses through discover-features (PROTO-DF-004): the protocols it speaks,
 * with the roles it plays in each (the mediator roles only when it mediates), and the `return_route`
 * header.
 * @module
 */
import type { Feature } from '../didcomm/protocols/discover-features-2.0/discover-features.js';
import { TRUST_PING_PIURI } from '../didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { DISCOVER_FEATURES_PIURI } from '../didcomm/protocols/discover-features-2.0/discover-features.js';
import { BASICMESSAGE_PIURI } from '../didcomm/protocols/basicmessage-2.0/basicmessage.js';
import { REPORT_PROBLEM_PIURI } from '../didcomm/protocols/report-problem-2.0/report-problem.js';
import { EMPTY_PIURI } from '../didcomm/protocols/empty-1.0/empty.js';
import { OUT_OF_BAND_PIURI } from '../didcomm/protocols/out-of-band-2.0/out-of-band.js';
import { PICKUP_PIURI } from '../didcomm/protocols/messagepickup-3.0/messagepickup.js';
import { COORDINATE_MEDIATION_PIURI } from '../didcomm/protocols/coordinate-mediation-3.0/coordinate-mediation.js';

/** The protocols the agent discloses (PROTO-DF-004), with the roles it plays. */
export function agentFeatures(mediator: boolean): Feature[] {
  const protocol = (id: string, roles: string[]): Feature => ({ 'feature-type': 'protocol', id, roles });
  return [
    protocol(TRUST_PING_PIURI, ['sender', 'receiver']),
    protocol(DISCOVER_FEATURES_PIURI, ['requester', 'responder']),
    protocol(BASICMESSAGE_PIURI, ['sender', 'receiver']),
    protocol(REPORT_PROBLEM_PIURI, ['notifier', 'notified']),
    protocol(EMPTY_PIURI, ['sender', 'receiver']),
    protocol(OUT_OF_BAND_PIURI, ['sender', 'receiver']),
    protocol('https://didcomm.org/routing/2.0', mediator ? ['sender', 'mediator', 'recipient'] : ['sender', 'recipient']),
    protocol(PICKUP_PIURI, mediator ? ['mediator', 'recipient'] : ['recipient']),
    protocol(COORDINATE_MEDIATION_PIURI, mediator ? ['mediator', 'recipient'] : ['recipient']),
    { 'feature-type': 'header', id: 'return_route' },
  ];
}
