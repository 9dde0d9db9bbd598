/**
 * A faux agent with one live flaw, for the live fuzzer's tests: the reference adapter (live agent included)
 * behind a small HTTP front on its own endpoint which, when the agent refuses a message because its `from`
 * is not the authcrypt sender or the signer (ENV-NEST-008, ENV-NEST-010), opens it anyway with the layers
 * alone (no cross-layer comparison, as PITFALLS 6 says libraries do) and answers a trust ping in it. Its
 * `received` reports such a message as accepted. Everything else is the reference's. HTTP only.
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonWebKey } from 'node:crypto';
import { serveAdapter, type AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { PlaintextMessage as WirePlaintext, UnpackMetadata } from '../../src/adapter/protocol/v1/types.generated.js';
import type { DidDocument } from '../../src/did/document.js';
import { SecretStore } from '../../src/did/secrets.js';
import { StaticDidResolver } from '../../src/did/static-resolver.js';
import { decryptJwe } from '../../src/didcomm/encrypted/decrypt.js';
import { parseJwe } from '../../src/didcomm/encrypted/jwe.js';
import { detectEnvelope } from '../../src/didcomm/envelope/detect.js';
import { verifyJws } from '../../src/didcomm/signed/jws.js';
import { buildPingResponse, PING, wantsResponse } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import type { PlaintextMessage } from '../../src/didcomm/types.js';
import { referenceHandlers } from '../reference/handlers.js';

const SKIPPED = new Set(['ENV-NEST-008', 'ENV-NEST-010']);

let resolver = new StaticDidResolver();
let secrets = new SecretStore();
/** Messages the front opened and answered although the agent refused them: packed -> what it read. */
const laxlyAccepted = new Map<string, { message: WirePlaintext; metadata: UnpackMetadata }>();

/** Every layer opened, nothing compared across them. */
async function peel(packed: string): Promise<{ message: PlaintextMessage; metadata: UnpackMetadata } | undefined> {
  const kinds: string[] = [];
  let senderKid: string | undefined;
  let signerKid: string | undefined;
  let text = packed;
  try {
    for (let depth = 0; depth < 4; depth++) {
      const { kind, value } = detectEnvelope(text);
      if (kind === 'encrypted') {
        const { payload, layer } = await decryptJwe(parseJwe(value, false), { resolver, secrets }, false);
        kinds.push(layer.kind);
        senderKid ??= layer.senderKid;
        text = Buffer.from(payload).toString('utf8');
      } else if (kind === 'signed') {
        const { payload, layer } = await verifyJws(value, resolver, false);
        kinds.push('signed');
        signerKid = layer.signerKid;
        text = payload.toString('utf8');
      } else {
        return {
          message: value as unknown as PlaintextMessage,
          metadata: {
            encrypted: kinds.some((k) => k !== 'signed'), authenticated: kinds.includes('authcrypt') || kinds.includes('signed'), nonRepudiation: kinds.includes('signed'),
            anonymousSender: kinds.includes('anoncrypt'), ...(senderKid ? { senderKid } : {}), ...(signerKid ? { signerKid } : {}),
          },
        };
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function bodyOf(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const reference = referenceHandlers('1.0.0');
let inner: string | undefined;

/** The front: passes each POST to the agent; a refusal under a skipped rule is answered anyway. */
const front = createServer((req, res) => {
  void (async () => {
    const body = await bodyOf(req);
    const passed = await fetch(inner!, { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body });
    const answer = await passed.text();
    let requirement: unknown;
    try {
      requirement = (JSON.parse(answer) as { requirement?: unknown }).requirement;
    } catch {
      requirement = undefined;
    }
    const opened = passed.status >= 400 && SKIPPED.has(String(requirement)) ? await peel(body) : undefined;
    if (!opened) {
      res.writeHead(passed.status, { 'content-type': passed.headers.get('content-type') ?? 'text/plain' }).end(answer);
      return;
    }
    laxlyAccepted.set(body, { message: opened.message as unknown as WirePlaintext, metadata: opened.metadata });
    res.writeHead(202).end();
    const ping = opened.message;
    if (ping.type === PING && wantsResponse(ping) && typeof ping.from === 'string') {
      await reference.send!({ message: buildPingResponse(ping) as never, to: ping.from });
    }
  })().catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500).end(String(error));
  });
});
const listening = new Promise<string>((resolve) => front.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(front.address() as AddressInfo).port}/didcomm`)));

const handlers: AdapterHandlers = {
  ...reference,
  describe: async () => {
    const described = await reference.describe();
    return { ...described, implementation: { ...described.implementation, name: 'faux-live-from-unchecked' }, capabilities: { ...described.capabilities, transports: ['http'] } };
  },
  reset: async () => {
    resolver = new StaticDidResolver();
    secrets = new SecretStore();
    laxlyAccepted.clear();
    return (await reference.reset?.({})) ?? {};
  },
  importIdentity: async (params) => {
    resolver.add(params.didDocument as unknown as DidDocument);
    for (const jwk of params.secrets) secrets.add(jwk.kid, jwk as JsonWebKey);
    return reference.importIdentity!(params);
  },
  registerDidDocument: async (params) => {
    resolver.add(params.didDocument as unknown as DidDocument);
    return reference.registerDidDocument!(params);
  },
  createIdentity: async (params) => {
    if (params.endpoint !== 'self:http') return reference.createIdentity!(params);
    // The agent's own endpoint stays behind the front: its DID names the front.
    const own = await reference.createIdentity!(params);
    inner ??= String((own.didDocument as { service?: Array<{ serviceEndpoint: { uri: string } }> }).service?.[0]?.serviceEndpoint.uri);
    return reference.createIdentity!({ ...params, endpoint: await listening });
  },
  received: async (params) => {
    const { messages } = await reference.received!(params);
    return { messages: messages.map((m) => (laxlyAccepted.has(m.packed) ? { ...m, unpacked: { status: 'accepted' as const, ...laxlyAccepted.get(m.packed)! } } : m)) };
  },
  shutdown: async () => {
    front.close();
    return (await reference.shutdown?.({})) ?? {};
  },
};
await serveAdapter(handlers);
