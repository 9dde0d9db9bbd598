/**
 * Recipes: a plaintext and the envelope layers to wrap it in, innermost first, built by the reference from
 * the SICPA key set with pinned randomness. A recipe can say what no conforming sender would (a signer or
 * sender other than `from`, header members consistently inside the AAD, a key labelled as another, an
 * `epk` on another curve, stacks the spec forbids), which a mutation of the packed bytes cannot: the
 * bytes stay authentic, so a receiver is tested on the rule itself and not on a broken tag.
 * @module
 */
import { encryptJwe } from '../didcomm/encrypted/encrypt.js';
import { withSeededRandom } from '../crypto/random.js';
import { generateEphemeralKey } from '../crypto/curves.js';
import { signBytes, signatureAlgorithmFor } from '../crypto/signature.js';
import { didOf, resolveKeyIn, type ResolvedKey } from '../did/document.js';
import { encodeBase64url } from '../encoding/base64url.js';
import { MEDIA_TYPES } from '../spec/media-types.js';
import { loadKeySet } from '../vectors/key-sets.js';
import type { ContentEncryption, KeyAgreementCurve, PlaintextMessage } from '../didcomm/types.js';

/** A JWS layer: signed by `kid` (with the key of `keyOf` when set: a key labelled as another). */
export interface SignLayer {
  kind: 'sign';
  kid: string;
  keyOf?: string;
  serialization: 'general' | 'flattened';
  kidIn: 'protected' | 'unprotected';
  /** Members added to the protected header (undefined removes one). */
  header?: Record<string, unknown>;
}

/** A JWE layer: anoncrypt, or authcrypt from `from` (with the key of `senderKeyOf` when set). */
export interface CryptLayer {
  kind: 'anoncrypt' | 'authcrypt';
  /** Recipient key ids; `keyOf` encrypts to another key under the label `kid`. */
  to: Array<{ kid: string; keyOf?: string }>;
  curve: KeyAgreementCurve;
  enc: ContentEncryption;
  from?: string;
  senderKeyOf?: string;
  /** Members set in the protected header after the usual ones (undefined removes one); covered by the AAD. */
  header?: Record<string, unknown>;
  /** An `epk` on this curve replaces the real one in the header (key material on the wrong curve). */
  epkOn?: KeyAgreementCurve;
}

export type Layer = SignLayer | CryptLayer;

export interface Recipe {
  message: PlaintextMessage;
  layers: Layer[];
}

const SICPA = 'sicpa' as const;

/** The documents and secrets recipes are built with (every party of the SICPA key set). */
export function recipeKeys(): ReturnType<typeof loadKeySet> {
  return loadKeySet(SICPA);
}

function documentOf(kid: string): Parameters<typeof resolveKeyIn>[0] {
  const doc = recipeKeys().documents.find((d) => d.id === didOf(kid));
  if (!doc) throw new TypeError(`recipe names ${kid}, whose DID is not in the SICPA key set`);
  return doc;
}

/** The public key of `kid` in its document, whatever relationship lists it. */
function publicKeyOf(kid: string): ResolvedKey {
  const doc = documentOf(kid);
  for (const purpose of ['keyAgreement', 'authentication'] as const) {
    try {
      return resolveKeyIn(doc, kid, purpose);
    } catch {
      // try the other relationship
    }
  }
  throw new TypeError(`recipe names ${kid}, which is not a key of ${doc.id}`);
}

function secretOf(kid: string): NonNullable<ReturnType<ReturnType<typeof recipeKeys>['secrets']['find']>> {
  const secret = recipeKeys().secrets.find(kid);
  if (!secret) throw new TypeError(`recipe needs the secret of ${kid}, which the SICPA key set does not hold`);
  return secret;
}

function sign(layer: SignLayer, payload: string): string {
  const secret = secretOf(layer.keyOf ?? layer.kid);
  const alg = signatureAlgorithmFor(secret.privateJwk);
  if (!alg) throw new TypeError(`${layer.keyOf ?? layer.kid} cannot sign`);
  const header: Record<string, unknown> = { typ: MEDIA_TYPES.signed, alg, ...(layer.kidIn === 'protected' ? { kid: layer.kid } : {}) };
  for (const [member, value] of Object.entries(layer.header ?? {})) {
    if (value === undefined) delete header[member];
    else header[member] = value;
  }
  const protectedB64 = encodeBase64url(JSON.stringify(header));
  const payloadB64 = encodeBase64url(payload);
  const signature = encodeBase64url(signBytes(alg, secret.privateKey, Buffer.from(`${protectedB64}.${payloadB64}`, 'ascii')));
  const entry = { protected: protectedB64, signature, ...(layer.kidIn === 'unprotected' ? { header: { kid: layer.kid } } : {}) };
  return JSON.stringify(layer.serialization === 'flattened' ? { payload: payloadB64, ...entry } : { payload: payloadB64, signatures: [entry] });
}

function encrypt(layer: CryptLayer, payload: string): string {
  const recipients = layer.to.map(({ kid, keyOf }) => ({ ...publicKeyOf(keyOf ?? kid), kid }));
  const header: Record<string, unknown> = { ...(layer.header ?? {}) };
  if (layer.epkOn) header['epk'] = generateEphemeralKey(layer.epkOn).publicJwk;
  const sender = layer.kind === 'authcrypt' && layer.from ? { kid: layer.from, privateKey: secretOf(layer.senderKeyOf ?? layer.from).privateKey } : undefined;
  return encryptJwe({
    payload: Buffer.from(payload),
    enc: layer.enc,
    curve: layer.curve,
    recipients,
    ...(sender ? { sender } : {}),
    ...(Object.keys(header).length > 0 ? { tweak: { header } } : {}),
  });
}

// The pinned random source is process-wide: builds run one at a time, so concurrent jobs never share draws.
let queue: Promise<unknown> = Promise.resolve();

/** Builds the recipe's bytes; every random draw comes from `seed`, so the same seed gives the same bytes. */
export function buildRecipe(recipe: Recipe, seed: string): Promise<string> {
  const build = queue.then(() => withSeededRandom(seed, async (): Promise<string> => {
    let text = JSON.stringify(recipe.message);
    for (const layer of recipe.layers) text = layer.kind === 'sign' ? sign(layer, text) : encrypt(layer, text);
    return text;
  }));
  queue = build.catch(() => undefined);
  return build;
}
