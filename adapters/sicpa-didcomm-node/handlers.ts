/**
 * Adapter protocol v1 handlers for didcomm-node 0.4.1. The library has no DID resolver and no key store of
 * its own: an application hands it both. Here they are the documents the harness registers (shaped for
 * its resolver, see did-documents.ts) and the private JWKs it imports. Capabilities are probed once.
 * @module
 */
import { createRequire } from 'node:module';
import type { AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { NodeAgent } from './agent.js';
import { probeCapabilities } from './probe.js';

const require = createRequire(import.meta.url);
/** The installed didcomm-node version, read from its package.json (not assumed). */
export const DIDCOMM_NODE_VERSION = (require('didcomm-node/package.json') as { version: string }).version;

export function sicpaHandlers(): AdapterHandlers {
  let agent = new NodeAgent();
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
  };
}
