/**
 * What Veramo really does, found by round trips through it: envelopes, curves and algorithms by pack/unpack
 * (src/adapter/sdk/capability-probe.ts), transports, protocols and the mediator role live (live-probe.ts).
 * @module
 */
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { probeCapabilities as probe, withLiveClaims } from '../../src/adapter/sdk/capability-probe.js';
import { VeramoHarnessAgent } from './agent.js';
import { probeLive } from './live-probe.js';

/** Runs the probes against fresh in-memory Veramo agents. */
export async function probeCapabilities(): Promise<Capabilities> {
  const agent = new VeramoHarnessAgent();
  const [envelopes, live] = await Promise.all([
    probe({
      addParty: async (document, secrets) => {
        await agent.importIdentity(document, secrets);
      },
      pack: (params) => agent.pack(params),
      unpack: (packed) => agent.unpack(packed),
    }),
    probeLive(),
  ]);
  return withLiveClaims(envelopes, live);
}
