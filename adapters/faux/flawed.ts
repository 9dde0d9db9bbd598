/**
 * The reference adapter (live agent included) with one flaw of adapters/faux/flaws.ts: a broken mediator or a
 * broken DID rotation. Usage: `node flawed.js --flaw NAME`; each adapters/faux/<NAME>/adapter.json runs one.
 * @module
 */
import { serveAdapter } from '../../src/adapter/sdk/index.js';
import { referenceHandlers } from '../reference/handlers.js';
import { FLAWS } from './flaws.js';

const at = process.argv.indexOf('--flaw');
const name = at >= 0 ? process.argv[at + 1] ?? '' : '';
const flaw = FLAWS[name];
if (!flaw) {
  process.stderr.write(`faux: unknown --flaw ${JSON.stringify(name)}; one of ${Object.keys(FLAWS).join(', ')}\n`);
  process.exit(2);
}
const reference = referenceHandlers('1.0.0', {
  ...(flaw.mediator ? { makeMediator: flaw.mediator } : {}),
  ...(flaw.rotation ? { makeRotation: flaw.rotation } : {}),
});
await serveAdapter({
  ...reference,
  describe: async () => {
    const described = await reference.describe();
    return { ...described, implementation: { ...described.implementation, name: `faux-${name}` } };
  },
});
