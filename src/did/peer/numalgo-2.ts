/**
 * did:peer:2 (peer DID method spec, Method 2): keys and services encoded in the DID itself
 * (PEER-001, PEER-002), resolved to `Multikey` methods `#key-1..N` in DID-string order and services
 * `#service`, `#service-1`, ... (PEER-003).
 * @module
 */
import { DidcommError } from '../../errors/didcomm-error.js';
import type { DidDocument, Service, VerificationMethod } from '../document.js';
import { decodeMultikey, publicJwkOfRawKey } from '../multikey.js';
import { sha256Multihash } from './hash.js';
import { decodePeerService, encodePeerService } from './services.js';

/** Purpose codes of Method 2 ("Purpose Codes" table) and the relationship each grants. */
const PURPOSES = {
  A: 'assertionMethod',
  E: 'keyAgreement',
  V: 'authentication',
  I: 'capabilityInvocation',
  D: 'capabilityDelegation',
} as const;

/** A Method 2 key purpose code. */
export type PeerPurposeCode = keyof typeof PURPOSES;

/** One key of a did:peer:2: its purpose and its multibase multicodec encoding. */
export interface PeerDid2Key {
  purpose: PeerPurposeCode;
  publicKeyMultibase: string;
}

/** A service to encode into a did:peer:2 (its `id`, if any, MUST be relative: PEER-002). */
export type PeerDid2Service = Omit<Service, 'id'> & { id?: string };

/** Builds a did:peer:2 from keys (in the given order) and services (PEER-001, PEER-002). */
export function createPeerDid2(keys: readonly PeerDid2Key[], services: readonly PeerDid2Service[] = []): string {
  if (keys.length === 0) throw new TypeError('a did:peer:2 needs at least one key');
  for (const service of services) {
    if (service.id !== undefined && !service.id.startsWith('#')) {
      throw new TypeError(`did:peer:2 service ids MUST be relative (PEER-002), got ${JSON.stringify(service.id)}`);
    }
  }
  return `did:peer:2${keys.map((k) => `.${k.purpose}${k.publicKeyMultibase}`).join('')}${services.map((s) => `.S${encodePeerService(s)}`).join('')}`;
}

/** The did:peer:3 (Method 3) that shortens a did:peer:2. */
export function peerDid3Of(peerDid2: string): string {
  return `did:peer:3${sha256Multihash(peerDid2.slice('did:peer:2'.length))}`;
}

/** True when `did` is shaped as a did:peer:2 (elements are checked on resolution). */
export function isPeerDid2(did: string): boolean {
  return /^did:peer:2(\.[AEVIDS][^.]+)+$/.test(did);
}

/**
 * Resolves a did:peer:2 to the document the spec prescribes, with relative ids as the spec prints them
 * (the resolver makes them absolute afterwards, KEYS-003). Throws `ERR_DID_NOT_RESOLVED` with PEER-001
 * for a malformed DID or a key that does not decode, PEER-002 for a bad service element.
 */
export function resolvePeerDid2(did: string): DidDocument {
  if (!isPeerDid2(did)) {
    throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} is not a did:peer:2 (did:peer:2 followed by .<purpose><value> elements)`, {
      requirement: 'PEER-001',
    });
  }
  const doc: DidDocument = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [],
  };
  const services: Service[] = [];
  let unnamedServices = 0;
  for (const element of did.slice('did:peer:2.'.length).split('.')) {
    const code = element[0]!;
    const value = element.slice(1);
    if (code === 'S') {
      const service = decodePeerService(value, did);
      // PEER-003: services without an id become #service, then #service-1, #service-2, ...
      const id = service.id ?? (unnamedServices === 0 ? '#service' : `#service-${unnamedServices}`);
      if (service.id === undefined) unnamedServices++;
      services.push({ ...service, id } as Service);
      continue;
    }
    try {
      // Checks the multicodec (KEYS-004) and, for EC keys, that the point is on the curve.
      publicJwkOfRawKey(decodeMultikey(value, `key element .${element.slice(0, 12)}...`));
    } catch (cause) {
      throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} has a key element that is not a usable multicodec public key`, {
        requirement: 'PEER-001',
        cause,
      });
    }
    // PEER-003: #key-N in the order the keys appear in the DID string.
    const method: VerificationMethod = {
      id: `#key-${doc.verificationMethod!.length + 1}`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: value,
    };
    doc.verificationMethod!.push(method);
    const relationship = PURPOSES[code as PeerPurposeCode];
    (doc[relationship] ??= []).push(method.id);
  }
  if (services.length > 0) doc.service = services;
  // Optional in the spec: the did:peer:3 form, sha2-256 multihash of the DID after "did:peer:2".
  doc.alsoKnownAs = [peerDid3Of(did)];
  return doc;
}
