/**
 * Checks the DID document an agent publishes for itself (what `createIdentity` returns and what others
 * resolve its DID to): its DIDComm services (SVC-001..003: type, unique id, serviceEndpoint object or array
 * of objects with `uri`, `accept` and `routingKeys`), its key relationships (KEYS-001: encryption keys in
 * `keyAgreement`, signing keys in `authentication`; KEYS-002: every relationship entry resolves to a
 * verification method of a type whose key can be read), and for did:peer:2 the method's encoding and
 * resolution rules (PEER-002, PEER-003; src/did/peer/own-encoding.ts). Findings, not exceptions: a suite
 * reports them all at once.
 * @module
 */
import type { RequirementId } from '../spec/requirements.js';
import { isDidcommError } from '../errors/didcomm-error.js';
import { absoluteId, keyIdsFor, parseDidUrl, verificationMethods, type DidDocument, type DidDocumentResolver, type Service } from './document.js';
import { publicJwkOfVerificationMethod } from './key-formats.js';
import { keyTypeOfJwk, type KeyType } from './multikey.js';
import { checkPeerDid2Document, checkPeerDid2Encoding } from './peer/own-encoding.js';

/** One rule an agent's DID document breaks. */
export interface DocumentFinding {
  requirement: RequirementId;
  /** JSON pointer into the document (or `/id` for the DID string itself). */
  pointer: string;
  message: string;
}

/** Key types that can agree keys (ENC-ALG-001) and sign (ENV-SIGN-001). */
const AGREEMENT: readonly KeyType[] = ['X25519', 'P-256', 'P-384', 'P-521'];
const SIGNING: readonly KeyType[] = ['Ed25519', 'P-256', 'secp256k1'];

/** Transport URIs the spec defines (§8) or a DID used as an endpoint (ROUTE-011). */
const ENDPOINT_URI = /^(https?|wss?):\/\/\S+$/;

function isDidcommService(service: Service): boolean {
  return (Array.isArray(service.type) ? service.type : [service.type]).includes('DIDCommMessaging');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);
}

/** SVC-001..003 for the services of `doc`; `expectService`: the agent was asked for an endpoint. */
export function checkServices(doc: DidDocument, expectService: boolean): DocumentFinding[] {
  const findings: DocumentFinding[] = [];
  const services = Array.isArray(doc.service) ? doc.service : [];
  if (expectService && !services.some(isDidcommService)) {
    findings.push({ requirement: 'SVC-001', pointer: '/service', message: 'no service of type DIDCommMessaging, though the identity was created with an endpoint' });
  }
  const ids = services.map((s) => (typeof s.id === 'string' ? absoluteId(doc.id, s.id) : undefined));
  services.forEach((service, i) => {
    const at = `/service/${i}`;
    if (!isDidcommService(service)) return;
    if (service.type !== 'DIDCommMessaging') findings.push({ requirement: 'SVC-001', pointer: `${at}/type`, message: `type is ${JSON.stringify(service.type)}, not "DIDCommMessaging"` });
    if (ids[i] === undefined) findings.push({ requirement: 'SVC-001', pointer: `${at}/id`, message: 'the service has no id (REQUIRED)' });
    else if (ids.indexOf(ids[i]) !== i) findings.push({ requirement: 'SVC-001', pointer: `${at}/id`, message: `service id ${ids[i]} is not unique` });
    const endpoints = Array.isArray(service.serviceEndpoint) ? service.serviceEndpoint : [service.serviceEndpoint];
    endpoints.forEach((endpoint, j) => {
      const where = Array.isArray(service.serviceEndpoint) ? `${at}/serviceEndpoint/${j}` : `${at}/serviceEndpoint`;
      if (typeof endpoint !== 'object' || endpoint === null || Array.isArray(endpoint)) {
        findings.push({ requirement: 'SVC-002', pointer: where, message: `serviceEndpoint is ${typeof endpoint === 'string' ? 'a string (the legacy flat form)' : JSON.stringify(endpoint)}, not an object {uri, accept?, routingKeys?} or an array of them` });
        return;
      }
      if (typeof endpoint.uri !== 'string' || endpoint.uri.length === 0) findings.push({ requirement: 'SVC-003', pointer: `${where}/uri`, message: 'uri is missing (REQUIRED)' });
      else if (!ENDPOINT_URI.test(endpoint.uri) && parseDidUrl(endpoint.uri) === undefined) findings.push({ requirement: 'SVC-003', pointer: `${where}/uri`, message: `uri ${JSON.stringify(endpoint.uri)} is neither a transport URI nor a DID` });
      if (endpoint.accept !== undefined && !isStringArray(endpoint.accept)) findings.push({ requirement: 'SVC-002', pointer: `${where}/accept`, message: `accept is ${JSON.stringify(endpoint.accept)}, not an array of profiles` });
      if (endpoint.routingKeys !== undefined) {
        if (!isStringArray(endpoint.routingKeys)) findings.push({ requirement: 'SVC-002', pointer: `${where}/routingKeys`, message: `routingKeys is ${JSON.stringify(endpoint.routingKeys)}, not an array of key references` });
        else endpoint.routingKeys.forEach((key, k) => {
          if (parseDidUrl(absoluteId(doc.id, key)) === undefined) findings.push({ requirement: 'SVC-002', pointer: `${where}/routingKeys/${k}`, message: `routing key ${JSON.stringify(key)} is not a DID or DID URL` });
        });
      }
    });
  });
  return findings;
}

/** The pointer of a relationship entry: `/keyAgreement/0`. */
function entryPointer(doc: DidDocument, relationship: 'keyAgreement' | 'authentication', kid: string): string {
  const index = (doc[relationship] ?? []).findIndex((entry) => absoluteId(doc.id, typeof entry === 'string' ? entry : entry.id) === kid);
  return `/${relationship}/${index}`;
}

/** KEYS-001, KEYS-002: relationship entries resolve to readable methods of the right kind of key. */
export function checkKeys(doc: DidDocument): DocumentFinding[] {
  const findings: DocumentFinding[] = [];
  const methods = verificationMethods(doc);
  const agreement = keyIdsFor(doc, 'keyAgreement');
  if (agreement.length === 0) findings.push({ requirement: 'KEYS-001', pointer: '/keyAgreement', message: 'no keyAgreement key: nobody can encrypt to this DID' });
  for (const [relationship, allowed] of [['keyAgreement', AGREEMENT], ['authentication', SIGNING]] as const) {
    for (const kid of keyIdsFor(doc, relationship)) {
      const pointer = entryPointer(doc, relationship, kid);
      const method = methods.find((vm) => vm.id === kid);
      if (!method) {
        findings.push({ requirement: 'KEYS-002', pointer, message: `${kid} names no verification method of the document` });
        continue;
      }
      let keyType: KeyType | undefined;
      try {
        keyType = keyTypeOfJwk(publicJwkOfVerificationMethod(method));
      } catch (error) {
        findings.push({ requirement: 'KEYS-002', pointer, message: `the key of ${kid} (${method.type}) cannot be read: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
      if (keyType === undefined || !allowed.includes(keyType)) {
        findings.push({ requirement: 'KEYS-001', pointer, message: `${kid} is a ${keyType ?? 'unknown'} key in ${relationship}; ${relationship === 'keyAgreement' ? 'encryption keys are X25519, P-256, P-384 or P-521' : 'signing keys are Ed25519, P-256 or secp256k1'}` });
      }
    }
  }
  return findings;
}

/** What the check needs besides the DID. */
export interface OwnDocumentOptions {
  /** The document the agent returned for its DID (its own resolution). */
  returned: unknown;
  /** The harness's resolver (it must resolve the DID to the same keys and services). */
  resolver: DidDocumentResolver;
  /** The identity was created with a DIDComm endpoint. */
  expectService: boolean;
}

/** Every finding about the DID document of an agent's own `did`. */
export async function checkOwnDidDocument(did: string, options: OwnDocumentOptions): Promise<DocumentFinding[]> {
  const findings: DocumentFinding[] = [];
  if (did.startsWith('did:peer:2')) findings.push(...checkPeerDid2Encoding(did));
  let resolved: DidDocument;
  try {
    resolved = await options.resolver.resolve(did);
  } catch (error) {
    const requirement = isDidcommError(error) && error.requirement === 'PEER-002' ? 'PEER-002' : 'KEYS-001';
    return [...findings, { requirement, pointer: '/id', message: `${did} does not resolve: ${error instanceof Error ? error.message : String(error)}` }];
  }
  findings.push(...checkServices(resolved, options.expectService), ...checkKeys(resolved));
  const returned = options.returned as DidDocument;
  if (typeof returned !== 'object' || returned === null || returned.id !== did) {
    findings.push({ requirement: 'KEYS-002', pointer: '/id', message: `the document returned for ${did} has id ${JSON.stringify((returned as { id?: unknown } | null)?.id)}` });
    return findings;
  }
  // What the agent resolves its own DID to must agree with what the method says (PEER-003 for did:peer:2).
  if (did.startsWith('did:peer:2')) findings.push(...checkPeerDid2Document(returned, resolved));
  else findings.push(...sameKeys(returned, resolved));
  return findings;
}

/** The agent's document names the keys the method resolves to, under the same relationships (KEYS-002). */
function sameKeys(returned: DidDocument, resolved: DidDocument): DocumentFinding[] {
  const findings: DocumentFinding[] = [];
  for (const relationship of ['keyAgreement', 'authentication'] as const) {
    const keysOf = (doc: DidDocument): string[] => keyIdsFor(doc, relationship).map((kid) => {
      const method = verificationMethods(doc).find((vm) => vm.id === kid);
      try {
        return method ? JSON.stringify(publicJwkOfVerificationMethod(method), ['kty', 'crv', 'x', 'y']) : `missing ${kid}`;
      } catch {
        return `unreadable ${kid}`;
      }
    }).sort();
    if (JSON.stringify(keysOf(returned)) !== JSON.stringify(keysOf(resolved))) {
      findings.push({ requirement: 'KEYS-002', pointer: `/${relationship}`, message: `the ${relationship} keys of the returned document differ from what ${returned.id} resolves to` });
    }
  }
  return findings;
}
