/**
 * The one DID resolver of the reference implementation: did:peer (0, 2, 4), did:key, did:web (offline by
 * default) and did:example (vector fixtures), dispatched through the `did-resolver` package. Every
 * document it returns has absolute ids everywhere (KEYS-003, AMB-09), so a `kid` such as
 * `did:peer:2...#key-1` matches a verification method by plain string comparison.
 * @module
 */
import { Resolver, type DIDResolutionResult, type DIDResolver } from 'did-resolver';
import { DidcommError, isDidcommError } from '../errors/didcomm-error.js';
import { absoluteId, type DidDocument, type DidDocumentResolver, type Service, type VerificationMethod } from './document.js';
import { exampleDidDocuments, type ExampleDidSet } from './example.js';
import { resolveDidKey, type DidKeyOptions } from './key.js';
import { PeerDidMethod } from './peer/peer-method.js';
import { WebDidMethod, type DidWebOptions } from './web.js';

/** Options of `createDidResolver`. */
export interface CreateDidResolverOptions {
  /** Documents of any method, resolved as given (after making their ids absolute); they win over methods. */
  documents?: DidDocument[];
  /** did:example fixture set loaded up front; `false` for none. Default `'sicpa'` (a superset of the spec's). */
  examples?: ExampleDidSet | false;
  /** did:web: fixture documents and whether network access is allowed (default: offline). */
  web?: DidWebOptions;
  /** did:key and did:peer:0: whether an Ed25519 key also yields its X25519 keyAgreement key (default true). */
  key?: DidKeyOptions;
}

/** A resolver over every method above, which can also be taught documents and did:peer:4 long forms. */
export interface DidcommDidResolver extends DidDocumentResolver {
  /** Resolves a DID; throws a `DidcommError` (`ERR_DID_NOT_RESOLVED`, with the requirement that failed). */
  resolve(did: string): Promise<DidDocument>;
  /** Teaches the resolver a document (any method); later resolutions of its DID return it. */
  addDocument(doc: DidDocument): void;
  /** The DID methods this resolver handles. */
  readonly methods: readonly string[];
}

/** Result member carrying our typed error through `did-resolver`'s plain resolution result. */
const ERROR_MEMBER = 'didcommError';

function failed(error: DidcommError): DIDResolutionResult {
  return {
    didDocument: null,
    didDocumentMetadata: {},
    didResolutionMetadata: { error: error.requirement === 'KEYS-001' ? 'notFound' : 'invalidDid', message: error.message, [ERROR_MEMBER]: error },
  };
}

function adapt(resolve: (did: string) => DidDocument | Promise<DidDocument>): DIDResolver {
  return async (did) => {
    try {
      const doc = await resolve(did);
      return { didDocument: doc as DIDResolutionResult['didDocument'], didDocumentMetadata: {}, didResolutionMetadata: { contentType: 'application/did+json' } };
    } catch (error) {
      if (isDidcommError(error)) return failed(error);
      return failed(new DidcommError('ERR_DID_NOT_RESOLVED', `${did} cannot be resolved`, { requirement: 'KEYS-001', cause: error }));
    }
  };
}

/** Creates the resolver; see `CreateDidResolverOptions` for what it knows without network access. */
export function createDidResolver(options: CreateDidResolverOptions = {}): DidcommDidResolver {
  const known = new Map<string, DidDocument>();
  const addDocument = (doc: DidDocument): void => {
    if (typeof doc?.id !== 'string') throw new TypeError('a DID document needs a string "id"');
    known.set(doc.id, absolutizeDidDocument(doc));
  };
  for (const doc of options.examples === false ? [] : exampleDidDocuments(options.examples ?? 'sicpa')) addDocument(doc);
  for (const doc of options.documents ?? []) addDocument(doc);

  const peer = new PeerDidMethod(options.key);
  const web = new WebDidMethod(options.web);
  const fromKnown = (did: string): DidDocument => {
    const doc = known.get(did);
    if (!doc) throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} is not among the known did:example documents`, { requirement: 'KEYS-001' });
    return doc;
  };
  const registry: Record<string, DIDResolver> = {
    peer: adapt((did) => peer.resolve(did)),
    key: adapt((did) => resolveDidKey(did, options.key)),
    web: adapt((did) => web.resolve(did)),
    example: adapt(fromKnown),
  };
  const dispatcher = new Resolver(registry, { cache: false });

  return {
    methods: Object.keys(registry),
    addDocument,
    async resolve(did: string): Promise<DidDocument> {
      const given = known.get(did);
      if (given) return structuredClone(given);
      const result = await dispatcher.resolve(did);
      const carried = result.didResolutionMetadata[ERROR_MEMBER] as unknown;
      if (isDidcommError(carried)) throw carried;
      if (!result.didDocument) {
        const why = result.didResolutionMetadata.error === 'unsupportedDidMethod' ? 'uses a DID method this resolver does not support' : 'is not a valid DID';
        throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} ${why}`, { requirement: 'KEYS-001' });
      }
      const doc = absolutizeDidDocument(result.didDocument as unknown as DidDocument);
      if (doc.id !== did) {
        throw new DidcommError('ERR_DID_NOT_RESOLVED', `resolving ${did} gave the document of ${doc.id}`, { requirement: 'KEYS-001' });
      }
      return doc;
    },
  };
}

/**
 * A copy of `doc` with every relative id and reference made absolute against `doc.id` (KEYS-003, AMB-09):
 * verification method ids and controllers, relationship references and embedded methods, service ids and
 * relative `routingKeys`.
 */
export function absolutizeDidDocument(doc: DidDocument): DidDocument {
  const did = doc.id;
  const abs = (id: string): string => absoluteId(did, id);
  const method = (vm: VerificationMethod): VerificationMethod => ({
    ...vm,
    id: abs(vm.id),
    ...(typeof vm.controller === 'string' ? { controller: abs(vm.controller) } : {}),
  });
  const out: DidDocument = structuredClone(doc);
  if (out.verificationMethod) out.verificationMethod = out.verificationMethod.map(method);
  for (const relationship of ['authentication', 'assertionMethod', 'keyAgreement', 'capabilityInvocation', 'capabilityDelegation'] as const) {
    const entries = out[relationship];
    if (entries) out[relationship] = entries.map((entry) => (typeof entry === 'string' ? abs(entry) : method(entry)));
  }
  if (out.service) out.service = out.service.map((service) => absolutizeService(service, abs));
  return out;
}

function absolutizeService(service: Service, abs: (id: string) => string): Service {
  const endpoint = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const routingKeys = (value as { routingKeys?: unknown }).routingKeys;
    return Array.isArray(routingKeys)
      ? { ...value, routingKeys: routingKeys.map((key) => (typeof key === 'string' ? abs(key) : key)) }
      : value;
  };
  const serviceEndpoint = Array.isArray(service.serviceEndpoint) ? service.serviceEndpoint.map(endpoint) : endpoint(service.serviceEndpoint);
  const out = { ...service, serviceEndpoint } as Service;
  if (typeof service.id === 'string') out.id = abs(service.id);
  // The legacy flat form keeps routingKeys beside a string serviceEndpoint (SVC-002).
  if (Array.isArray(service.routingKeys)) out.routingKeys = service.routingKeys.map((key) => (typeof key === 'string' ? abs(key) : key));
  return out;
}
