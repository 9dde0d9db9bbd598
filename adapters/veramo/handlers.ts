/**
 * Adapter protocol v1 handlers for Veramo 7.0.1 (@veramo/did-comm and the agent plugins it needs).
 * Capabilities are probed once by round trips through Veramo (see probe.ts).
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { VeramoHarnessAgent } from './agent.js';
import { probeCapabilities } from './probe.js';

/** The installed @veramo/did-comm version, read from its package.json (not assumed; the package does not export it). */
export const VERAMO_DIDCOMM_VERSION = (JSON.parse(readFileSync(
  join(dirname(fileURLToPath(import.meta.resolve('@veramo/did-comm'))), '..', 'package.json'), 'utf8')) as { version: string }).version;

export function veramoHandlers(): AdapterHandlers {
  let agent = new VeramoHarnessAgent();
  let capabilities: Promise<Capabilities> | undefined;
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
    reset: () => {
      agent = new VeramoHarnessAgent();
      return {};
    },
    importIdentity: async ({ didDocument, secrets }) => {
      const skipped = await agent.importIdentity(didDocument, secrets);
      if (skipped.length) console.error(`veramo adapter: Veramo's local KMS has no key type for ${skipped.join(', ')}; not imported`);
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
