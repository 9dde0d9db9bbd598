/**
 * Translating the DID documents the harness hands over into the strict shape didcomm-node's resolver
 * deserializes (didcomm-rust `src/did/did_doc.rs`): absolute ids, every verification method in
 * `verificationMethod`, relationships as string references, a `service` array always present, and a
 * DIDCommMessaging `serviceEndpoint` as one object `{uri, accept, routingKeys}` (camelCase, whatever its
 * type definitions say). Key material is never changed, only moved; a method of a type didcomm-node does
 * not know (`Multikey`) is re-expressed as the same key in a `JsonWebKey2020`. This is input shaping, not
 * a repair: what the library then does with the keys is what the harness sees.
 * @module
 */
import { publicJwkOfVerificationMethod } from '../../src/did/key-formats.js';
import type { VerificationMethod as HarnessVerificationMethod } from '../../src/did/document.js';

/** The verification method types didcomm-rust 0.4 deserializes. */
const NODE_METHOD_TYPES = new Set([
  'JsonWebKey2020', 'X25519KeyAgreementKey2019', 'X25519KeyAgreementKey2020',
  'Ed25519VerificationKey2018', 'Ed25519VerificationKey2020', 'EcdsaSecp256k1VerificationKey2019',
]);

export interface NodeVerificationMethod {
  id: string;
  type: string;
  controller: string;
  publicKeyJwk?: unknown;
  publicKeyMultibase?: string;
  publicKeyBase58?: string;
}

export interface NodeService {
  id: string;
  type: string;
  serviceEndpoint: unknown;
}

/** didcomm-node's DIDDoc. */
export interface NodeDidDoc {
  id: string;
  keyAgreement: string[];
  authentication: string[];
  verificationMethod: NodeVerificationMethod[];
  service: NodeService[];
}

type Json = Record<string, unknown>;

function absolute(did: string, id: string): string {
  if (id.startsWith('#')) return `${did}${id}`;
  if (!id.startsWith('did:')) return `${did}#${id}`;
  return id;
}

function nodeMethod(did: string, raw: Json): NodeVerificationMethod {
  const id = absolute(did, String(raw['id']));
  const controller = typeof raw['controller'] === 'string' ? absolute(did, raw['controller']) : did;
  const type = String(raw['type']);
  if (!NODE_METHOD_TYPES.has(type)) {
    // Multikey and friends: the same key, in the JWK form didcomm-node reads.
    try {
      const publicKeyJwk = publicJwkOfVerificationMethod({ ...raw, id, type } as HarnessVerificationMethod);
      return { id, type: 'JsonWebKey2020', controller, publicKeyJwk };
    } catch {
      // Not a key we can read either: hand it over as it is and let the library decide.
    }
  }
  const method: NodeVerificationMethod = { id, type, controller };
  for (const member of ['publicKeyJwk', 'publicKeyMultibase', 'publicKeyBase58'] as const) {
    if (raw[member] !== undefined) (method as unknown as Json)[member] = raw[member];
  }
  return method;
}

function nodeEndpoint(endpoint: unknown): unknown {
  const one = Array.isArray(endpoint) ? endpoint[0] : endpoint;
  if (typeof one === 'string') return { uri: one, accept: [], routingKeys: [] };
  if (one && typeof one === 'object') {
    const object = one as Json;
    return {
      uri: object['uri'],
      accept: Array.isArray(object['accept']) ? object['accept'] : [],
      routingKeys: Array.isArray(object['routingKeys']) ? object['routingKeys'] : Array.isArray(object['routing_keys']) ? object['routing_keys'] : [],
    };
  }
  return one;
}

function nodeService(did: string, raw: Json, index: number): NodeService {
  const types = Array.isArray(raw['type']) ? (raw['type'] as string[]) : [String(raw['type'])];
  const type = types.includes('DIDCommMessaging') ? 'DIDCommMessaging' : types[0]!;
  const id = absolute(did, typeof raw['id'] === 'string' ? raw['id'] : `#service-${index}`);
  return { id, type, serviceEndpoint: type === 'DIDCommMessaging' ? nodeEndpoint(raw['serviceEndpoint']) : raw['serviceEndpoint'] };
}

/** The document in didcomm-node's shape. */
export function toNodeDidDoc(document: Json): NodeDidDoc {
  const did = String(document['id']);
  const methods = new Map<string, NodeVerificationMethod>();
  const add = (raw: unknown) => {
    if (raw && typeof raw === 'object') {
      const method = nodeMethod(did, raw as Json);
      if (!methods.has(method.id)) methods.set(method.id, method);
    }
  };
  for (const raw of (document['verificationMethod'] as unknown[] | undefined) ?? []) add(raw);
  const references = (relationship: string): string[] =>
    ((document[relationship] as unknown[] | undefined) ?? []).map((entry) => {
      if (typeof entry === 'string') return absolute(did, entry);
      add(entry);
      return absolute(did, String((entry as Json)['id']));
    });
  const keyAgreement = references('keyAgreement');
  const authentication = references('authentication');
  const services = (document['service'] as unknown[] | undefined) ?? [];
  return {
    id: did,
    keyAgreement,
    authentication,
    verificationMethod: [...methods.values()],
    service: services.map((service, index) => nodeService(did, service as Json, index)),
  };
}
