/**
 * The live Veramo agent: an in-memory Veramo 7.0.1 agent with Veramo's own message handling and the
 * protocol handlers @veramo/did-comm ships (trust ping 2.0, coordinate-mediation 3.0 both roles, routing
 * 2.0 forward queueing, pickup 3.0 both roles), reached over loopback HTTP (listener.ts).
 * - In: each POST is recorded, unpacked once by `unpackDIDCommMessage` for the record (what Veramo saw),
 *   then given to `handleMessage`. Veramo's verdict becomes the HTTP answer: a rejection 400 (TRANS-003),
 *   a `ReturnRouteResponse` its handlers attached 200 with that message (TRANS-RR-002), otherwise 202.
 * - Out: `packDIDCommMessage` + `sendDIDCommMessage` with Veramo's `DIDCommHttpTransport`, which resolves
 *   the recipient's DIDComm service, wraps forwards (ROUTE-007, ROUTE-011) and POSTs.
 * Separate from the pack/unpack agent (agent.ts), whose capturing transport must never reach the network.
 * @module
 */
import { createAgent, type IDataStore, type IDataStoreORM, type IDIDManager, type IKeyManager, type IMessageHandler, type IResolver, type TAgent } from '@veramo/core';
import {
  CoordinateMediationV3MediatorMessageHandler, CoordinateMediationV3RecipientMessageHandler, DIDComm, DIDCommHttpTransport, DIDCommMessageHandler,
  PickupMediatorMessageHandler, PickupRecipientMessageHandler, RoutingMessageHandler, TrustPingMessageHandler,
  type IDIDComm, type IDIDCommMessage, type IDIDCommTransport, type IDIDCommTransportResult,
} from '@veramo/did-comm';
import { DataStoreJson } from '@veramo/data-store-json';
import { DIDManager, MemoryDIDStore } from '@veramo/did-manager';
import { DIDResolverPlugin } from '@veramo/did-resolver';
import { KeyManager, MemoryKeyStore, MemoryPrivateKeyStore } from '@veramo/key-manager';
import { KeyManagementSystem } from '@veramo/kms-local';
import { MediationManagerPlugin, type IMediationManager } from '@veramo/mediation-manager';
import { MessageHandler } from '@veramo/message-handler';
import { PeerDIDProvider } from '@veramo/did-provider-peer';
import type { EnvelopeKind, ReceivedMessage, SendResult, UnpackResult } from '../../src/adapter/protocol/v1/types.generated.js';
import { describeLayers, registeredThenVeramo, veramoRejection, type ImportableKey } from './agent.js';
import { Listener, type Arrival, type HttpAnswer } from './listener.js';
import { KeyValueStore } from './veramo-internals.js';

export type LiveVeramo = TAgent<IDIDManager & IKeyManager & IResolver & IDIDComm & IMessageHandler & IDataStore & IDataStoreORM & IMediationManager>;

/** Veramo's packing for each envelope the harness names. */
const PACKING = { plaintext: 'none', signed: 'jws', anoncrypt: 'anoncrypt', authcrypt: 'authcrypt' } as const;

/** One delivery Veramo's HTTP transport made, as it reported it. */
interface Delivery {
  endpoint: string;
  result: IDIDCommTransportResult;
}

/**
 * Veramo's `DIDCommHttpTransport`, watched: every call goes to it unchanged; the result is kept so the
 * adapter can tell "delivered" apart from errors Veramo raises afterwards (handling the reply it got back).
 */
class WatchedHttpTransport implements IDIDCommTransport {
  private readonly http = new DIDCommHttpTransport();
  readonly deliveries: Delivery[] = [];
  get id(): string {
    return this.http.id;
  }
  isServiceSupported(service: unknown): boolean {
    return this.http.isServiceSupported(service);
  }
  async send(service: unknown, message: string): Promise<IDIDCommTransportResult> {
    const result = await this.http.send(service, message);
    this.deliveries.push({ endpoint: endpointOf(service), result });
    return result;
  }
}

function endpointOf(service: unknown): string {
  const endpoint = (service as { serviceEndpoint?: unknown }).serviceEndpoint;
  const first = Array.isArray(endpoint) ? endpoint[0] : endpoint;
  return typeof first === 'string' ? first : String((first as { uri?: unknown } | undefined)?.uri ?? '');
}

/** An error with the AggregateError causes Veramo nests per attempted transport and hop, depth first. */
function withCauses(error: unknown): string {
  const causes = (error as { cause?: { errors?: unknown[] } }).cause?.errors ?? [];
  const message = error instanceof Error ? error.message : String(error);
  return causes.length ? `${message} (${causes.map(withCauses).join('; ')})` : message;
}

function newVeramo(documents: Map<string, Record<string, unknown>>, transport: WatchedHttpTransport, privateKeys: MemoryPrivateKeyStore): LiveVeramo {
  const kv = (namespace: string) => new KeyValueStore({ namespace, store: new Map() }) as never;
  return createAgent({
    plugins: [
      new KeyManager({ store: new MemoryKeyStore(), kms: { local: new KeyManagementSystem(privateKeys) } }),
      new DIDManager({ store: new MemoryDIDStore(), defaultProvider: 'did:peer', providers: { 'did:peer': new PeerDIDProvider({ defaultKms: 'local' }) } }),
      new DIDResolverPlugin({ resolver: registeredThenVeramo(documents) as never }),
      new DIDComm({ transports: [transport as never] }),
      new DataStoreJson({ notifyUpdate: async () => {} }),
      // Grant-all is Veramo's default policy (isMediateDefaultGrantAll = true).
      new MediationManagerPlugin(true, kv('policy'), kv('mediation'), kv('recipient')),
      new MessageHandler({
        messageHandlers: [
          new DIDCommMessageHandler(), new TrustPingMessageHandler(),
          new CoordinateMediationV3MediatorMessageHandler(), new RoutingMessageHandler(), new PickupMediatorMessageHandler(),
          new CoordinateMediationV3RecipientMessageHandler(), new PickupRecipientMessageHandler(),
        ],
      }),
    ],
  }) as LiveVeramo;
}

export class VeramoLiveAgent {
  private readonly transport = new WatchedHttpTransport();
  private readonly documents = new Map<string, Record<string, unknown>>();
  /** What Veramo's unpack made of each arrival, by seq (filled in as arrivals are handled). */
  private readonly seen = new Map<number, UnpackResult>();
  /** The private keys of the identities this agent created, so the adapter's pack/unpack agent can hold them too. */
  private privateKeys = new MemoryPrivateKeyStore();
  veramo: LiveVeramo;

  private constructor(readonly listener: Listener) {
    this.veramo = newVeramo(this.documents, this.transport, this.privateKeys);
  }

  static async start(): Promise<VeramoLiveAgent> {
    let live: VeramoLiveAgent | undefined;
    const listener = await Listener.start((arrival) => live!.receive(arrival));
    live = new VeramoLiveAgent(listener);
    return live;
  }

  /** A fresh Veramo agent (identities, stores, mediation state) on the same endpoint; arrivals forgotten. */
  reset(): void {
    this.documents.clear();
    this.privateKeys = new MemoryPrivateKeyStore();
    this.veramo = newVeramo(this.documents, this.transport, this.privateKeys);
    this.seen.clear();
    this.listener.clear();
  }

  /** Teaches the live agent's resolver a document the harness registered (until the next reset). */
  registerDocument(document: Record<string, unknown>): void {
    this.documents.set(String(document['id']), document);
  }

  /**
   * A did:peer:2 created by Veramo's PeerDIDProvider whose DIDComm service is `uri` (default: this
   * listener; a mediator's DID or URL for a routed identity) with `routingKeys` when given.
   */
  async createIdentity(uri = this.listener.url, routingKeys: string[] = []): Promise<{ did: string; didDocument: Record<string, unknown> }> {
    const serviceEndpoint = { uri, accept: ['didcomm/v2'], ...(routingKeys.length ? { routingKeys } : {}) };
    const identifier = await this.veramo.didManagerCreate({
      provider: 'did:peer',
      options: { num_algo: 2, service: { id: '#didcomm-1', type: 'DIDCommMessaging', serviceEndpoint } },
    } as never);
    const resolved = await this.veramo.resolveDid({ didUrl: identifier.did });
    if (!resolved.didDocument) throw new Error(`Veramo cannot resolve the DID it created: ${JSON.stringify(resolved.didResolutionMetadata)}`);
    return { did: identifier.did, didDocument: resolved.didDocument as unknown as Record<string, unknown> };
  }

  /**
   * The keys of a DID this agent created, in the shape `didManagerImport` takes (private key material: handed to
   * the adapter's other Veramo agent in this process, never returned to the harness).
   */
  async importableKeys(did: string): Promise<ImportableKey[]> {
    const identifier = await this.veramo.didManagerGet({ did });
    return Promise.all(identifier.keys.map(async (key) => ({
      kid: key.kid, kms: 'local', type: key.type, privateKeyHex: (await this.privateKeys.getKey({ alias: key.kid })).privateKeyHex,
    })));
  }

  /** Packs `message` as `envelope` with Veramo and sends it with Veramo's send path. */
  async send(message: IDIDCommMessage, to: string, envelope: EnvelopeKind = 'authcrypt'): Promise<SendResult> {
    const packed = await this.veramo.packDIDCommMessage({ packing: PACKING[envelope], message });
    return this.deliver(packed, message.id, to);
  }

  /**
   * `sendDIDCommMessage`. It throws when no transport delivered, and also when handling a reply that came
   * back on the connection fails after a delivery; the watched transport tells which (logged, not hidden).
   */
  async deliver(packedMessage: { message: string }, messageId: string, to: string): Promise<SendResult> {
    const before = this.transport.deliveries.length;
    try {
      await this.veramo.sendDIDCommMessage({ packedMessage, messageId, recipientDidUrl: to });
    } catch (error) {
      console.error(`veramo adapter: sendDIDCommMessage to ${to} threw: ${withCauses(error)}`);
    }
    const made = this.transport.deliveries.slice(before);
    const ok = made.find((d) => !d.result.error);
    const endpoint = (ok ?? made[0])?.endpoint;
    return { delivered: ok !== undefined, ...(endpoint ? { endpoint } : {}) };
  }

  /** Every arrival after `after`, with what Veramo's unpack made of it once handled. */
  received(after = 0): ReceivedMessage[] {
    return this.listener.arrivals.filter((a) => a.seq > after).map((a) => {
      const unpacked = this.seen.get(a.seq);
      return { seq: a.seq, packed: a.packed, transport: a.transport, ...(a.contentType ? { contentType: a.contentType } : {}), ...(unpacked ? { unpacked } : {}) };
    });
  }

  private async receive(arrival: Arrival): Promise<HttpAnswer> {
    const veramo = this.veramo;
    try {
      const { message, metaData } = await veramo.unpackDIDCommMessage({ message: arrival.packed });
      this.seen.set(arrival.seq, { status: 'accepted', message: message as never, metadata: describeLayers(metaData.packing, arrival.packed) });
    } catch (error) {
      this.seen.set(arrival.seq, veramoRejection(error));
    }
    let handled;
    try {
      handled = await veramo.handleMessage({ raw: arrival.packed, save: false });
    } catch (error) {
      // Veramo's MessageHandler rejects what no handler could read (it unpacks every DIDComm v2 message it can).
      const seen = this.seen.get(arrival.seq);
      const why = seen?.status === 'rejected' ? `; unpackDIDCommMessage: ${seen.error.message}` : '';
      console.error(`veramo adapter: POST #${arrival.seq} answered 400: handleMessage rejected it: ${(error as Error).message}${why}`);
      return { status: 400, body: (error as Error).message, contentType: 'text/plain' };
    }
    const reply = handled.metaData?.find((m) => m.type === 'ReturnRouteResponse')?.value;
    if (reply) {
      const { message, contentType } = JSON.parse(reply) as { message: string; contentType?: string };
      return { status: 200, body: message, ...(contentType ? { contentType } : {}) };
    }
    return { status: 202 };
  }

  close(): Promise<void> {
    return this.listener.close();
  }
}
