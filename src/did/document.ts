/**
 * DID documents as DIDComm uses them: verification methods, the `keyAgreement` and `authentication`
 * relationships (embedded or by reference, KEYS-002), and absolute key ids (KEYS-003, AMB-09).
 * @module
 */
import type { JsonWebKey } from 'node:crypto';
import { DidcommError } from '../errors/didcomm-error.js';
import { publicJwkOfVerificationMethod } from './key-formats.js';

export interface VerificationMethod {
  id: string;
  type: string;
  controller?: string;
  publicKeyJwk?: JsonWebKey;
  publicKeyMultibase?: string;
  publicKeyBase58?: string;
  [member: string]: unknown;
}

export interface ServiceEndpointObject {
  uri: string;
  accept?: string[];
  routingKeys?: string[];
  [member: string]: unknown;
}

export interface Service {
  id: string;
  type: string | string[];
  serviceEndpoint: string | ServiceEndpointObject | Array<string | ServiceEndpointObject>;
  [member: string]: unknown;
}

export interface DidDocument {
  id: string;
  '@context'?: unknown;
  alsoKnownAs?: string[];
  controller?: string | string[];
  verificationMethod?: VerificationMethod[];
  authentication?: Array<string | VerificationMethod>;
  assertionMethod?: Array<string | VerificationMethod>;
  keyAgreement?: Array<string | VerificationMethod>;
  capabilityInvocation?: Array<string | VerificationMethod>;
  capabilityDelegation?: Array<string | VerificationMethod>;
  service?: Service[];
  [member: string]: unknown;
}

/** The verification relationships DIDComm uses: encryption keys and signing keys (KEYS-001). */
export type KeyPurpose = 'keyAgreement' | 'authentication';

/** Resolves a DID (not a DID URL) to its document, or throws `ERR_DID_NOT_RESOLVED`. */
export interface DidDocumentResolver {
  resolve(did: string): Promise<DidDocument>;
}

/** A DID URL split into its DID and fragment. */
export interface DidUrl {
  did: string;
  fragment: string | undefined;
}

const DID_PATTERN = /^did:[a-z0-9]+:(?:[A-Za-z0-9._:%-]|%[0-9A-Fa-f]{2})*[A-Za-z0-9._%-]$/;

/** True for a bare DID (no path, query or fragment). */
export function isDid(value: string): boolean {
  return DID_PATTERN.test(value);
}

/** Splits `did:...#frag` into DID and fragment; anything else with a path or query is not a DID URL here. */
export function parseDidUrl(value: string): DidUrl | undefined {
  const hash = value.indexOf('#');
  const did = hash >= 0 ? value.slice(0, hash) : value;
  const fragment = hash >= 0 ? value.slice(hash + 1) : undefined;
  if (!isDid(did)) return undefined;
  if (fragment !== undefined && (fragment.length === 0 || /[#\s]/.test(fragment))) return undefined;
  return { did, fragment };
}

/** True for an absolute DID URL with a fragment, the only form a `kid`/`skid` may take (KEYS-003). */
export function isKeyId(value: unknown): value is string {
  return typeof value === 'string' && parseDidUrl(value)?.fragment !== undefined;
}

/** The DID of a DID or DID URL. */
export function didOf(didOrKid: string): string {
  const hash = didOrKid.indexOf('#');
  return hash >= 0 ? didOrKid.slice(0, hash) : didOrKid;
}

/** Makes a relative id (`#key-1`) absolute against the document's DID (AMB-09). */
export function absoluteId(did: string, id: string): string {
  return id.startsWith('#') ? `${did}${id}` : id;
}

/** All verification methods of a document, embedded ones included, with absolute ids. */
export function verificationMethods(doc: DidDocument): VerificationMethod[] {
  return [...methodsById(doc)].map(([id, vm]) => ({ ...vm, id }));
}

/** The methods of a document by absolute id, the first of a repeated id winning, in document order. */
function methodsById(doc: DidDocument): Map<string, VerificationMethod> {
  const byId = new Map<string, VerificationMethod>();
  findMethod(doc, (id, vm) => {
    if (!byId.has(id)) byId.set(id, vm);
    return false;
  });
  return byId;
}

const EMBEDDING_PURPOSES = ['authentication', 'assertionMethod', 'keyAgreement', 'capabilityInvocation', 'capabilityDelegation'] as const;

/**
 * Walks the verification methods of a document in document order (`verificationMethod`, then those embedded in
 * a relationship) with their absolute ids, and returns the first for which `found` is true. A malformed entry
 * throws when reached.
 */
function findMethod(doc: DidDocument, found: (id: string, vm: VerificationMethod) => boolean): VerificationMethod | undefined {
  for (const vm of doc.verificationMethod ?? []) if (found(absoluteId(doc.id, vm.id), vm)) return vm;
  for (const purpose of EMBEDDING_PURPOSES) {
    for (const entry of doc[purpose] ?? []) if (typeof entry !== 'string' && found(absoluteId(doc.id, entry.id), entry)) return entry;
  }
  return undefined;
}

/** Absolute ids of the keys a document authorizes for `purpose`, in document order (KEYS-002). */
export function keyIdsFor(doc: DidDocument, purpose: KeyPurpose): string[] {
  return (doc[purpose] ?? []).map((entry) => absoluteId(doc.id, typeof entry === 'string' ? entry : entry.id));
}

/** A verification method resolved for one purpose, with its public key as a JWK. */
export interface ResolvedKey {
  kid: string;
  method: VerificationMethod;
  publicJwk: JsonWebKey;
}

/**
 * Finds `kid` in `doc` and checks it is authorized for `purpose`; throws `ERR_KEY_NOT_FOUND` when the
 * document has no such method and `ERR_KEY_RELATIONSHIP` when it is not listed under `purpose`.
 */
export function resolveKeyIn(doc: DidDocument, kid: string, purpose: KeyPurpose): ResolvedKey {
  return keyResolverFor(doc, purpose)(kid);
}

/**
 * `resolveKeyIn` for several kids of one document: its methods and the `purpose` relationship are read once
 * (a JWE for ten keys of one DID looks up ten kids in the same document).
 */
export function keyResolverFor(doc: DidDocument, purpose: KeyPurpose): (kid: string) => ResolvedKey {
  // The whole document is read first, as an index of it would be: a malformed entry anywhere throws, whichever
  // kid is asked for. No index is kept: a message looks up one or a few kids, and building a Map of every
  // method for that cost more than the lookups (issue 17 item 5).
  findMethod(doc, () => false);
  const authorized = keyIdsFor(doc, purpose);
  return (kid) => {
    const found = findMethod(doc, (id) => id === kid);
    if (!found) {
      throw new DidcommError('ERR_KEY_NOT_FOUND', `${kid} is not a verification method of ${doc.id}`, { requirement: 'KEYS-002' });
    }
    if (!authorized.includes(kid)) {
      throw new DidcommError('ERR_KEY_RELATIONSHIP', `${kid} is not listed in the ${purpose} of ${doc.id}`, {
        requirement: purpose === 'keyAgreement' ? 'ENV-PLAIN-008' : 'ENV-SIGN-006',
      });
    }
    const method = { ...found, id: kid };
    return { kid, method, publicJwk: publicJwkOfVerificationMethod(method) };
  };
}

/** Resolves the DID of `kid` with `resolver`, then the key within it (see `resolveKeyIn`). */
export async function resolveKey(resolver: DidDocumentResolver, kid: string, purpose: KeyPurpose): Promise<ResolvedKey> {
  return resolveKeyIn(await resolver.resolve(didOf(kid)), kid, purpose);
}
