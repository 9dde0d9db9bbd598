/**
 * What didcomm-node really does, found by round trips through it (src/adapter/sdk/capability-probe.ts).
 * @module
 */
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { probeCapabilities as probe } from '../../src/adapter/sdk/capability-probe.js';
import { NodeAgent } from './agent.js';

/** Runs the probes against a fresh didcomm-node agent. */
export function probeCapabilities(): Promise<Capabilities> {
  const agent = new NodeAgent();
  return probe({
    addParty: async (document, secrets) => {
      agent.registerDocument(document);
      agent.addSecrets(secrets);
    },
    pack: (params) => agent.pack(params),
    unpack: (packed) => agent.unpack(packed),
  });
}
