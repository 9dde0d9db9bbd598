/**
 * Why an agent refused a valid JWS. Three things vary between JWS a receiver must verify: the algorithm
 * (ENV-SIGN-001), the serialization, General or Flattened (ENV-SIGN-004: receivers MUST process both), and
 * where the `kid` sits, protected or unprotected header — which the spec leaves open (AMB-06: its example puts
 * it in the protected header, its vectors in the unprotected one). Before judging a refusal the reference signs
 * the same message again as a General JWS with `kid` in each header in turn (never both: RFC 7515 wants the
 * headers disjoint), then likewise Flattened if the refused one was: the first form the agent refuses in every
 * `kid` location names the rule. A refusal that only the `kid` location explains is a warning.
 * @module
 */
import { packMessage } from '../../src/index.js';
import type { KeyContext, PlaintextMessage } from '../../src/index.js';
import { check, type CaseContext } from '../../src/runner/case.js';

/** The refused JWS, as the reference made it or as a vector holds it. */
export interface RefusedJws {
  message: PlaintextMessage;
  /** The key id that signed it. */
  signBy: string;
  serialization: 'general' | 'flattened';
  /** The reference's keys: it holds the signer's secrets. */
  keys: KeyContext;
  /** What the agent said. */
  refusal: string;
}

async function acceptsSome(ctx: CaseContext, jws: RefusedJws, serialization: 'general' | 'flattened'): Promise<boolean> {
  for (const kidIn of ['protected', 'unprotected'] as const) {
    const { packed } = await packMessage(jws.message as never, { mode: 'signed', signBy: jws.signBy, jws: { serialization, kidIn } }, jws.keys);
    if ((await ctx.call('unpack', { packed })).status === 'accepted') return true;
  }
  return false;
}

/** Ends the case under the rule the refusal breaks (failed), or warns when only the `kid` location explains it. */
export async function judgeJwsRefusal(ctx: CaseContext, jws: RefusedJws): Promise<never> {
  check(await acceptsSome(ctx, jws, 'general'), 'ENV-SIGN-001', `the agent refused a valid JWS (${jws.refusal}) and refuses the same message signed again as a General JWS with "kid" in either header: it does not verify this algorithm`);
  if (jws.serialization === 'flattened') {
    check(await acceptsSome(ctx, jws, 'flattened'), 'ENV-SIGN-004', `the agent verifies the General JWS but refuses the Flattened one with "kid" in either header (${jws.refusal}): receivers MUST process both forms`);
  }
  check(false, 'ENV-SIGN-004', `the agent refused the JWS (${jws.refusal}) but accepts the same message with "kid" in the other header: it reads "kid" from one header only (AMB-06, the spec leaves the location open)`, { strength: 'should' });
  throw new Error('unreachable');
}
