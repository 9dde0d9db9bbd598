/**
 * DID rotation state of an agent (spec §5.3, ROT-001..009): the rotations it learned from received
 * `from_prior` JWTs (old DID -> new DID, or the end of the relationship), and the `from_prior` JWTs it
 * attaches to its own messages from a new DID until a message addressed to that DID arrives (ROT-008).
 * @module
 */
import { createFromPrior } from '../didcomm/plaintext/from-prior.js';
import type { PlaintextMessage, UnpackMetadata } from '../didcomm/types.js';
import { didOf, keyIdsFor } from '../did/document.js';
import type { DidcommDidResolver } from '../did/resolver.js';
import type { SecretStore } from '../did/secrets.js';

/** Why a received message was ignored: its sender rotated away (ROT-007) or ended the relationship (ROT-009). */
export interface RotatedAway {
  code: 'ROTATED_AWAY' | 'RELATIONSHIP_ENDED';
  message: string;
  requirement: 'ROT-007' | 'ROT-009';
}

type Keys = { resolver: DidcommDidResolver; secrets: SecretStore };

export class RotationState {
  /** Old DID -> new DID learned from received `from_prior` (ROT-006). */
  readonly rotations = new Map<string, string>();
  /** DIDs whose holders ended the relationship: a `from_prior` without `sub` (ROT-009). */
  readonly ended = new Set<string>();
  /** `from_prior` JWTs to attach, by new DID, until a message to it arrives (ROT-008). */
  readonly pendingFromPrior = new Map<string, string>();

  clear(): void {
    this.rotations.clear();
    this.ended.clear();
    this.pendingFromPrior.clear();
  }

  /**
   * Signs a `from_prior` JWT iss=`oldDid`, sub=`newDid` with an authentication key of the old DID
   * (ROT-001..003) and keeps it to attach to messages from the new DID.
   */
  async begin(keys: Keys, oldDid: string, newDid: string, iat: number): Promise<string> {
    const fromPrior = await signFromPrior(keys, oldDid, newDid, iat);
    this.pendingFromPrior.set(newDid, fromPrior);
    return fromPrior;
  }

  /**
   * Rotates `oldDid` to nothing (ROT-009): the `from_prior` JWT without `sub` that ends the relationship.
   * It goes on a message without `from`, so nothing is kept to attach.
   */
  async end(keys: Keys, oldDid: string, iat: number): Promise<string> {
    return signFromPrior(keys, oldDid, undefined, iat);
  }

  /** `message` with the pending `from_prior` of its sender, if any (ROT-008). */
  withFromPrior(message: PlaintextMessage): PlaintextMessage {
    const jwt = message.from ? this.pendingFromPrior.get(message.from) : undefined;
    return jwt && message.from_prior === undefined ? { ...message, from_prior: jwt } : message;
  }

  /** The DID a peer uses now: `did` followed through the rotations learned (ROT-006). */
  currentDid(did: string): string {
    const seen = new Set<string>();
    let current = did;
    while (this.rotations.has(current) && !seen.has(current)) {
      seen.add(current);
      current = this.rotations.get(current)!;
    }
    return current;
  }

  /**
   * Takes note of a received message: one addressed to a new DID ends its `from_prior` (ROT-008), a valid
   * `from_prior` records the rotation (ROT-006) or the end of the relationship (ROT-009), and a message
   * from a rotated-away DID or an ended relationship is to be ignored (ROT-007).
   */
  observe(message: PlaintextMessage, metadata: UnpackMetadata, ownDids: ReadonlySet<string>): RotatedAway | undefined {
    for (const did of new Set([...(message.to ?? []), ...metadata.recipientKids.map(didOf)])) {
      if (ownDids.has(did)) this.pendingFromPrior.delete(did);
    }
    const claims = metadata.fromPrior;
    if (claims?.sub && message.from === claims.sub) this.rotations.set(claims.iss, claims.sub);
    // Rotating to nothing: no `sub` and no `from` (ROT-009); a `from` with it is not an ending.
    if (claims && claims.sub === undefined && message.from === undefined) this.ended.add(claims.iss);
    if (!message.from) return undefined;
    if (this.ended.has(message.from)) return { code: 'RELATIONSHIP_ENDED', message: `${message.from} ended the relationship`, requirement: 'ROT-009' };
    const rotatedTo = this.rotations.get(message.from);
    return rotatedTo === undefined ? undefined : { code: 'ROTATED_AWAY', message: `${message.from} rotated to ${rotatedTo}`, requirement: 'ROT-007' };
  }
}

/** A `from_prior` JWT signed by an authentication key of `oldDid` (ROT-002); no `sub` ends the relationship. */
async function signFromPrior(keys: Keys, oldDid: string, newDid: string | undefined, iat: number): Promise<string> {
  const kid = keyIdsFor(await keys.resolver.resolve(oldDid), 'authentication')[0];
  const secret = kid ? keys.secrets.find(kid) : undefined;
  if (!secret) throw new TypeError(`no authentication key held for ${oldDid}`);
  return createFromPrior({ iss: oldDid, ...(newDid ? { sub: newDid } : {}), iat }, secret);
}
