/**
 * Faux envelope adapters: the reference adapter (live agent included) whose JWEs carry one bug of
 * adapters/faux/envelope/bugs.ts. Usage: `node main.js --bug NAME`.
 * @module
 */
import { serveAdapter } from '../../../src/adapter/sdk/index.js';
import { referenceHandlers } from '../../reference/handlers.js';
import { buggyPacker, envelopeBug, ENVELOPE_BUGS } from './bugs.js';

const at = process.argv.indexOf('--bug');
const bug = envelopeBug(at >= 0 ? String(process.argv[at + 1]) : '');
if (!bug) {
  process.stderr.write(`faux-envelope: --bug must be one of ${ENVELOPE_BUGS.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
const packer = buggyPacker(bug);
const reference = referenceHandlers('1.0.0', { packOutgoing: packer });
const handlers = {
  ...reference,
  describe: async () => {
    const described = await reference.describe();
    return { ...described, implementation: { ...described.implementation, name: `faux-envelope-${bug.name}` } };
  },
};
await serveAdapter(handlers);
