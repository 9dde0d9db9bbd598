/**
 * The Veramo adapter (@veramo/did-comm 7.0.1 in an in-memory agent) over adapter protocol v1.
 * Built to dist/adapters/veramo/main.js; see adapter.json and README.md.
 * @module
 */
import { serveAdapter } from '../../src/adapter/sdk/index.js';
import { veramoHandlers } from './handlers.js';

await serveAdapter(veramoHandlers());
