/**
 * The identity factory: a fresh DID of the chosen method with the chosen key types, its resolved DID
 * document (absolute ids, KEYS-003) and the private JWKs keyed by absolute kid, ready for `SecretStore`.
 * Key agreement keys: X25519, P-256, P-384, P-521 (ENC-ALG-001); authentication keys: Ed25519, P-256,
 * secp256k1 (the curves of EdDSA, ES256, ES256K).
 * @module
 */
import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { generatePrivateJwk } from '../crypto/curves.js';
import type { DidDocument, Service, VerificationMethod } from './document.js';
import { x25519PrivateKeyOfEd25519 } from './ed25519-to-x25519.js';
import { didKeyOf } from './key.js';
import { encodeMultikey, rawKeyOfPublicJwk, type KeyType } from './multikey.js';
import { createPeerDid2, type PeerDid2Key } from './peer/numalgo-2.js';
import { createPeerDid4, type PeerDid4InputDocument } from './peer/numalgo-4.js';
import { createDidResolver } from './resolver.js';
import { AUTHENTICATION_KEY_TYPES, IDENTITY_METHODS, KEY_AGREEMENT_KEY_TYPES, type AuthenticationKeyType, type IdentityMethod, type KeyAgreementKeyType } from './identity-kinds.js';

export { AUTHENTICATION_KEY_TYPES, IDENTITY_METHODS, KEY_AGREEMENT_KEY_TYPES, type AuthenticationKeyType, type IdentityMethod, type KeyAgreementKeyType } from './identity-kinds.js';

/** What to create. */
export interface CreateIdentityOptions {
  method: IdentityMethod;
  /** Default `['X25519']`. did:key / did:peer:0 hold one key, see `createIdentity`. */
  keyAgreement?: KeyAgreementKeyType[];
  /** Default `['Ed25519']`. */
  authentication?: AuthenticationKeyType[];
  /** A DIDComm service `uri` (a transport URI or a mediator DID); did:peer:2/4 only. */
  endpoint?: string;
  /** The service's `routingKeys` (absolute key ids or DIDs); needs `endpoint`. */
  routingKeys?: string[];
  /** The service's `accept`; default `['didcomm/v2']`. */
  accept?: string[];
}

/** A private key held for an absolute key id. */
export interface IdentitySecret {
  kid: string;
  privateJwk: JsonWebKey;
}

/** A created identity. */
export interface Identity {
  did: string;
  /** The document as `createDidResolver` resolves the DID: absolute ids everywhere. */
  didDocument: DidDocument;
  /** Private JWKs by absolute kid, in document order: `new SecretStore(identity.secrets)`. */
  secrets: IdentitySecret[];
}

interface GeneratedKey {
  keyType: KeyType;
  privateJwk: JsonWebKey;
  publicKeyMultibase: string;
}

function generateKey(keyType: KeyType): GeneratedKey {
  // Encoded by the generation itself: exporting a just-generated KeyObject can deadlock node 20 (curves.ts).
  const privateJwk = generatePrivateJwk(keyType);
  return { keyType, privateJwk, publicKeyMultibase: encodeMultikey(rawKeyOfPublicJwk(privateJwk)) };
}

function checkTypes<T extends string>(requested: readonly T[], allowed: readonly T[], what: string): void {
  for (const type of requested) {
    if (!allowed.includes(type)) throw new TypeError(`${what} key type ${JSON.stringify(type)} is not one of ${allowed.join(', ')}`);
  }
}

/**
 * Creates an identity. did:peer:2 and did:peer:4 hold every requested key (keyAgreement keys first, as
 * `#key-1`...) and the optional service; did:key and did:peer:0 hold exactly one key: an Ed25519 key
 * (whose derived X25519 key serves keyAgreement, and whose derived X25519 private key is in `secrets`),
 * or one key type listed for both purposes (P-256), or a single keyAgreement key (X25519, P-384, P-521).
 * Throws `TypeError` for combinations a method cannot express.
 */
export async function createIdentity(options: CreateIdentityOptions): Promise<Identity> {
  const keyAgreement = options.keyAgreement ?? ['X25519'];
  const authentication = options.authentication ?? ['Ed25519'];
  checkTypes(keyAgreement, KEY_AGREEMENT_KEY_TYPES, 'keyAgreement');
  checkTypes(authentication, AUTHENTICATION_KEY_TYPES, 'authentication');
  if (options.routingKeys?.length && !options.endpoint) throw new TypeError('routing keys need an endpoint');
  const service = options.endpoint === undefined ? undefined : {
    id: '#service',
    type: 'DIDCommMessaging',
    serviceEndpoint: { uri: options.endpoint, accept: options.accept ?? ['didcomm/v2'], routingKeys: options.routingKeys ?? [] },
  };
  switch (options.method) {
    case 'peer:2':
    case 'peer:4':
      return createMultiKeyIdentity(options.method, keyAgreement, authentication, service);
    case 'key':
    case 'peer:0':
      if (service) throw new TypeError(`a ${options.method === 'key' ? 'did:key' : 'did:peer:0'} has no services; use peer:2 or peer:4 for an endpoint`);
      return createKeyOnlyIdentity(options.method, keyOnlyType(keyAgreement, authentication, options));
    default:
      throw new TypeError(`unknown DID method ${JSON.stringify(options.method)}; use one of ${IDENTITY_METHODS.join(', ')}`);
  }
}

function keyOnlyType(keyAgreement: KeyAgreementKeyType[], authentication: AuthenticationKeyType[], options: CreateIdentityOptions): KeyType {
  const explicitAgreement = options.keyAgreement !== undefined;
  const explicitAuth = options.authentication !== undefined;
  const wanted = new Set<KeyType>([...(explicitAgreement ? keyAgreement : []), ...(explicitAuth ? authentication : [])]);
  if (wanted.size === 0) return 'Ed25519';
  // Ed25519 for authentication implies its derived X25519 key for keyAgreement.
  if (wanted.has('Ed25519') && wanted.has('X25519')) wanted.delete('X25519');
  if (wanted.size !== 1) throw new TypeError(`a did:key / did:peer:0 holds one key; got ${[...wanted].join(', ')}`);
  return [...wanted][0]!;
}

async function createKeyOnlyIdentity(method: 'key' | 'peer:0', keyType: KeyType): Promise<Identity> {
  const key = generateKey(keyType);
  const did = method === 'key' ? didKeyOf(rawKeyOfPublicJwk(key.privateJwk)) : `did:peer:0${key.publicKeyMultibase}`;
  const didDocument = await createDidResolver({ examples: false }).resolve(did);
  const secrets: IdentitySecret[] = [{ kid: `${did}#${key.publicKeyMultibase}`, privateJwk: key.privateJwk }];
  if (keyType === 'Ed25519') {
    const scalar = x25519PrivateKeyOfEd25519(Buffer.from(key.privateJwk.d!, 'base64url'));
    // PKCS#8 wrapper of a raw X25519 private key (RFC 8410); node then derives the public half.
    const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), scalar]);
    const x25519Private = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    const derivedKid = didDocument.keyAgreement!.map((entry) => (typeof entry === 'string' ? entry : entry.id))[0]!;
    secrets.push({ kid: derivedKid, privateJwk: x25519Private });
  }
  return { did, didDocument, secrets };
}

async function createMultiKeyIdentity(
  method: 'peer:2' | 'peer:4',
  keyAgreement: KeyAgreementKeyType[],
  authentication: AuthenticationKeyType[],
  service: (Omit<Service, 'id'> & { id: string }) | undefined,
): Promise<Identity> {
  if (keyAgreement.length + authentication.length === 0) throw new TypeError('an identity needs at least one key');
  const keys = [
    ...keyAgreement.map((type) => ({ purpose: 'E' as const, key: generateKey(type) })),
    ...authentication.map((type) => ({ purpose: 'V' as const, key: generateKey(type) })),
  ];
  let did: string;
  if (method === 'peer:2') {
    did = createPeerDid2(keys.map(({ purpose, key }): PeerDid2Key => ({ purpose, publicKeyMultibase: key.publicKeyMultibase })), service ? [service] : []);
  } else {
    const methods: VerificationMethod[] = keys.map(({ key }, i) => ({ id: `#key-${i + 1}`, type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase }));
    const input: PeerDid4InputDocument = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      verificationMethod: methods,
      keyAgreement: methods.filter((_, i) => keys[i]!.purpose === 'E').map((vm) => vm.id),
      authentication: methods.filter((_, i) => keys[i]!.purpose === 'V').map((vm) => vm.id),
      ...(service ? { service: [service as Service] } : {}),
    };
    did = createPeerDid4(input).longForm;
  }
  const didDocument = await createDidResolver({ examples: false }).resolve(did);
  // Both did:peer:2 and our did:peer:4 input documents number the keys #key-1.. in the order above.
  const secrets = keys.map(({ key }, i) => ({ kid: `${did}#key-${i + 1}`, privateJwk: key.privateJwk }));
  return { did, didDocument, secrets };
}
