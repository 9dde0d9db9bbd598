/**
 * did:key (W3C CCG did:key method): the DID is one multicodec public key, the document is derived from it.
 * Also serves did:peer:0, which is did:key with another prefix (PEER-001).
 *
 * Document shape: one `Multikey` method with fragment = the multibase key; Ed25519, P-256, P-384, P-521 and
 * secp256k1 keys are authentication keys; X25519 and the NIST curves are keyAgreement keys; an Ed25519
 * did:key also gets the X25519 key derived from it (fragment = that key's multibase, as the did:key spec
 * and the common resolvers name it), because DIDComm cannot encrypt to an Ed25519 key (KEYS-001).
 * @module
 */
import { DidcommError } from '../errors/didcomm-error.js';
import type { RequirementId } from '../spec/requirements.js';
import type { DidDocument, VerificationMethod } from './document.js';
import { x25519PublicKeyOfEd25519 } from './ed25519-to-x25519.js';
import { decodeMultikey, encodeMultikey, publicJwkOfRawKey, type KeyType, type RawPublicKey } from './multikey.js';

const SIGNING_KEY_TYPES: readonly KeyType[] = ['Ed25519', 'P-256', 'P-384', 'P-521', 'secp256k1'];
// secp256k1 is not a DIDComm key-agreement curve (ENC-ALG-001); Ed25519 gets a derived X25519 key instead.
const AGREEMENT_KEY_TYPES: readonly KeyType[] = ['X25519', 'P-256', 'P-384', 'P-521'];

/** Options of did:key (and did:peer:0) resolution. */
export interface DidKeyOptions {
  /** Add the X25519 key derived from an Ed25519 key as keyAgreement. Default true. */
  deriveX25519?: boolean;
}

/** The did:key of a public key. */
export function didKeyOf(key: RawPublicKey): string {
  return `did:key:${encodeMultikey(key)}`;
}

/**
 * The document of a key-only DID (`did:key:<mb>` or `did:peer:0<mb>`) whose key is `multibase`.
 * Throws `ERR_DID_NOT_RESOLVED` with `requirement` when the key does not decode (cause: `ERR_KEY_FORMAT`).
 */
export function keyOnlyDidDocument(did: string, multibase: string, requirement: RequirementId, options: DidKeyOptions = {}): DidDocument {
  let key: RawPublicKey;
  try {
    key = decodeMultikey(multibase, `the key of ${did}`);
    // Decompresses EC points, which checks they are on the curve.
    publicJwkOfRawKey(key, `the key of ${did}`);
  } catch (cause) {
    throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} does not encode a usable public key`, { requirement, cause });
  }
  const method = (mb: string): VerificationMethod => ({ id: `${did}#${mb}`, type: 'Multikey', controller: did, publicKeyMultibase: mb });
  const primary = method(multibase);
  const doc: DidDocument = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [primary],
  };
  if (SIGNING_KEY_TYPES.includes(key.keyType)) {
    for (const relationship of ['authentication', 'assertionMethod', 'capabilityInvocation', 'capabilityDelegation'] as const) {
      doc[relationship] = [primary.id];
    }
  }
  if (AGREEMENT_KEY_TYPES.includes(key.keyType)) {
    doc.keyAgreement = [primary.id];
  } else if (key.keyType === 'Ed25519' && options.deriveX25519 !== false) {
    const derived = method(encodeMultikey({ keyType: 'X25519', bytes: x25519PublicKeyOfEd25519(key.bytes) }));
    doc.verificationMethod!.push(derived);
    doc.keyAgreement = [derived.id];
  }
  return doc;
}

/** Resolves a did:key; `ERR_DID_NOT_RESOLVED` (KEYS-004) for a malformed one. */
export function resolveDidKey(did: string, options: DidKeyOptions = {}): DidDocument {
  const match = /^did:key:(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
  if (!match) {
    throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} is not a did:key (did:key:z<base58btc multicodec key>)`, { requirement: 'KEYS-004' });
  }
  return keyOnlyDidDocument(did, match[1]!, 'KEYS-004', options);
}
