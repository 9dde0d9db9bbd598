/**
 * Choosing keys to encrypt with: the recipient's `keyAgreement` keys of one curve (ENC-JWE-002,
 * ENC-JWE-005), all of one DID (ENC-JWE-001), and the sender's key on the same curve (ENC-AUTH-009).
 * @module
 */
import { curveOfJwk, isKeyAgreementCurve } from '../../crypto/curves.js';
import { didOf, keyIdsFor, keyResolverFor, resolveKeyIn, type DidDocument, type ResolvedKey } from '../../did/document.js';
import type { Secret } from '../../did/secrets.js';
import { DidcommError } from '../../errors/didcomm-error.js';
import type { KeyAgreementCurve, KeyContext } from '../types.js';

export interface RecipientKeys {
  curve: KeyAgreementCurve;
  keys: ResolvedKey[];
}

function packError(message: string, requirement: 'ENC-JWE-001' | 'ENC-JWE-002' | 'ENC-JWE-006' | 'ENC-AUTH-009' | 'ENV-PLAIN-008'): DidcommError {
  return new DidcommError('ERR_PACK_ARGUMENT', message, { requirement });
}

/** The key agreement keys named by `to` (one DID, or key ids of one DID), as resolved keys with curves. */
export async function candidateRecipientKeys(to: readonly string[], ctx: KeyContext): Promise<ResolvedKey[]> {
  if (to.length === 0) throw packError('no recipient was given', 'ENC-JWE-006');
  const dids = new Set(to.map(didOf));
  if (dids.size !== 1) throw packError(`recipients span ${dids.size} DIDs; pack once per recipient DID`, 'ENC-JWE-001');
  const doc = await ctx.resolver.resolve([...dids][0]!);
  const named = to.some((entry) => entry.includes('#'));
  const { keys, unreadable } = readAgreementKeys(doc, named ? to : keyIdsFor(doc, 'keyAgreement'));
  // A DID names all its keyAgreement keys; one that cannot be read is skipped, a named kid must work.
  if (named && unreadable.length > 0) throw unreadable[0];
  return keys.filter((key) => isKeyAgreementCurve(curveOfJwk(key.publicJwk)));
}

/** Each of `kids` read as a keyAgreement key of `doc`: the keys, and the error of each that cannot be read. */
function readAgreementKeys(doc: DidDocument, kids: readonly string[]): { keys: ResolvedKey[]; unreadable: Error[] } {
  const resolveAgreementKey = keyResolverFor(doc, 'keyAgreement');
  const keys: ResolvedKey[] = [];
  const unreadable: Error[] = [];
  for (const kid of kids) {
    try {
      keys.push(resolveAgreementKey(kid));
    } catch (error) {
      unreadable.push(error as Error);
    }
  }
  return { keys, unreadable };
}

/**
 * The recipient keys on `curve`, or on the curve of the first usable key when no curve is asked for;
 * `candidates` are `candidateRecipientKeys(to)` when the caller has them already.
 */
export async function resolveRecipientKeys(to: readonly string[], curve: KeyAgreementCurve | undefined, ctx: KeyContext, candidates?: ResolvedKey[]): Promise<RecipientKeys> {
  const keys = candidates ?? await candidateRecipientKeys(to, ctx);
  const chosen = curve ?? (curveOfJwk(keys[0]?.publicJwk ?? {}) as KeyAgreementCurve | undefined);
  const onCurve = keys.filter((key) => curveOfJwk(key.publicJwk) === chosen);
  if (!chosen || onCurve.length === 0) {
    const unreadable = await unreadableAgreementKeys(to, ctx);
    throw packError(`${to.join(', ')} has no usable keyAgreement key on ${curve ?? 'a key agreement curve'}${unreadable.length > 0 ? ` (skipped, unreadable: ${unreadable.join('; ')})` : ''}`, 'ENC-JWE-002');
  }
  if (to.some((entry) => entry.includes('#')) && onCurve.length !== keys.length) {
    throw packError('the named recipient keys are on different curves; one JWE serves one curve', 'ENC-JWE-002');
  }
  return { curve: chosen, keys: onCurve };
}

/**
 * The keyAgreement keys of the recipient DID that `candidateRecipientKeys` skips because they cannot be read (a
 * malformed JWK, say), each with why: only for the message of a pack that found no key, so the sender learns that
 * the DID has a key on the curve but a broken one, not that it has none.
 */
async function unreadableAgreementKeys(to: readonly string[], ctx: KeyContext): Promise<string[]> {
  if (to.some((entry) => entry.includes('#'))) return [];
  const doc = await ctx.resolver.resolve(didOf(to[0]!));
  return readAgreementKeys(doc, keyIdsFor(doc, 'keyAgreement')).unreadable.map((error) => error.message);
}

export interface SenderKey {
  kid: string;
  secret: Secret;
  curve: KeyAgreementCurve;
}

/**
 * The authcrypt sender key: `from` as a key id, or the first held `keyAgreement` key of the `from` DID whose
 * curve the recipient also has (or `curve`). It must be a keyAgreement key of its DID (ENV-PLAIN-008).
 */
export async function resolveSenderKey(from: string, recipientCurves: readonly KeyAgreementCurve[], ctx: KeyContext): Promise<SenderKey> {
  const doc = await ctx.resolver.resolve(didOf(from));
  const kids = from.includes('#') ? [from] : keyIdsFor(doc, 'keyAgreement');
  for (const kid of kids) {
    const secret = ctx.secrets.find(kid);
    if (!secret) continue;
    const curve = curveOfJwk(secret.privateJwk);
    if (!isKeyAgreementCurve(curve) || !recipientCurves.includes(curve)) continue;
    if (from.includes('#')) resolveKeyIn(doc, kid, 'keyAgreement');
    return { kid, secret, curve };
  }
  throw packError(`no held keyAgreement key of ${from} shares a curve with the recipient (${recipientCurves.join(', ')})`, 'ENC-AUTH-009');
}
