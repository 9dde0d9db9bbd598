/**
 * The Veramo adapter (@veramo/did-comm 7.0.1 in in-memory agents) over adapter protocol v1 on stdio.
 * Built to dist/adapters/veramo/main.js; see adapter.json and README.md.
 * @module
 */
import { serveStdio } from '../../src/adapter/sdk/index.js';
import { veramoHandlers } from './handlers.js';

await serveStdio(veramoHandlers());
// The live agent's loopback endpoint would keep the process alive after stdin ends.
process.exit(0);
