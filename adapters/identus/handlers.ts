/**
 * Adapter protocol v1 handlers for the Identus SDK (@hyperledger/identus-sdk). Capabilities are probed once
 * by round trips through its Mercury (probe.ts). Not implemented (answered -32601, cases skipped):
 * `importIdentity` (Mercury's secrets resolver reads keys of did:peer DIDs in Pluto only), `pack`/`unpack`
 * (Mercury returns its own Message model, not the plaintext), `registerDidDocument` (nothing to use it with).
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { IdentusAgent } from './agent.js';
import { InboundEndpoint } from '../../src/adapter/sdk/index.js';
import { probeCapabilities } from './probe.js';

/** The installed SDK version, read from its package.json (the package does not export it). */
export const IDENTUS_SDK_VERSION = (JSON.parse(readFileSync(
  join(dirname(fileURLToPath(import.meta.resolve('@hyperledger/identus-sdk'))), '..', 'package.json'), 'utf8')) as { version: string }).version;

export async function identusHandlers(): Promise<AdapterHandlers> {
  let identus: IdentusAgent | undefined;
  // Identus's edge agent has no inbound transport (it receives through a mediator): the endpoint only gives
  // its DIDs a real address and records what arrives; 202 when Mercury unpacks a body, 400 when not. The
  // adapter claims no receiver role, so no case judges this endpoint's behaviour.
  const endpoint = await InboundEndpoint.start(async (packed) => ({ status: (await identus?.accepts(packed).catch(() => false)) ? 202 : 400 }));
  identus = await IdentusAgent.create(endpoint.url);
  let capabilities: Promise<Capabilities> | undefined;
  return {
    describe: async () => ({
      protocolVersion: 1,
      implementation: {
        name: 'Hyperledger Identus SDK (TypeScript)',
        version: IDENTUS_SDK_VERSION,
        language: 'TypeScript',
        homepage: 'https://github.com/hyperledger-identus/sdk-ts',
        issues: 'https://github.com/hyperledger-identus/sdk-ts/issues',
      },
      capabilities: await (capabilities ??= probeCapabilities()),
    }),
    reset: async () => {
      identus = await IdentusAgent.create(endpoint.url);
      endpoint.clear();
      return {};
    },
    createIdentity: (params) => identus!.createIdentity(params),
    send: (params) => identus!.send(params),
    received: ({ after }) => ({ messages: endpoint.received(after) }),
    protocol: (params) => identus!.protocol(params),
  };
}
