/**
 * The Identus adapter (@hyperledger/identus-sdk in an in-memory edge agent) over adapter protocol v1.
 * Built to dist/adapters/identus/main.js; see adapter.json and README.md.
 * @module
 */
import { serveAdapter } from '../../src/adapter/sdk/index.js';
import { identusHandlers } from './handlers.js';

await serveAdapter(await identusHandlers());
