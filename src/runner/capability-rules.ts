/**
 * Which capabilities the spec requires, and under which rule: a required capability the agent lacks is one
 * finding under its capability rule (ENC-ALG-001 for a key-agreement curve, ENV-SIGN-001 for a signature
 * algorithm a receiver must verify, ...), shared as the root cause of every case that needed it. Anything
 * else an adapter does not claim is optional or not drivable here: the case is skipped, never failed.
 * @module
 */
import type { Role } from '../adapter/protocol/v1/types.generated.js';
import type { RequirementId } from '../spec/requirements.js';
import type { MissingCapability } from './applicability.js';
import type { RootCause } from './checks.js';

/** Key-agreement curves every implementation MUST support (ENC-ALG-001; P-521 is optional). */
const REQUIRED_CURVES: ReadonlySet<string> = new Set(['X25519', 'P-256', 'P-384']);
/** Signature algorithms a receiver MUST verify (ENV-SIGN-001). */
const VERIFIED_SIGNATURES: ReadonlySet<string> = new Set(['EdDSA', 'ES256', 'ES256K']);

/**
 * The rule that requires `item` of an agent playing `role`, or undefined when nothing requires it here. A role
 * the adapter cannot play is never a finding (the harness cannot drive it); neither is plaintext, a DID method,
 * a protocol or a transport (optional, or certified by their own profiles).
 */
export function requiringRule(item: MissingCapability, role: Role): RequirementId | undefined {
  switch (item.kind) {
    case 'envelope':
      // A receiver MUST verify JWS (ENV-SIGN-001) and a sender MUST be able to sign with one algorithm (ENV-SIGN-002).
      // Both encryption modes are required of everyone: anoncrypt's key wrapping (ENC-ALG-003), authcrypt's
      // ECDH-1PU draft 4 (ENC-AUTH-001).
      if (item.envelope === 'anoncrypt') return 'ENC-ALG-003';
      if (item.envelope === 'authcrypt') return 'ENC-AUTH-001';
      if (item.envelope === 'signed') return role === 'sender' ? 'ENV-SIGN-002' : 'ENV-SIGN-001';
      return undefined;
    case 'algorithm':
      if (item.algorithm === 'ECDH-ES+A256KW' || item.algorithm === 'ECDH-1PU+A256KW') {
        if (!REQUIRED_CURVES.has(item.curve)) return undefined;
        if (!item.curveClaimed) return 'ENC-ALG-001';
        return item.algorithm === 'ECDH-1PU+A256KW' ? 'ENC-AUTH-001' : 'ENC-ALG-003';
      }
      if (item.algorithm === 'A256CBC-HS512') return REQUIRED_CURVES.has(item.curve) ? 'ENC-ALG-002' : undefined;
      // A sender needs only one signature algorithm (ENV-SIGN-002): lacking a second one is no finding.
      if (VERIFIED_SIGNATURES.has(item.algorithm)) return role === 'receiver' ? 'ENV-SIGN-001' : undefined;
      return undefined;
    default:
      return undefined;
  }
}

/** The root cause shared by every case that needs `item`, when a rule requires it. */
export function capabilityRootCause(item: MissingCapability, role: Role): RootCause | undefined {
  const requirement = requiringRule(item, role);
  if (!requirement) return undefined;
  const direction = role === 'sender' ? 'produce' : role === 'receiver' ? 'unpack' : 'handle';
  // The summary is the grouping key of reports: the same wording as the wire attribution (src/runner/silence.ts).
  const what = item.kind === 'algorithm' && requirement === 'ENC-ALG-001' ? `key agreement on ${item.curve}`
    : item.kind === 'envelope' ? item.envelope : item.text;
  return { requirement, summary: `the agent cannot ${direction} ${what}` };
}
