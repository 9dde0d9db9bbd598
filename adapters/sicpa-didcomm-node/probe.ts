/**
 * What didcomm-node really does, found by round trips through it: envelopes, curves and algorithms by
 * pack/unpack (src/adapter/sdk/capability-probe.ts); the `http` transport and routing 2.0 live, through the
 * adapter's own endpoint and a loopback mediator (live-probe.ts).
 * @module
 */
import type { Capabilities } from '../../src/adapter/protocol/v1/types.generated.js';
import { probeCapabilities as probe, withLiveClaims } from '../../src/adapter/sdk/capability-probe.js';
import { NodeAgent } from './agent.js';
import { probeLive } from './live-probe.js';

/** Runs the probes against a fresh didcomm-node agent (and a probe endpoint of its own for the live ones). */
export async function probeCapabilities(): Promise<Capabilities> {
  const agent = new NodeAgent();
  const [envelopes, live] = await Promise.all([
    probe({
      addParty: async (document, secrets) => {
        agent.registerDocument(document);
        agent.addSecrets(secrets);
      },
      pack: (params) => agent.pack(params),
      unpack: (packed) => agent.unpack(packed),
    }),
    probeLive(),
  ]);
  // The loopback transport and the curve-by-key-id translation are this adapter's code, not didcomm-node's
  // (it has no transport, and selects a curve only from a key id): cases judging them are not the library's.
  return { ...withLiveClaims(envelopes, live), adapterProvides: ['transport', 'curve-selection'] };
}
