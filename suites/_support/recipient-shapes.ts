/**
 * Parties with variety (issue 22): recipients and senders whose key sets expose the bugs one fixed recipient
 * hides — one key; several keys on one curve listed out of order; kids whose code-point, locale, numeric and
 * document orders all differ (ENC-JWE-009, AMB-01); NIST keys; DIDs of each method an agent claims. Keys come
 * from the case's seeded random source, so a case replays byte for byte. The reference holds every secret and
 * computes what the agent must produce; nothing here names the expected kids or `apv`.
 * @module
 */
import { generateEphemeralKey } from '../../src/crypto/curves.js';
import { createIdentity, IDENTITY_METHODS, type IdentityMethod } from '../../src/did/identity.js';
import { SecretStore, StaticDidResolver, type KeyContext } from '../../src/index.js';
import { loadKeySet } from '../../src/vectors/key-sets.js';
import type { CaseContext } from '../../src/runner/case.js';
import type { DidDocument, PrivateJwk } from '../../src/adapter/protocol/v1/types.generated.js';
import type { KeyAgreementCurve } from '../../src/index.js';
import { partiesOf, type Party } from './parties.js';

/** A recipient (or sender) shape: how its keyAgreement keys are named and ordered in its document. */
export interface Shape {
  slug: string;
  what: string;
  curve: KeyAgreementCurve;
  /** Key fragments in document order. */
  fragments: readonly string[];
}

export const SHAPES: readonly Shape[] = [
  { slug: 'one-key', what: 'one X25519 key', curve: 'X25519', fragments: ['only'] },
  { slug: 'keys-out-of-order', what: 'three X25519 keys listed 3, 1, 2', curve: 'X25519', fragments: ['key-3', 'key-1', 'key-2'] },
  // Code point: Beta, Zeta, alpha; locale: alpha, Beta, Zeta; descending: alpha, Zeta, Beta; document: Zeta, alpha, Beta.
  { slug: 'kid-orders-differ', what: 'X25519 kids whose code-point, locale, descending and document orders all differ', curve: 'X25519', fragments: ['Zeta', 'alpha', 'Beta'] },
  // Code point: key-1, key-10, key-9; numeric-aware: key-1, key-9, key-10; document: key-9, key-10, key-1.
  { slug: 'numeric-kids', what: 'X25519 kids key-9, key-10, key-1 (code-point and numeric orders differ)', curve: 'X25519', fragments: ['key-9', 'key-10', 'key-1'] },
  { slug: 'p384-keys', what: 'two P-384 keys listed out of order', curve: 'P-384', fragments: ['p384-b', 'p384-A'] },
];

/** The DID of a shape. */
export function shapeDid(shape: Shape, role = 'recipient'): string {
  return `did:example:${role}-${shape.slug}`;
}

/** A party of `shape`, keys drawn from the case's seeded random source. */
export function shapedParty(shape: Shape, role = 'recipient'): Party {
  const did = shapeDid(shape, role);
  const keys = shape.fragments.map((fragment) => {
    const { privateKey, publicJwk } = generateEphemeralKey(shape.curve);
    const kid = `${did}#${fragment}`;
    return { kid, publicJwk, privateJwk: { ...privateKey.export({ format: 'jwk' }), kid } as PrivateJwk };
  });
  const didDocument = {
    id: did,
    verificationMethod: keys.map(({ kid, publicJwk }) => ({ id: kid, type: 'JsonWebKey2020', controller: did, publicKeyJwk: publicJwk })),
    keyAgreement: keys.map((k) => k.kid),
    authentication: [],
  } as unknown as DidDocument;
  return { did, didDocument, secrets: keys.map((k) => k.privateJwk) };
}

/** The DID methods the reference creates (did:web needs a server: suites/did covers it); a case per method, skipped unless claimed. */
export const SHAPED_METHODS: readonly IdentityMethod[] = IDENTITY_METHODS;

/** A party of DID method `method` with one X25519 key agreement key (and an Ed25519 authentication key). */
export async function methodParty(method: IdentityMethod): Promise<Party> {
  const identity = await createIdentity({ method, keyAgreement: ['X25519'], authentication: ['Ed25519'] });
  return {
    did: identity.did,
    didDocument: identity.didDocument as unknown as DidDocument,
    secrets: identity.secrets.map((s) => ({ ...s.privateJwk, kid: s.kid }) as PrivateJwk),
  };
}

/** The parties of a case beyond the SICPA key set, and the reference's view of all of them. */
export interface World {
  extra: Party[];
  document(did: string): DidDocument;
  /** The reference holding the secrets of `holds` (SICPA or extra parties), knowing every document. */
  keys(holds: readonly string[]): KeyContext;
}

export function worldOf(extra: Party[]): World {
  const sicpa = loadKeySet('sicpa');
  const all = [...partiesOf('sicpa'), ...extra];
  return {
    extra,
    document(did) {
      const found = all.find((p) => p.did === did);
      if (!found) throw new TypeError(`no party ${did} in this case`);
      return found.didDocument;
    },
    keys(holds) {
      const store = new SecretStore();
      for (const p of partiesOf('sicpa')) {
        if (!holds.includes(p.did)) continue;
        for (const jwk of p.secrets) {
          const secret = sicpa.secrets.find(jwk.kid);
          if (secret) store.add(secret.kid, secret.privateJwk);
        }
      }
      for (const p of extra) if (holds.includes(p.did)) for (const jwk of p.secrets) store.add(jwk.kid, jwk as never);
      const documents = [...sicpa.documents, ...extra.map((p) => p.didDocument)];
      return { resolver: new StaticDidResolver(documents as never), secrets: store };
    },
  };
}

/** Teaches the agent the extra parties: it holds those in `holds`, and knows the documents of the others. */
export async function introduce(ctx: CaseContext, world: World, holds: readonly string[]): Promise<void> {
  for (const p of world.extra) {
    if (holds.includes(p.did)) await ctx.call('importIdentity', { didDocument: p.didDocument, secrets: p.secrets });
    else await ctx.call('registerDidDocument', { didDocument: p.didDocument });
  }
}
