/**
 * The live methods for didcomm-node 0.4.1, which has pack/unpack (with forward wrapping) but no DID creation,
 * no transport and no protocols:
 * - `createIdentity`: the keys and the did:peer:2 string are made by the project's `src/did` factory (the
 *   library creates none); the document goes to didcomm-node's DID resolver and the private JWKs to its
 *   secrets resolver, exactly as `importIdentity` does. `self:http` is the adapter's endpoint (endpoint.ts).
 * - `send`: packed by didcomm-node (`pack_encrypted` with its own forward wrapping, `pack_signed`,
 *   `pack_plaintext`), then one HTTP POST with the outer media type as Content-Type to the endpoint
 *   didcomm-node resolved (`PackEncryptedMetadata.messaging_service.service_endpoint`); when it wrapped no
 *   forward it returns no service, and the POST goes to the `uri` of the first DIDCommMessaging service of
 *   `to`, the one didcomm-node's own service lookup takes. One attempt, no retry, no other endpoint tried:
 *   didcomm-node has neither, and the adapter does not invent them. `delivered` is true only for a 2xx.
 * @module
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Message } from 'didcomm-node';
import type { CreateIdentityParams, CreateIdentityResult, SendParams, SendResult } from '../../src/adapter/protocol/v1/types.generated.js';
import { Unsupported } from '../../src/adapter/sdk/index.js';
import { createIdentity, type AuthenticationKeyType, type KeyAgreementKeyType } from '../../src/did/identity.js';
import type { NodeAgent } from './agent.js';

/** How long one POST may take before the adapter gives up on it (below the harness deadline of 10 s). */
const POST_TIMEOUT_MS = 8000;

const MEDIA_TYPES = {
  encrypted: 'application/didcomm-encrypted+json',
  signed: 'application/didcomm-signed+json',
  plaintext: 'application/didcomm-plain+json',
} as const;

/** The answer to one POST: its status, or none when the connection failed or closed without one. */
export interface PostOutcome {
  status?: number;
  error?: string;
}

/** One HTTP POST on a fresh connection (no pooled socket to go stale), no redirects followed. */
export function post(url: string, body: string, contentType: string): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve({ error: `not a URL: ${url}` });
    }
    const send = target.protocol === 'https:' ? httpsRequest : target.protocol === 'http:' ? httpRequest : undefined;
    if (!send) return resolve({ error: `no ${target.protocol} transport (HTTP only)` });
    const req = send(target, { method: 'POST', agent: false, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }, timeout: POST_TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode! }));
      res.on('error', () => resolve({ status: res.statusCode! }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${POST_TIMEOUT_MS} ms`)));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(body);
  });
}

export class NodeLive {
  constructor(private readonly agent: NodeAgent, private readonly selfHttp: string) {}

  /** A did:peer:2 (X25519 keyAgreement, Ed25519 authentication unless other curves are asked) whose keys didcomm-node holds. */
  async createIdentity({ didMethod, keyAgreement, authentication, endpoint, routingKeys }: CreateIdentityParams): Promise<CreateIdentityResult> {
    if (didMethod !== 'peer:2') throw new Unsupported(`the adapter creates did:peer:2 only (didcomm-node creates no DIDs), not ${didMethod}`);
    if (endpoint === 'self:ws') throw new Unsupported('the adapter has no WebSocket endpoint (didcomm-node has no transport; the adapter gives it HTTP only)');
    let identity;
    try {
      identity = await createIdentity({
        method: 'peer:2',
        keyAgreement: (keyAgreement ?? ['X25519']) as KeyAgreementKeyType[],
        authentication: (authentication ?? ['Ed25519']) as AuthenticationKeyType[],
        ...(endpoint !== undefined ? { endpoint: endpoint === 'self:http' ? this.selfHttp : endpoint } : {}),
        ...(routingKeys?.length ? { routingKeys } : {}),
      });
    } catch (error) {
      if (error instanceof TypeError) throw new Unsupported(error.message);
      throw error;
    }
    this.agent.registerDocument(identity.didDocument as unknown as Record<string, unknown>);
    this.agent.addSecrets(identity.secrets.map(({ kid, privateJwk }) => ({ ...privateJwk, kid }) as never));
    return { did: identity.did, didDocument: identity.didDocument as unknown as CreateIdentityResult['didDocument'] };
  }

  async send({ message, to, from, envelope, transport }: SendParams): Promise<SendResult> {
    if (transport !== undefined && transport !== 'http') throw new Unsupported(`no ${transport} transport: the adapter gives didcomm-node HTTP only`);
    const sender = from ?? (typeof message.from === 'string' ? message.from : undefined);
    const kind = envelope ?? (sender ? 'authcrypt' : 'anoncrypt');
    const packedMessage = await this.#pack(message, to, sender, kind);
    const endpoint = packedMessage.endpoint ?? (await this.#firstServiceUri(to));
    if (endpoint === undefined) throw new Unsupported(`${to} has no DIDCommMessaging service didcomm-node's resolver sees`);
    if (endpoint.startsWith('did:')) throw new Unsupported(`${to}'s endpoint is a DID (${endpoint}); didcomm-node wraps forwards for encrypted messages only, not ${kind}`);
    const outcome = await post(endpoint, packedMessage.packed, packedMessage.mediaType);
    if (outcome.error) console.error(`sicpa adapter: POST to ${endpoint} got no answer: ${outcome.error}`);
    const delivered = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
    return { delivered, endpoint, ...(outcome.status !== undefined ? { status: outcome.status } : {}) };
  }

  /** didcomm-node packs; its error text is passed on (the adapter packs nothing itself). */
  async #pack(plaintext: SendParams['message'], to: string, sender: string | undefined, kind: string): Promise<{ packed: string; mediaType: string; endpoint?: string }> {
    const message = new Message(plaintext as never);
    try {
      if (kind === 'plaintext') return { packed: await message.pack_plaintext(this.agent.resolver as never), mediaType: MEDIA_TYPES.plaintext };
      if (kind === 'signed') {
        if (!sender) throw new Unsupported('pack_signed needs a signer: the message has no "from"');
        const [packed] = await message.pack_signed(sender, this.agent.resolver as never, this.agent.secretsResolver as never);
        return { packed, mediaType: MEDIA_TYPES.signed };
      }
      if (kind === 'authcrypt' && !sender) throw new Unsupported('authcrypt needs a sender: the message has no "from"');
      // forward: true is didcomm-node's default; it wraps for the routing keys / mediator DID it resolves.
      const [packed, metadata] = await message.pack_encrypted(to, kind === 'authcrypt' ? sender! : null, null,
        this.agent.resolver as never, this.agent.secretsResolver as never, { forward: true } as never);
      const endpoint = metadata.messaging_service?.service_endpoint;
      return { packed, mediaType: MEDIA_TYPES.encrypted, ...(endpoint ? { endpoint } : {}) };
    } finally {
      message.free();
    }
  }

  /** The `uri` of `to`'s first DIDCommMessaging service, as didcomm-node's resolver hands it to the library. */
  async #firstServiceUri(to: string): Promise<string | undefined> {
    const document = await this.agent.resolver.resolve(to.split('#')[0]!);
    const service = document?.service.find((s) => s.type === 'DIDCommMessaging');
    const uri = (service?.serviceEndpoint as { uri?: unknown } | undefined)?.uri;
    return typeof uri === 'string' ? uri : undefined;
  }
}
