/**
 * DIDComm service endpoints of a DID, in preference order, with the full routing-key list of each
 * (SVC-001..005, ROUTE-011). Accepts the three `serviceEndpoint` shapes seen in the wild (AMB-10): a
 * string (with legacy sibling `accept`/`routingKeys`), an object `{uri, accept, routingKeys}`, and an
 * array of either.
 * @module
 */
import { DidcommError } from '../errors/didcomm-error.js';
import { absoluteId, isDid, keyIdsFor, parseDidUrl, type DidDocument, type DidDocumentResolver, type Service } from './document.js';

/** One way to deliver a message to a DID. */
export interface DidcommEndpoint {
  /** Absolute id of the recipient's service this endpoint came from. */
  serviceId: string;
  /** Where to send: a transport URI (never a DID; DID endpoints are followed, ROUTE-011). */
  uri: string;
  /** Accepted profiles in preference order, when the service lists them (SVC-004). */
  accept: string[] | undefined;
  /**
   * One entry per forward hop, outermost (first to decrypt) first, as `routingKeys` orders them
   * (ROUTE-007): absolute key ids, or a DID meaning "all of that DID's keyAgreement keys" (AMB-17). For a
   * DID endpoint the mediator DID is prepended (ROUTE-011), after the mediator's own routing keys.
   */
  routingKeys: string[];
  /** The key ids each `routingKeys` entry stands for (a DID entry resolved to its keyAgreement ids). */
  routingKeyIds: string[][];
  /** The mediator DID followed when the service `uri` was a DID (ROUTE-011). */
  mediator?: string;
}

/** The DIDComm v2 profile; a service whose non-empty `accept` lacks it cannot take v2 messages. */
const DIDCOMM_V2 = 'didcomm/v2';

interface RawEndpoint {
  uri: string;
  accept: string[] | undefined;
  routingKeys: string[];
}

function invalid(message: string, requirement: 'SVC-002' | 'SVC-003' | 'ROUTE-011'): DidcommError {
  return new DidcommError('ERR_SERVICE_INVALID', message, { requirement });
}

function isDidcommService(service: Service): boolean {
  const types = Array.isArray(service.type) ? service.type : [service.type];
  return types.includes('DIDCommMessaging');
}

function stringArray(value: unknown, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw invalid(`${what} must be an array of strings`, 'SVC-002');
  return value;
}

/** The endpoints one service declares, in its own order (SVC-002, SVC-003, SVC-005). */
export function endpointsOfService(service: Service, did: string): RawEndpoint[] {
  const where = `service ${service.id ?? '(no id)'} of ${did}`;
  const entries = Array.isArray(service.serviceEndpoint) ? service.serviceEndpoint : [service.serviceEndpoint];
  return entries.map((entry, i) => {
    const at = Array.isArray(service.serviceEndpoint) ? `${where} serviceEndpoint[${i}]` : `${where} serviceEndpoint`;
    // Legacy flat form: string serviceEndpoint with accept/routingKeys beside it on the service (AMB-10).
    const source: Record<string, unknown> = typeof entry === 'string' ? { uri: entry, accept: service.accept, routingKeys: service.routingKeys } : entry;
    if (typeof source !== 'object' || source === null) throw invalid(`${at} is neither a URI string nor an object`, 'SVC-002');
    if (typeof source.uri !== 'string' || source.uri.length === 0) throw invalid(`${at} has no "uri" (REQUIRED)`, 'SVC-003');
    const routingKeys = (stringArray(source.routingKeys, `${at} routingKeys`) ?? []).map((key) => absoluteId(did, key));
    return { uri: source.uri, accept: stringArray(source.accept, `${at} accept`), routingKeys };
  });
}

function acceptsV2(endpoint: RawEndpoint): boolean {
  return endpoint.accept === undefined || endpoint.accept.length === 0 || endpoint.accept.includes(DIDCOMM_V2);
}

function isDidEndpoint(uri: string): boolean {
  return uri.startsWith('did:') && parseDidUrl(uri) !== undefined;
}

async function routingKeyIds(resolver: DidDocumentResolver, routingKeys: string[]): Promise<string[][]> {
  return Promise.all(routingKeys.map(async (key) => (isDid(key) ? keyIdsFor(await resolver.resolve(key), 'keyAgreement') : [key])));
}

/**
 * The DIDComm v2 endpoints of `did`, in the order its document prefers them (SVC-005). Services of
 * another type and endpoints whose `accept` excludes `didcomm/v2` are skipped. A `uri` that is a DID
 * is resolved once (ROUTE-011): its document MUST have a DIDComm service (else `ERR_SERVICE_INVALID`),
 * each of its endpoints yields one result, and a mediator that itself uses a DID endpoint is refused,
 * since the spec says it SHOULD NOT and following it could recurse. DIDs that do not resolve throw
 * `ERR_DID_NOT_RESOLVED`.
 */
export async function resolveDidcommEndpoints(resolver: DidDocumentResolver, did: string): Promise<DidcommEndpoint[]> {
  const doc = await resolver.resolve(did);
  const result: DidcommEndpoint[] = [];
  for (const service of doc.service ?? []) {
    if (!isDidcommService(service)) continue;
    const serviceId = absoluteId(doc.id, String(service.id));
    for (const endpoint of endpointsOfService(service, doc.id)) {
      if (!acceptsV2(endpoint)) continue;
      if (!isDidEndpoint(endpoint.uri)) {
        result.push({ serviceId, ...endpoint, routingKeyIds: await routingKeyIds(resolver, endpoint.routingKeys) });
        continue;
      }
      const mediator = parseDidUrl(endpoint.uri)!.did;
      for (const hop of await mediatorEndpoints(resolver, mediator, doc)) {
        // ROUTE-011: the mediator's keys are implicitly prepended to the recipient's routingKeys.
        const routingKeys = [...hop.routingKeys, mediator, ...endpoint.routingKeys];
        result.push({
          serviceId, uri: hop.uri, accept: endpoint.accept ?? hop.accept, routingKeys, mediator,
          routingKeyIds: await routingKeyIds(resolver, routingKeys),
        });
      }
    }
  }
  return result;
}

async function mediatorEndpoints(resolver: DidDocumentResolver, mediator: string, recipient: DidDocument): Promise<RawEndpoint[]> {
  const doc = await resolver.resolve(mediator);
  const services = (doc.service ?? []).filter(isDidcommService);
  if (services.length === 0) {
    throw invalid(`${recipient.id} routes through ${mediator}, whose DID document has no DIDCommMessaging service`, 'ROUTE-011');
  }
  if (keyIdsFor(doc, 'keyAgreement').length === 0) {
    throw invalid(`${recipient.id} routes through ${mediator}, whose DID document has no keyAgreement key`, 'ROUTE-011');
  }
  const endpoints = services.flatMap((service) => endpointsOfService(service, doc.id)).filter(acceptsV2);
  const recursive = endpoints.find((endpoint) => isDidEndpoint(endpoint.uri));
  if (recursive) {
    throw invalid(`mediator ${mediator} itself uses a DID endpoint (${recursive.uri}); it SHOULD NOT, and it is not followed`, 'ROUTE-011');
  }
  return endpoints;
}
