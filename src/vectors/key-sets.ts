/**
 * The DID documents and secrets that vectors are decrypted and verified with: the spec's Appendix A/B
 * (`spec`) and SICPA's superset with Charlie and the mediators (`sicpa`), which the generated vectors use too.
 * @module
 */
import type { DidDocument } from '../did/document.js';
import { SecretStore, secretStoreFromJson, type Secret } from '../did/secrets.js';
import { StaticDidResolver } from '../did/static-resolver.js';
import type { KeyContext } from '../didcomm/types.js';
import { readVectorJson } from './paths.js';

export type KeySetName = 'spec' | 'sicpa';

export interface KeySet extends KeyContext {
  name: KeySetName;
  secrets: SecretStore;
  documents: DidDocument[];
}

// SICPA keeps variants of one DID (`_WITH_NO_SECRETS`, `_NO_SECRETS`) and a rotation set; the plain
// documents and the parties' own secrets are the ones its tests unpack with.
const SICPA_DOCUMENTS = ['ALICE_DID_DOC', 'BOB_DID_DOC', 'CHARLIE_DID_DOC', 'MEDIATOR1_DID_DOC', 'MEDIATOR2_DID_DOC', 'MEDIATOR3_DID_DOC'];
const SICPA_SECRETS = ['ALICE_SECRETS', 'BOB_SECRETS', 'CHARLIE_SECRETS', 'MEDIATOR1_SECRETS', 'MEDIATOR2_SECRETS', 'MEDIATOR3_SECRETS'];

const cache = new Map<KeySetName, KeySet>();

export function loadKeySet(name: KeySetName): KeySet {
  const known = cache.get(name);
  if (known) return known;
  let documents: DidDocument[];
  let secrets: SecretStore;
  if (name === 'spec') {
    documents = Object.values(readVectorJson('upstream/didcomm-spec/did-docs.json') as Record<string, DidDocument>);
    secrets = secretStoreFromJson(readVectorJson('upstream/didcomm-spec/secrets.json'), 'spec secrets');
  } else {
    const docs = readVectorJson('upstream/sicpa-didcomm-rust/did-docs.json') as Record<string, DidDocument>;
    const sets = readVectorJson('upstream/sicpa-didcomm-rust/secrets.json') as Record<string, unknown>;
    documents = SICPA_DOCUMENTS.map((key) => docs[key]!);
    secrets = secretStoreFromJson(Object.fromEntries(SICPA_SECRETS.map((key) => [key, sets[key]])), 'sicpa secrets');
  }
  const set: KeySet = { name, documents, secrets, resolver: new StaticDidResolver(documents) };
  cache.set(name, set);
  return set;
}

/** The same documents with only the secrets for `kids` held (to prove each recipient key decrypts). */
export function withOnlySecrets(set: KeySet, kids: readonly string[]): KeyContext {
  const held = new SecretStore(kids.map((kid) => set.secrets.find(kid)).filter((s): s is Secret => s !== undefined));
  return { resolver: set.resolver, secrets: held };
}
