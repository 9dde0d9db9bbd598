/**
 * The live probes of `adapter check`, run when the adapter claims a transport: an identity on its own
 * endpoint (`createIdentity` with `self:http`/`self:ws`, whose DIDComm service must name a loopback URI), its
 * `received` list, and over HTTP one `send` to a harness endpoint on loopback, which the harness unpacks.
 * The live suites judge the rest (protocols, faults, WebSocket delivery).
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDidResolver } from '../did/resolver.js';
import { SecretStore } from '../did/secrets.js';
import { createIdentity } from '../did/identity.js';
import type { DidDocument as LibraryDidDocument } from '../did/document.js';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { isAdapterError } from '../errors/adapter-error.js';
import { isDidcommError } from '../errors/didcomm-error.js';
import type { AdapterSession } from './session.js';
import type { Capabilities, CreateIdentityResult, DidDocument, TransportKind } from './protocol/v1/types.generated.js';
import type { CheckItem } from './check.js';
import { adapterFailure } from './check-hints.js';
import { claimed } from './check-envelopes.js';

/** How long the harness endpoint waits for the adapter's `send` to arrive, ms. */
const ARRIVAL_MS = 3000;

function serviceUri(document: DidDocument): string | undefined {
  for (const service of (document as unknown as LibraryDidDocument).service ?? []) {
    const endpoint = (service as { serviceEndpoint?: unknown }).serviceEndpoint;
    const first = Array.isArray(endpoint) ? endpoint[0] : endpoint;
    const uri = typeof first === 'string' ? first : (first as { uri?: unknown } | undefined)?.uri;
    if (typeof uri === 'string') return uri;
  }
  return undefined;
}

/** Runs the live probes for every claimed transport (none when the adapter claims none). */
export async function probeLive(session: AdapterSession, capabilities: Capabilities): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  if (capabilities.transports.length === 0) return items;
  let http: CreateIdentityResult | undefined;
  for (const transport of capabilities.transports) {
    const identity = await probeEndpoint(session, transport, items);
    if (transport === 'http') http = identity;
  }
  items.push(await probeReceived(session));
  if (http) items.push(await probeSend(session, capabilities, http));
  return items;
}

async function probeEndpoint(session: AdapterSession, transport: TransportKind, items: CheckItem[]): Promise<CreateIdentityResult | undefined> {
  const name = `createIdentity with endpoint self:${transport}: a did:peer:2 on the agent's own ${transport} endpoint`;
  try {
    const result = await session.call('createIdentity', { didMethod: 'peer:2', endpoint: `self:${transport}` });
    const uri = serviceUri(result.didDocument);
    const scheme = transport === 'http' ? /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/ : /^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/;
    if (!uri || !scheme.test(uri)) {
      items.push({ name, verdict: 'fail', detail: uri ? `the DIDComm service names ${uri}, not a loopback ${transport} URI` : 'the document has no DIDComm service with a uri', hint: `"self:${transport}" means the agent's own listening endpoint on loopback: put its URI in the document's DIDCommMessaging service (docs/live-suites.md)` });
      return undefined;
    }
    items.push({ name, verdict: 'ok', detail: `service uri ${uri}` });
    return result;
  } catch (error) {
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') {
      items.push({ name: `createIdentity self:${transport}`, verdict: 'fail', detail: `transport ${transport} is claimed, but createIdentity answers -32601`, hint: 'the live suites create identities on the agent\'s endpoint: implement createIdentity or claim no transport' });
      return undefined;
    }
    items.push(adapterFailure(name, error, 'createIdentity'));
    return undefined;
  }
}

async function probeReceived(session: AdapterSession): Promise<CheckItem> {
  const name = 'received: what the agent\'s endpoint got, as a list';
  try {
    const { messages } = await session.call('received', {});
    return { name, verdict: 'ok', detail: `${messages.length} message(s) so far` };
  } catch (error) {
    // Like send and unpack: the runner skips a case whose method answers -32601, so a live adapter that cannot see
    // its endpoint's arrivals (a server embedded as a whole, judged on the wire) still runs every other case.
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') return { name: 'received', verdict: 'unsupported', detail: 'answers -32601: cases that judge what the agent\'s endpoint received are skipped' };
    return adapterFailure(name, error, 'received');
  }
}

/** A loopback endpoint of the harness: records what is POSTed to it. */
async function harnessEndpoint(): Promise<{ url: string; arrived: () => Promise<{ body: string; contentType?: string } | undefined>; close: () => Promise<void> }> {
  const bodies: Array<{ body: string; contentType?: string }> = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push({ body: Buffer.concat(chunks).toString('utf8'), ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}) });
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    arrived: async () => {
      for (let waited = 0; bodies.length === 0 && waited < ARRIVAL_MS; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      return bodies[0];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function probeSend(session: AdapterSession, capabilities: Capabilities, mine: CreateIdentityResult): Promise<CheckItem> {
  const sending = claimed(capabilities, 'sender').envelopes;
  const envelope = sending.includes('authcrypt') ? 'authcrypt' : sending.includes('anoncrypt') ? 'anoncrypt' : undefined;
  const name = `send: ${envelope ?? 'a message'} over HTTP to a harness endpoint, which unpacks it`;
  if (!envelope) return { name, verdict: 'warn', detail: 'http is claimed but neither anoncrypt nor authcrypt is: a DIDComm message travels encrypted (ENC-ALG-003)' };
  const endpoint = await harnessEndpoint();
  try {
    const harness = await createIdentity({ method: 'peer:2', keyAgreement: ['X25519'], authentication: ['Ed25519'], endpoint: endpoint.url });
    await session.call('registerDidDocument', { didDocument: harness.didDocument as unknown as DidDocument }).catch(() => undefined);
    const message = { id: 'adapter-check-send', type: 'https://didcomm.org/basicmessage/2.0/message', from: mine.did, to: [harness.did], created_time: 1_700_000_000, body: { content: 'adapter check: send' } };
    const result = await session.call('send', { message, to: harness.did, from: mine.did, envelope, transport: 'http' });
    const arrived = await endpoint.arrived();
    if (!arrived) return { name, verdict: 'fail', detail: `nothing arrived at ${endpoint.url} within ${ARRIVAL_MS} ms (send answered delivered: ${String(result.delivered)})`, hint: 'send resolves the recipient\'s DID document and POSTs to its DIDCommMessaging service uri' };
    const resolver = createDidResolver({ documents: [mine.didDocument as unknown as LibraryDidDocument] });
    try {
      const unpacked = await unpackMessage(arrived.body, { resolver, secrets: new SecretStore(harness.secrets) }, { strict: false });
      if (unpacked.message.id !== message.id) return { name, verdict: 'fail', detail: `the harness unpacked message ${String(unpacked.message.id)}, not ${message.id}` };
      const type = arrived.contentType?.split(';')[0]?.trim();
      return type === 'application/didcomm-encrypted+json'
        ? { name, verdict: 'ok', detail: `arrived as ${type}, unpacked` }
        : { name, verdict: 'warn', detail: `arrived and unpacked, with Content-Type ${type ?? 'none'}`, hint: 'an encrypted message is POSTed as application/didcomm-encrypted+json (TRANS-002)' };
    } catch (error) {
      const reason = isDidcommError(error) ? `${error.code}${error.requirement ? ` (${error.requirement})` : ''}: ${error.message}` : (error as Error).message;
      return { name, verdict: 'warn', detail: `it arrived, but the harness refused it: ${reason}`, hint: 'the adapter works; the live suites will judge what the agent sent' };
    }
  } catch (error) {
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') return { name: 'send', verdict: 'unsupported', detail: 'answers -32601: sender cases over the transport are skipped' };
    return adapterFailure(name, error, 'send');
  } finally {
    await endpoint.close();
  }
}
