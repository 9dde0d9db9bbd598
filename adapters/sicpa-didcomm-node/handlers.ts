/**
 * Adapter protocol v1 handlers for didcomm-node 0.4.1. The library has no DID resolver and no key store of
 * its own: an application hands it both. Here they are the documents the harness registers (shaped for
 * its resolver, see did-documents.ts) and the private JWKs it imports. It has no transport either: the
 * adapter gives it a loopback HTTP endpoint (endpoint.ts) and one POST per `send` (live.ts). It has no
 * protocols: every `protocol` call is `Unsupported` (-32601, the case is skipped). Capabilities are probed once.
 * @module
 */
import { createRequire } from 'node:module';
import { benchmarkThrough, Unsupported, type AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { NodeAgent } from './agent.js';
import { InboundEndpoint } from '../../src/adapter/sdk/index.js';
import { takenByNode } from './endpoint.js';
import { NodeLive } from './live.js';
import { probeCapabilities } from './probe.js';

const require = createRequire(import.meta.url);
/** The installed didcomm-node version, read from its package.json (not assumed). */
export const DIDCOMM_NODE_VERSION = (require('didcomm-node/package.json') as { version: string }).version;

export async function sicpaHandlers(): Promise<AdapterHandlers> {
  let agent = new NodeAgent();
  const endpoint = await InboundEndpoint.start(takenByNode(() => agent));
  let live = new NodeLive(agent, endpoint.url);
  let capabilities: Promise<Capabilities> | undefined;
  return {
    describe: async () => ({
      protocolVersion: 1,
      implementation: {
        name: 'didcomm-node (SICPA didcomm-rust, WASM)',
        version: DIDCOMM_NODE_VERSION,
        language: 'Rust (WebAssembly) via JavaScript',
        homepage: 'https://github.com/sicpa-dlab/didcomm-rust',
        issues: 'https://github.com/sicpa-dlab/didcomm-rust/issues',
      },
      capabilities: await (capabilities ??= probeCapabilities()),
    }),
    reset: () => {
      agent = new NodeAgent();
      live = new NodeLive(agent, endpoint.url);
      endpoint.clear();
      return {};
    },
    importIdentity: ({ didDocument, secrets }) => {
      agent.registerDocument(didDocument);
      agent.addSecrets(secrets);
      return { did: didDocument.id };
    },
    registerDidDocument: ({ didDocument }) => {
      agent.registerDocument(didDocument);
      return {};
    },
    pack: (params) => agent.pack(params),
    unpack: ({ packed }) => agent.unpack(packed),
    // Issue 17: pack then unpack N messages through the same calls, in this process (the cross-language table).
    benchmark: benchmarkThrough({ pack: (params) => agent.pack(params), unpack: ({ packed }) => agent.unpack(packed) }),
    createIdentity: (params) => live.createIdentity(params),
    send: (params) => live.send(params),
    received: ({ after }) => ({ messages: endpoint.received(after) }),
    protocol: () => {
      throw new Unsupported(`didcomm-node ${DIDCOMM_NODE_VERSION} implements no protocols`);
    },
  };
}
