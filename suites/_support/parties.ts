/**
 * The parties of the vector key sets (the spec's Alice and Bob; SICPA's Alice, Bob, Charlie and mediators)
 * as adapter identities, and the reference implementation's view of them: who holds which secrets. Cases
 * start from a `reset` agent and import exactly the parties they need, so no state leaks between cases.
 * @module
 */
import { loadKeySet, type KeySetName } from '../../src/vectors/key-sets.js';
import { readVectorJson } from '../../src/vectors/paths.js';
import { SecretStore, StaticDidResolver, type KeyContext } from '../../src/index.js';
import type { CaseContext } from '../../src/runner/case.js';
import type { DidDocument, PrivateJwk } from '../../src/adapter/protocol/v1/types.generated.js';

/** A party: its DID document and (when the key set has them) its private keys. */
export interface Party {
  did: string;
  didDocument: DidDocument;
  secrets: PrivateJwk[];
}

const SICPA_DOCUMENTS = ['ALICE_DID_DOC', 'BOB_DID_DOC', 'CHARLIE_DID_DOC', 'MEDIATOR1_DID_DOC', 'MEDIATOR2_DID_DOC', 'MEDIATOR3_DID_DOC'];
const SICPA_SECRETS = ['ALICE_SECRETS', 'BOB_SECRETS', 'CHARLIE_SECRETS', 'MEDIATOR1_SECRETS', 'MEDIATOR2_SECRETS', 'MEDIATOR3_SECRETS'];

function didOf(kid: string): string {
  return kid.split('#')[0]!;
}

function toPrivateJwk(entry: Record<string, unknown>): PrivateJwk {
  if (typeof entry['privateKeyJwk'] === 'object' && entry['privateKeyJwk'] !== null) {
    return { ...(entry['privateKeyJwk'] as Record<string, unknown>), kid: String(entry['id']) } as PrivateJwk;
  }
  // The spec's Appendix A.2 spells the member "kid " (VEC-002): hand adapters the intended "kid".
  const { ['kid ']: typo, ...jwk } = entry;
  return { ...jwk, kid: String(entry['kid'] ?? typo) } as PrivateJwk;
}

const cache = new Map<KeySetName, Party[]>();

/** Every party of a key set, secrets grouped by the DID of their key id. */
export function partiesOf(set: KeySetName): Party[] {
  const known = cache.get(set);
  if (known) return known;
  let documents: DidDocument[];
  let jwks: PrivateJwk[];
  if (set === 'spec') {
    documents = Object.values(readVectorJson('upstream/didcomm-spec/did-docs.json') as Record<string, DidDocument>);
    const raw = readVectorJson('upstream/didcomm-spec/secrets.json') as Record<string, Array<Record<string, unknown>>>;
    jwks = Object.values(raw).flat().map(toPrivateJwk);
  } else {
    const docs = readVectorJson('upstream/sicpa-didcomm-rust/did-docs.json') as Record<string, DidDocument>;
    const sets = readVectorJson('upstream/sicpa-didcomm-rust/secrets.json') as Record<string, Array<Record<string, unknown>>>;
    documents = SICPA_DOCUMENTS.map((key) => docs[key]!);
    jwks = SICPA_SECRETS.flatMap((key) => sets[key] ?? []).map(toPrivateJwk);
  }
  const parties = documents.map((didDocument) => ({
    did: didDocument.id,
    didDocument,
    secrets: jwks.filter((jwk) => didOf(jwk.kid) === didDocument.id),
  }));
  cache.set(set, parties);
  return parties;
}

/** The party `did` of a key set. */
export function party(set: KeySetName, did: string): Party {
  const found = partiesOf(set).find((p) => p.did === did);
  if (!found) throw new TypeError(`no party ${did} in key set ${set}`);
  return found;
}

/**
 * Resets the agent, makes it the holder of the parties in `holds` (every party of the set when omitted) and
 * teaches it the documents of the others.
 */
export async function setUpAgent(ctx: CaseContext, set: KeySetName, holds?: readonly string[]): Promise<void> {
  await ctx.call('reset', {});
  for (const p of partiesOf(set)) {
    if ((holds === undefined || holds.includes(p.did)) && p.secrets.length > 0) {
      await ctx.call('importIdentity', { didDocument: p.didDocument, secrets: p.secrets });
    } else {
      await ctx.call('registerDidDocument', { didDocument: p.didDocument });
    }
  }
}

/** The reference implementation as the holder of the parties in `holds`, knowing every document of the set. */
export function referenceKeys(set: KeySetName, holds: readonly string[]): KeyContext {
  const keys = loadKeySet(set);
  const store = new SecretStore();
  for (const p of partiesOf(set)) {
    if (!holds.includes(p.did)) continue;
    for (const jwk of p.secrets) {
      const secret = keys.secrets.find(jwk.kid);
      if (secret) store.add(secret.kid, secret.privateJwk);
    }
  }
  return { resolver: new StaticDidResolver(keys.documents), secrets: store };
}
