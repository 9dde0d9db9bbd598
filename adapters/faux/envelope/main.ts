/**
 * Faux envelope adapters: the reference adapter (live agent included) whose JWEs carry one sender bug of
 * adapters/faux/envelope/bugs.ts, or whose receiver skips one check of receiver-bugs.ts. Usage:
 * `node main.js --bug NAME`.
 * @module
 */
import { serveAdapter } from '../../../src/adapter/sdk/index.js';
import { referenceHandlers } from '../../reference/handlers.js';
import type { AdapterHandlers } from '../../../src/adapter/sdk/index.js';
import { buggyPacker, envelopeBug, ENVELOPE_BUGS } from './bugs.js';
import { acceptedAnyway, receiverBug, RECEIVER_BUGS } from './receiver-bugs.js';

const at = process.argv.indexOf('--bug');
const name = at >= 0 ? String(process.argv[at + 1]) : '';
const senderBug = envelopeBug(name);
const skipped = receiverBug(name);
if (!senderBug && !skipped) {
  process.stderr.write(`faux-envelope: --bug must be one of ${[...ENVELOPE_BUGS, ...RECEIVER_BUGS].map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
const reference = referenceHandlers('1.0.0', senderBug ? { packOutgoing: buggyPacker(senderBug) } : {});
const handlers: AdapterHandlers = {
  ...reference,
  describe: async () => {
    const described = await reference.describe();
    return { ...described, implementation: { ...described.implementation, name: `faux-envelope-${name}` } };
  },
  unpack: async (params) => {
    const result = await reference.unpack!(params);
    return skipped && result.status === 'rejected' && skipped.skips(params.packed, result.error.requirement) ? acceptedAnyway() : result;
  },
};
await serveAdapter(handlers);
