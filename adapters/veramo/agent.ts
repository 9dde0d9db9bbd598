/**
 * One in-memory Veramo 7 agent (DIDManager + KeyManager with the local KMS + DIDResolverPlugin + DIDComm)
 * and pack/unpack translated between adapter protocol v1 and `packDIDCommMessage`/`unpackDIDCommMessage`.
 * - Identities the harness hands over are imported with `didManagerImport`; Veramo itself matches its
 *   keys to the DID document's verification methods by public key bytes.
 * - The resolver answers the documents the harness registered, and did:key / did:peer through Veramo's own
 *   resolvers (the packages that ship with it).
 * - Veramo wraps routing forwards only inside `sendDIDCommMessage`; a capturing transport object takes the
 *   bytes it would POST, so no HTTP is involved.
 * - A Veramo error becomes a `rejected` result: code = the `prefix:` Veramo puts on its messages
 *   (`invalid_argument`, `not_supported`, ...), message verbatim.
 * @module
 */
import { createAgent, type IDIDManager, type IKeyManager, type IResolver, type TAgent, type TKeyType } from '@veramo/core';
import { DIDComm, type IDIDComm, type IDIDCommTransport } from '@veramo/did-comm';
import { DIDManager, MemoryDIDStore } from '@veramo/did-manager';
import { KeyManager, MemoryKeyStore, MemoryPrivateKeyStore } from '@veramo/key-manager';
import { KeyManagementSystem } from '@veramo/kms-local';
import { DIDResolverPlugin } from '@veramo/did-resolver';
import { KeyDIDProvider, getDidKeyResolver } from '@veramo/did-provider-key';
import { PeerDIDProvider, getResolver as getDidPeerResolver } from '@veramo/did-provider-peer';
import { Resolver, type DIDResolutionResult } from 'did-resolver';
import type { PackParams, PackResult, PrivateJwk, Rejection, UnpackMetadata, UnpackResult } from '../../src/adapter/protocol/v1/types.generated.js';

type Json = Record<string, unknown>;
export type VeramoAgent = TAgent<IDIDManager & IKeyManager & IResolver & IDIDComm>;

/** Raised by the adapter when Veramo's API has no way to say what was asked. */
export class CannotExpress extends Error {
  override readonly name = 'CannotExpress';
}

export function veramoRejection(error: unknown): { status: 'rejected'; error: Rejection } {
  if (error instanceof CannotExpress) {
    return { status: 'rejected', error: { code: 'ADAPTER_CANNOT_EXPRESS', message: `Veramo's API cannot do this: ${error.message}` } };
  }
  const message = error instanceof Error ? error.message : String(error);
  const prefix = /^([a-z_]+):/.exec(message)?.[1];
  return { status: 'rejected', error: { code: prefix ?? (error instanceof Error ? error.name : 'Error'), message: message.slice(0, 10_000) } };
}

/** Veramo's key type for a private JWK, or undefined when its KMS has none (P-384, P-521). */
function veramoKeyType(jwk: Json): TKeyType | undefined {
  switch (jwk['crv']) {
    case 'X25519': return 'X25519';
    case 'Ed25519': return 'Ed25519';
    case 'secp256k1': return 'Secp256k1';
    case 'P-256': return 'Secp256r1';
    default: return undefined;
  }
}

/** A transport that keeps what Veramo would send instead of sending it. */
class CapturingTransport implements IDIDCommTransport {
  readonly id = 'capture';
  sent: Array<{ service: unknown; message: string }> = [];
  isServiceSupported(): boolean {
    return true;
  }
  async send(service: unknown, message: string) {
    this.sent.push({ service, message });
    return {};
  }
}

/**
 * The resolver both Veramo agents of the adapter use: documents the harness registered first, then did:key
 * and did:peer through Veramo's own resolvers (the packages that ship with it).
 */
export function registeredThenVeramo(documents: Map<string, Json>): { resolve(didUrl: string, options?: unknown): Promise<DIDResolutionResult> } {
  const fallback = new Resolver({ ...getDidKeyResolver(), ...getDidPeerResolver() } as never);
  return {
    resolve: async (didUrl, options) => {
      const document = documents.get(didUrl.split(/[#?/]/, 1)[0]!);
      if (document) return { didDocument: document as never, didResolutionMetadata: { contentType: 'application/did+json' }, didDocumentMetadata: {} };
      return fallback.resolve(didUrl, options as never);
    },
  };
}

function b64json(segment: string): Json | undefined {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Json;
  } catch {
    return undefined;
  }
}

/** A private key as Veramo's `didManagerImport` takes it. */
export interface ImportableKey {
  kid: string;
  kms: 'local';
  type: string;
  privateKeyHex: string;
}

export class VeramoHarnessAgent {
  readonly documents = new Map<string, Json>();
  readonly transport = new CapturingTransport();
  readonly agent: VeramoAgent;

  constructor() {
    const resolver = registeredThenVeramo(this.documents);
    this.agent = createAgent<IDIDManager & IKeyManager & IResolver & IDIDComm>({
      plugins: [
        new KeyManager({ store: new MemoryKeyStore(), kms: { local: new KeyManagementSystem(new MemoryPrivateKeyStore()) } }),
        new DIDManager({
          store: new MemoryDIDStore(),
          defaultProvider: 'did:key',
          providers: {
            'did:key': new KeyDIDProvider({ defaultKms: 'local' }),
            'did:peer': new PeerDIDProvider({ defaultKms: 'local' }),
          },
        }),
        new DIDResolverPlugin({ resolver: resolver as never }),
        new DIDComm({ transports: [this.transport as never] }),
      ],
    });
  }

  registerDocument(document: Json): void {
    this.documents.set(String(document['id']), document);
  }

  /** `didManagerImport` of the DID with every private key Veramo's KMS can hold; returns the keys it could not. */
  async importIdentity(document: Json, secrets: PrivateJwk[]): Promise<string[]> {
    this.registerDocument(document);
    const did = String(document['id']);
    const keys = [];
    const skipped: string[] = [];
    for (const secret of secrets) {
      const type = veramoKeyType(secret as Json);
      const d = (secret as Json)['d'];
      if (!type || typeof d !== 'string') {
        skipped.push(`${secret.kid} (${String((secret as Json)['crv'])})`);
        continue;
      }
      keys.push({ kid: secret.kid, kms: 'local' as const, type, privateKeyHex: Buffer.from(d, 'base64url').toString('hex') });
    }
    await this.adopt(did, keys);
    return skipped;
  }

  /**
   * Holds a DID the live agent created (its document and private keys): the harness packs to and unpacks for
   * created identities through this agent as for imported ones (a key only the live agent held made every such
   * unpack fail with "no key", an adapter fault the matrix charged to Veramo).
   */
  async adoptCreated(document: Json, keys: ImportableKey[]): Promise<void> {
    this.registerDocument(document);
    await this.adopt(String(document['id']), keys);
  }

  private async adopt(did: string, keys: ImportableKey[]): Promise<void> {
    try {
      await this.agent.didManagerDelete({ did });
    } catch {
      // not imported before
    }
    await this.agent.didManagerImport({ did, provider: `did:${did.split(':')[1]}`, keys, services: [] } as never);
  }

  /** keyAgreement ids of a registered document on `curve`. */
  private keyAgreementOn(did: string, curve: string): string[] {
    const document = this.documents.get(did);
    if (!document) return [];
    const methods = new Map<string, Json>();
    for (const m of (document['verificationMethod'] as Json[] | undefined) ?? []) methods.set(absolute(did, String(m['id'])), m);
    return ((document['keyAgreement'] as unknown[] | undefined) ?? []).flatMap((entry) => {
      const method = typeof entry === 'string' ? methods.get(absolute(did, entry)) : (entry as Json);
      if (!method) return [];
      const jwk = method['publicKeyJwk'] as Json | undefined;
      const crv = jwk?.['crv'] ?? (String(method['type']).startsWith('X25519') ? 'X25519' : undefined);
      return crv === curve ? [absolute(did, String(method['id']))] : [];
    });
  }

  async pack(params: PackParams): Promise<PackResult> {
    const { envelope, to, from, signBy, enc, curve, protectSender, forward } = params;
    const message = params.message as Json;
    try {
      if (envelope === 'plaintext') {
        const { message: packed } = await this.agent.packDIDCommMessage({ packing: 'none', message: message as never });
        return { status: 'packed', packed, mediaType: 'application/didcomm-plain+json' };
      }
      if (envelope === 'signed') {
        const { message: packed } = await this.agent.packDIDCommMessage({ packing: 'jws', message: message as never, ...(signBy ? { keyRef: signBy } : {}) });
        return { status: 'packed', packed, mediaType: 'application/didcomm-signed+json' };
      }
      // Encrypted. Veramo's packings: authcrypt, anoncrypt, anoncrypt+authcrypt, anoncrypt+jws.
      let packing: 'authcrypt' | 'anoncrypt' | 'anoncrypt+authcrypt' | 'anoncrypt+jws';
      if (envelope === 'authcrypt') {
        if (signBy) throw new CannotExpress('authcrypt(sign(...)): no packing for it');
        packing = protectSender ? 'anoncrypt+authcrypt' : 'authcrypt';
      } else {
        packing = signBy ? 'anoncrypt+jws' : 'anoncrypt';
      }
      // Recipients: Veramo encrypts to message.to plus options.bcc; key ids narrow it with recipientKids.
      const messageTo = Array.isArray(message['to']) ? (message['to'] as string[]) : [];
      const targets = to ?? messageTo;
      const targetDids = [...new Set(targets.map((t) => t.split('#')[0]!))];
      const bcc = targetDids.filter((did) => !messageTo.includes(did));
      let recipientKids = targets.filter((t) => t.includes('#'));
      if (curve && recipientKids.length === 0) recipientKids = targetDids.flatMap((did) => this.keyAgreementOn(did, curve));
      const options: Json = {
        alg: envelope === 'authcrypt' ? 'ECDH-1PU+A256KW' : 'ECDH-ES+A256KW',
        ...(enc ? { enc } : {}),
        ...(bcc.length ? { bcc } : {}),
        ...(recipientKids.length ? { recipientKids } : {}),
      };
      let keyRef: string | undefined = signBy;
      if (envelope === 'authcrypt') {
        const sender = from ?? (message['from'] as string | undefined);
        if (sender?.includes('#')) keyRef = sender;
        else if (sender && curve) keyRef = this.keyAgreementOn(sender, curve)[0];
      }
      const { message: packed } = await this.agent.packDIDCommMessage({
        packing: packing as never, message: message as never, ...(keyRef ? { keyRef } : {}), options: options as never,
      });
      if (!forward) return { status: 'packed', packed, mediaType: 'application/didcomm-encrypted+json' };
      // Forward wrapping happens in sendDIDCommMessage only: capture what it would send.
      const recipient = targetDids[0];
      if (!recipient) throw new CannotExpress('forward without a recipient');
      this.transport.sent = [];
      await this.agent.sendDIDCommMessage({ packedMessage: { message: packed }, messageId: String(message['id']), recipientDidUrl: recipient });
      const wire = this.transport.sent[0]?.message;
      if (wire === undefined) throw new CannotExpress('sendDIDCommMessage sent nothing');
      return { status: 'packed', packed: wire, mediaType: 'application/didcomm-encrypted+json' };
    } catch (error) {
      return veramoRejection(error);
    }
  }

  async unpack(packed: string): Promise<UnpackResult> {
    try {
      const { message, metaData } = await this.agent.unpackDIDCommMessage({ message: packed });
      return { status: 'accepted', message: message as unknown as Json, metadata: describeLayers(metaData.packing, packed) };
    } catch (error) {
      return veramoRejection(error);
    }
  }
}

function absolute(did: string, id: string): string {
  return id.startsWith('#') ? `${did}${id}` : id;
}

/**
 * Veramo reports only `packing`. The booleans follow from it; kids and algorithms are read from the
 * headers of the bytes Veramo accepted (never used to decide anything).
 */
export function describeLayers(packing: string, packed: string): UnpackMetadata {
  let outer: Json = {};
  try {
    outer = JSON.parse(packed) as Json;
  } catch {
    // Veramo accepted it; nothing more to read
  }
  const protectedHeader = typeof outer['protected'] === 'string' ? b64json(outer['protected']) ?? {} : {};
  const base = { encrypted: false, authenticated: false, nonRepudiation: false, anonymousSender: false };
  switch (packing) {
    case 'jws': {
      const signatures = Array.isArray(outer['signatures']) ? (outer['signatures'] as Json[]) : [];
      const sigProtected = typeof outer['protected'] === 'string' ? protectedHeader
        : typeof signatures[0]?.['protected'] === 'string' ? b64json(signatures[0]['protected'] as string) ?? {} : {};
      const kid = sigProtected['kid'];
      return {
        ...base, authenticated: true, nonRepudiation: true,
        ...(typeof kid === 'string' ? { signerKid: kid } : {}),
        layers: [{ kind: 'signed', ...(sigProtected['alg'] ? { alg: sigProtected['alg'] } : {}), ...(typeof kid === 'string' ? { signerKid: kid } : {}) }, { kind: 'plaintext' }],
      };
    }
    case 'anoncrypt':
    case 'authcrypt': {
      const recipientKids = ((outer['recipients'] as Json[] | undefined) ?? []).map((r) => (r['header'] as Json | undefined)?.['kid']).filter((k): k is string => typeof k === 'string');
      const skid = typeof protectedHeader['skid'] === 'string' ? protectedHeader['skid'] : undefined;
      const auth = packing === 'authcrypt';
      return {
        ...base, encrypted: true, authenticated: auth, anonymousSender: !auth,
        ...(auth && skid ? { senderKid: skid } : {}),
        recipientKids,
        layers: [{
          kind: packing, alg: protectedHeader['alg'], enc: protectedHeader['enc'], recipientKids, ...(auth && skid ? { senderKid: skid } : {}),
        }, { kind: 'plaintext' }],
      };
    }
    default:
      return { ...base, layers: [{ kind: 'plaintext' }] };
  }
}
