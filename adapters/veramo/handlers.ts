/**
 * Adapter protocol v1 handlers for Veramo 7.0.1 (@veramo/did-comm and the agent plugins it needs).
 * Capabilities are probed once by round trips through Veramo (see probe.ts).
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarkThrough, type AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { VeramoHarnessAgent } from './agent.js';
import { buildAction } from './actions.js';
import { VeramoLiveAgent } from './live-agent.js';
import { probeCapabilities } from './probe.js';

/** The installed @veramo/did-comm version, read from its package.json (not assumed; the package does not export it). */
export const VERAMO_DIDCOMM_VERSION = (JSON.parse(readFileSync(
  join(dirname(fileURLToPath(import.meta.resolve('@veramo/did-comm'))), '..', 'package.json'), 'utf8')) as { version: string }).version;

export function veramoHandlers(): AdapterHandlers {
  let agent = new VeramoHarnessAgent();
  let capabilities: Promise<Capabilities> | undefined;
  // The live agent and its loopback endpoint start on first use (envelope suites never need them).
  let started: Promise<VeramoLiveAgent> | undefined;
  // Documents registered before it starts are handed over then; the envelope agent keeps them since the last reset.
  const live = () => (started ??= VeramoLiveAgent.start().then((liveAgent) => {
    for (const document of agent.documents.values()) liveAgent.registerDocument(document);
    return liveAgent;
  }));
  return {
    describe: async () => ({
      protocolVersion: 1,
      implementation: {
        name: 'Veramo @veramo/did-comm',
        version: VERAMO_DIDCOMM_VERSION,
        language: 'TypeScript',
        homepage: 'https://github.com/decentralized-identity/veramo',
        issues: 'https://github.com/decentralized-identity/veramo/issues',
      },
      capabilities: await (capabilities ??= probeCapabilities()),
    }),
    reset: async () => {
      agent = new VeramoHarnessAgent();
      if (started) (await started).reset();
      return {};
    },
    shutdown: async () => {
      if (started) await (await started).close();
      return {};
    },
    createIdentity: async ({ didMethod, endpoint, routingKeys }) => {
      // Veramo's PeerDIDProvider makes did:peer:2 with one DIDComm service: the agent's own HTTP endpoint, or
      // the endpoint given (a mediator DID or URL). No WebSocket endpoint: Veramo 7.0.1 has no such transport.
      if (didMethod !== 'peer:2' || endpoint === 'self:ws') throw new Error(`createIdentity ${didMethod} ${String(endpoint)}: Veramo's adapter makes did:peer:2 on HTTP endpoints only`);
      const liveAgent = await live();
      const created = await liveAgent.createIdentity(endpoint === undefined || endpoint === 'self:http' ? liveAgent.listener.url : endpoint, routingKeys);
      await agent.adoptCreated(created.didDocument, await liveAgent.importableKeys(created.did));
      return created as never;
    },
    send: async ({ message, to, envelope }) => (await live()).send(message as never, to, envelope),
    received: async ({ after }) => ({ messages: (await live()).received(after) }),
    protocol: async ({ piuri, action, from, to, args }) => {
      const message = buildAction(piuri, action, from, to, args ?? {});
      const result = await (await live()).send(message, to!, 'authcrypt');
      return { thid: message.thid ?? message.id, sent: [message as never], output: { delivered: result.delivered, ...(result.endpoint ? { endpoint: result.endpoint } : {}) } };
    },
    importIdentity: async ({ didDocument, secrets }) => {
      const skipped = await agent.importIdentity(didDocument, secrets);
      if (skipped.length) console.error(`veramo adapter: Veramo's local KMS has no key type for ${skipped.join(', ')}; not imported`);
      return { did: didDocument.id };
    },
    registerDidDocument: async ({ didDocument }) => {
      agent.registerDocument(didDocument);
      if (started) (await started).registerDocument(didDocument);
      return {};
    },
    pack: (params) => agent.pack(params),
    unpack: ({ packed }) => agent.unpack(packed),
    // Issue 17: pack then unpack N messages through the same calls, in this process (the cross-language table).
    benchmark: benchmarkThrough({ pack: (params) => agent.pack(params), unpack: ({ packed }) => agent.unpack(packed) }),
  };
}
