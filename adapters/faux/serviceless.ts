/**
 * The reference adapter whose identities name no DIDComm service, whatever `endpoint` asks: what it sends, the
 * harness cannot answer. src/runner/run.test.ts checks that a case waiting for such an answer ends errored, as
 * harness trouble (the wire shows ERR_HARNESS_NOT_SENT), never failed or warned under the case's own rule.
 * @module
 */
import { serveAdapter } from '../../src/adapter/sdk/index.js';
import { referenceHandlers } from '../reference/handlers.js';

const reference = referenceHandlers('1.0.0');
await serveAdapter({
  ...reference,
  describe: async () => {
    const described = await reference.describe();
    return { ...described, implementation: { ...described.implementation, name: 'faux-serviceless' } };
  },
  createIdentity: async (params) => {
    const { endpoint: _ignored, routingKeys: _alsoIgnored, ...rest } = params;
    return reference.createIdentity!(rest);
  },
});
