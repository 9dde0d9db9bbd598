/**
 * Duties that bind only an agent that processes an optional element. §5.3: "the recipient SHOULD check for
 * existence of the `from_prior` header" of a message from an unknown DID; "The indicated key MUST be authorized
 * in the DID Document of the prior DID (`iss`)" binds the verification a receiver that processes `from_prior`
 * makes (ROT-005, read `SHOULD R / MUST R`, src/spec/verdict-rule.ts LEVEL_READINGS). A library without rotation
 * support hands `from_prior` back unread: accepting a bad rotation then breaks no MUST, and the SHOULD is about
 * unknown senders (the vectors' sender is a party the agent holds), so nothing is judged: the case is skipped.
 * Whether the agent processes it shows in its unpack of the valid control: the rotation reported in the
 * metadata (`fromPrior` claims or `fromPriorIssuerKid`, docs/adapter-protocol.md).
 * @module
 */
import { Inconclusive } from '../../src/runner/case.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import type { UnpackMetadata } from '../../src/adapter/protocol/v1/types.generated.js';

/** For each such duty: what the element is, and whether an unpack's metadata shows the agent processed it. */
const DUTIES: Partial<Record<RequirementId, { element: string; processed: (metadata: UnpackMetadata) => boolean }>> = {
  'ROT-005': { element: 'from_prior', processed: (metadata) => metadata['fromPrior'] !== undefined || metadata['fromPriorIssuerKid'] !== undefined },
};

/**
 * After the agent accepted a negative of `requirement`: skips the case when the valid control's metadata shows
 * the agent does not process the element the duty is about.
 */
export function unlessProcessed(requirement: RequirementId, control: UnpackMetadata | undefined): void {
  const duty = DUTIES[requirement];
  if (!duty || !control || duty.processed(control)) return;
  throw new Inconclusive(`the agent accepted it, but its unpack of the valid base reports no ${duty.element} (neither fromPrior nor fromPriorIssuerKid in its metadata): it hands ${duty.element} back unread, and ${requirement}'s MUST binds a receiver that processes it (§5.3: checking it is a SHOULD, for messages from unknown DIDs), so nothing is judged`);
}
