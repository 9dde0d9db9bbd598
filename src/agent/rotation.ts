/**
 * DID rotation state of an agent (spec §5.3, ROT-001..009): the rotations it learned from received
 * `from_prior` JWTs (old DID -> new DID), and the `from_prior` JWTs it attaches to its own messages from a
 * new DID until a message addressed to that DID arrives (ROT-008).
 * @module
 */
import { createFromPrior } from '../didcomm/plaintext/from-prior.js';
import type { PlaintextMessage, UnpackMetadata } from '../didcomm/types.js';
import { didOf, keyIdsFor } from '../did/document.js';
import type { DidcommDidResolver } from '../did/resolver.js';
import type { SecretStore } from '../did/secrets.js';

/** Why a received message was ignored: its sender rotated away. */
export interface RotatedAway {
  code: 'ROTATED_AWAY';
  message: string;
  requirement: 'ROT-007';
}

export class RotationState {
  /** Old DID -> new DID learned from received `from_prior` (ROT-006). */
  readonly rotations = new Map<string, string>();
  /** `from_prior` JWTs to attach, by new DID, until a message to it arrives (ROT-008). */
  readonly pendingFromPrior = new Map<string, string>();

  clear(): void {
    this.rotations.clear();
    this.pendingFromPrior.clear();
  }

  /**
   * Signs a `from_prior` JWT iss=`oldDid`, sub=`newDid` with an authentication key of the old DID
   * (ROT-001..003) and keeps it to attach to messages from the new DID.
   */
  async begin(keys: { resolver: DidcommDidResolver; secrets: SecretStore }, oldDid: string, newDid: string, iat: number): Promise<string> {
    const kid = keyIdsFor(await keys.resolver.resolve(oldDid), 'authentication')[0];
    const secret = kid ? keys.secrets.find(kid) : undefined;
    if (!secret) throw new TypeError(`no authentication key held for ${oldDid}`);
    const fromPrior = createFromPrior({ iss: oldDid, sub: newDid, iat }, secret);
    this.pendingFromPrior.set(newDid, fromPrior);
    return fromPrior;
  }

  /** `message` with the pending `from_prior` of its sender, if any (ROT-008). */
  withFromPrior(message: PlaintextMessage): PlaintextMessage {
    const jwt = message.from ? this.pendingFromPrior.get(message.from) : undefined;
    return jwt && message.from_prior === undefined ? { ...message, from_prior: jwt } : message;
  }

  /**
   * Takes note of a received message: one addressed to a new DID ends its `from_prior` (ROT-008), a valid
   * `from_prior` records the rotation (ROT-006), and a message from a rotated-away DID is to be ignored (ROT-007).
   */
  observe(message: PlaintextMessage, metadata: UnpackMetadata, ownDids: ReadonlySet<string>): RotatedAway | undefined {
    const ours = [...(message.to ?? []), ...metadata.recipientKids.map(didOf)].find((did) => ownDids.has(did));
    if (ours) this.pendingFromPrior.delete(ours);
    if (metadata.fromPrior?.sub && message.from === metadata.fromPrior.sub) this.rotations.set(metadata.fromPrior.iss, metadata.fromPrior.sub);
    const rotatedTo = message.from ? this.rotations.get(message.from) : undefined;
    return rotatedTo === undefined ? undefined : { code: 'ROTATED_AWAY', message: `${message.from} rotated to ${rotatedTo}`, requirement: 'ROT-007' };
  }
}
