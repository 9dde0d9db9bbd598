/**
 * What Veramo really does, found by round trips through it (src/adapter/sdk/capability-probe.ts).
 * @module
 */
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { probeCapabilities as probe } from '../../src/adapter/sdk/capability-probe.js';
import { VeramoHarnessAgent } from './agent.js';

/** Runs the probes against a fresh in-memory Veramo agent. */
export function probeCapabilities(): Promise<Capabilities> {
  const agent = new VeramoHarnessAgent();
  return probe({
    addParty: async (document, secrets) => {
      await agent.importIdentity(document, secrets);
    },
    pack: (params) => agent.pack(params),
    unpack: (packed) => agent.unpack(packed),
  });
}
