/**
 * A did:web identity the harness hosts itself (on loopback, for the suites that ask an agent to resolve
 * did:web): fresh keys written as `JsonWebKey2020` methods, the relationships given by reference (KEYS-002:
 * resolvers must follow string entries into `verificationMethod`), and a DIDComm service. The caller serves
 * `didDocument` at the URL `didWebUrl(did)` names (over HTTP on loopback).
 * @module
 */
import { createIdentity, type Identity } from './identity.js';
import { publicJwkOfVerificationMethod } from './key-formats.js';
import { keyIdsFor, verificationMethods, type DidDocument } from './document.js';

/** `did:web:<host>%3A<port>` for a loopback host and port. */
export function loopbackDidWeb(port: number, host = '127.0.0.1'): string {
  return `did:web:${host}%3A${port}`;
}

/** A did:web identity for `did` with one X25519 keyAgreement key, one Ed25519 authentication key and a service at `endpoint`. */
export async function createWebIdentity(did: string, endpoint: string): Promise<Identity> {
  const source = await createIdentity({ method: 'peer:4' });
  const renamed = new Map(verificationMethods(source.didDocument).map((vm, i) => [vm.id, `${did}#key-${i + 1}`]));
  const didDocument: DidDocument = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
    id: did,
    verificationMethod: verificationMethods(source.didDocument).map((vm) => ({
      id: renamed.get(vm.id)!, type: 'JsonWebKey2020', controller: did, publicKeyJwk: publicJwkOfVerificationMethod(vm),
    })),
    keyAgreement: keyIdsFor(source.didDocument, 'keyAgreement').map((kid) => renamed.get(kid)!),
    authentication: keyIdsFor(source.didDocument, 'authentication').map((kid) => renamed.get(kid)!),
    service: [{ id: `${did}#didcomm`, type: 'DIDCommMessaging', serviceEndpoint: { uri: endpoint, accept: ['didcomm/v2'] } }],
  };
  const secrets = source.secrets.map((secret) => ({ kid: renamed.get(secret.kid)!, privateJwk: secret.privateJwk }));
  return { did, didDocument, secrets };
}
