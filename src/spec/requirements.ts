/**
 * The requirement registry: every normative statement of DIDComm Messaging v2.1 (and the didcomm.org
 * protocols) with its stable ID from `DIGEST.md`. A requirement ID that is not in the registry is a type error.
 * @module
 */
import { REQUIREMENTS } from './requirements.generated.js';

export { REQUIREMENTS };
export type { RequirementActor, RequirementLevel } from './digest-parser.js';

/** A requirement ID of the digest, e.g. `ENC-AUTH-004`. */
export type RequirementId = keyof typeof REQUIREMENTS;
export type Requirement = (typeof REQUIREMENTS)[RequirementId];

/** True when `id` names a requirement of the registry (for IDs read from files or adapters). */
export function isRequirementId(id: string): id is RequirementId {
  return Object.hasOwn(REQUIREMENTS, id);
}

/** The registry entry for `id`. */
export function requirement(id: RequirementId): Requirement {
  return REQUIREMENTS[id];
}
