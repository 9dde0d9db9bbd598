/**
 * Envelope cells between identities the adapters create, for pairs the spec's vector parties cannot serve:
 * a side that cannot hold them (no `importIdentity`: an agent whose keys live in its own store, like
 * Identus's), or a feature they have no key for (the vector sender has no P-384 keyAgreement key). Each side
 * creates a did:peer:2 with the key the feature needs (`createIdentity` with `keyAgreement`/`authentication`
 * on the feature's curve) and learns the other's document (`registerDidDocument`; an agent answering
 * -32601 resolves did:peer:2 itself). The sender packs for the receiver's DID, or, when it has no `pack`,
 * `send`s to it: the receiver's DID names a path of the harness's capture endpoint (capture-endpoint.ts),
 * whose bytes go to the receiver's `unpack` as `pack`'s would. A side that cannot create such an identity
 * makes the cell `n/a` with its reason.
 * @module
 */
import type { AdapterSession } from '../adapter/session.js';
import type { CreateIdentityResult, Curve, PlaintextMessage } from '../adapter/protocol/v1/types.generated.js';
import { keyIdsFor, verificationMethods, type DidDocument } from '../did/document.js';
import { publicJwkOfVerificationMethod } from '../did/key-formats.js';
import { isAdapterError } from '../errors/adapter-error.js';
import type { CaptureEndpoint } from './capture-endpoint.js';
import { packOn, packParams, type Addressing, type Produced } from './envelope-exchange.js';
import type { Feature } from './features.js';

type Keys = { keyAgreement?: Curve; authentication?: Curve };

/** The keys one side's identity needs for `feature`: the curve's keyAgreement to encrypt, its authentication to sign. */
export function keysFor(feature: Feature, role: 'sender' | 'receiver'): Keys {
  if (feature.envelope === 'signed') return role === 'sender' ? { authentication: feature.curve! } : {};
  if (feature.envelope === 'anoncrypt') return role === 'receiver' ? { keyAgreement: feature.curve! } : {};
  if (feature.envelope === 'authcrypt') return { keyAgreement: feature.curve! };
  return {};
}

/** A side cannot create the identity a cell needs: the cell is n/a with this reason. */
export class CannotCreate extends Error {
  override readonly name = 'CannotCreate';
}

/** The absolute id of the first key of `document` on `curve` listed under `purpose`, if any. */
export function keyOnCurve(document: CreateIdentityResult['didDocument'], purpose: 'keyAgreement' | 'authentication', curve: Curve): string | undefined {
  const doc = document as unknown as DidDocument;
  const methods = new Map(verificationMethods(doc).map((vm) => [vm.id, vm]));
  return keyIdsFor(doc, purpose).find((kid) => {
    const vm = methods.get(kid);
    try {
      return vm !== undefined && publicJwkOfVerificationMethod(vm).crv === curve;
    } catch {
      return false;
    }
  });
}

/** A created identity and the capture URL its DIDComm service names. */
export interface Created extends CreateIdentityResult {
  endpoint: string;
}

/** The identities one adapter process created for envelope cells (one per set of keys, made once) and the peers it learnt. */
export class CreatedIdentities {
  readonly name: string;
  readonly session: AdapterSession;
  readonly #capture: CaptureEndpoint;
  readonly #made = new Map<string, Promise<Created>>();
  readonly #learned = new Set<string>();

  constructor(name: string, session: AdapterSession, capture: CaptureEndpoint) {
    this.name = name;
    this.session = session;
    this.#capture = capture;
  }

  /** An identity holding `keys`; throws CannotCreate when the adapter cannot make it. */
  holding(keys: Keys): Promise<Created> {
    const key = `${keys.keyAgreement ?? '-'}|${keys.authentication ?? '-'}`;
    let made = this.#made.get(key);
    if (!made) {
      made = this.#create(keys);
      this.#made.set(key, made);
    }
    return made;
  }

  async #create(keys: Keys): Promise<Created> {
    const endpoint = this.#capture.newUrl();
    let identity: CreateIdentityResult;
    try {
      identity = await this.session.call('createIdentity', {
        didMethod: 'peer:2', endpoint, ...(keys.keyAgreement ? { keyAgreement: [keys.keyAgreement] } : {}), ...(keys.authentication ? { authentication: [keys.authentication] } : {}),
      });
    } catch (error) {
      if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') throw new CannotCreate(`${this.name} cannot create the identity the cell needs (${describeKeys(keys)}): ${error.message}`);
      throw error;
    }
    if (keys.keyAgreement && !keyOnCurve(identity.didDocument, 'keyAgreement', keys.keyAgreement)) throw new CannotCreate(`${this.name} created no ${keys.keyAgreement} keyAgreement key when asked for one`);
    if (keys.authentication && !keyOnCurve(identity.didDocument, 'authentication', keys.authentication)) throw new CannotCreate(`${this.name} created no ${keys.authentication} authentication key when asked for one`);
    return { ...identity, endpoint };
  }

  /** Teaches this side another's document, once per DID. */
  async learn(other: CreateIdentityResult): Promise<void> {
    if (this.#learned.has(other.did)) return;
    try {
      await this.session.call('registerDidDocument', { didDocument: other.didDocument });
    } catch (error) {
      // A did:peer:2 carries its document: an agent that resolves it itself needs no lesson.
      if (!(isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED' && other.did.startsWith('did:peer:2'))) throw error;
    }
    this.#learned.add(other.did);
  }

  /** What arrived at the capture URL of `identity` since the last look. */
  captured(identity: Created): ReturnType<CaptureEndpoint['take']> {
    return this.#capture.take(identity.endpoint);
  }
}

function describeKeys(keys: Keys): string {
  const parts = [keys.keyAgreement ? `${keys.keyAgreement} keyAgreement` : '', keys.authentication ? `${keys.authentication} authentication` : ''].filter(Boolean);
  return parts.length > 0 ? `did:peer:2 with ${parts.join(' and ')}` : 'did:peer:2';
}

/** The two identities of one cell, each side taught the other's; throws CannotCreate. */
export async function createdParties(sender: CreatedIdentities, receiver: CreatedIdentities, feature: Feature): Promise<{ addressing: Addressing; receiverIdentity: Created }> {
  const mine = await sender.holding(keysFor(feature, 'sender'));
  const theirs = await receiver.holding(keysFor(feature, 'receiver'));
  await sender.learn(theirs);
  await receiver.learn(mine);
  const signBy = feature.envelope === 'signed' ? keyOnCurve(mine.didDocument, 'authentication', feature.curve!) : undefined;
  return { addressing: { from: mine.did, to: theirs.did, ...(signBy ? { signBy } : {}) }, receiverIdentity: theirs };
}

/** The protected header of a JWE's text (empty for anything else). */
function jweHeader(packed: string): Record<string, unknown> {
  try {
    const jwe = JSON.parse(packed) as { protected?: unknown };
    return typeof jwe.protected === 'string' ? (JSON.parse(Buffer.from(jwe.protected, 'base64url').toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Why what `send` produced is not `feature` (its `send` chooses the algorithms itself, the matrix cannot ask
 * for them): the cell is n/a. Undefined when the envelope is the feature's, or not a JWE at all (then the
 * receiver judges it).
 */
function otherThanAsked(packed: string, feature: Feature): string | undefined {
  if (feature.envelope !== 'anoncrypt' && feature.envelope !== 'authcrypt') return undefined;
  const header = jweHeader(packed);
  const curve = (header['epk'] as { crv?: unknown } | undefined)?.crv;
  const made = `${String(header['alg'])}/${String(header['enc'])} on ${String(curve)}`;
  const asked = `${feature.algorithms.join('/')} on ${feature.curve!}`;
  if (header['alg'] === undefined) return undefined;
  return header['alg'] === feature.algorithms[0] && header['enc'] === feature.algorithms[1] && curve === feature.curve ? undefined : `${made}, not ${asked}`;
}

/**
 * The sender's envelope for one created-identity cell: its `pack` for the receiver's DID, or, when it has
 * no `pack`, its `send` to that DID, taken at the capture endpoint exactly as it arrived.
 */
export async function produceCreated(sender: CreatedIdentities, receiver: CreatedIdentities, receiverIdentity: Created, feature: Feature, addressing: Addressing, message: PlaintextMessage): Promise<Produced> {
  try {
    return await packOn(sender.session, packParams(feature, addressing, message));
  } catch (error) {
    if (!(isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED')) throw error;
  }
  receiver.captured(receiverIdentity);
  let said;
  try {
    said = await sender.session.call('send', { message, to: addressing.to, envelope: feature.envelope, transport: 'http' });
  } catch (error) {
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') return { status: 'n/a', detail: `${sender.name} has no \`pack\`, and its \`send\` cannot do it: ${error.message}` };
    throw error;
  }
  const arrived = receiver.captured(receiverIdentity);
  if (arrived.length !== 1) return { status: 'pack-rejected', detail: `${sender.name} has no \`pack\`; its \`send\` to the receiver's DID delivered ${arrived.length} messages to the harness's endpoint, not one (send said ${JSON.stringify(said)})` };
  const other = otherThanAsked(arrived[0]!.body, feature);
  if (other) return { status: 'n/a', detail: `${sender.name} has no \`pack\` and its \`send\` chooses the algorithms itself: it sent ${other}` };
  return { packed: arrived[0]!.body, ...(arrived[0]!.contentType ? { contentType: arrived[0]!.contentType } : {}) };
}
