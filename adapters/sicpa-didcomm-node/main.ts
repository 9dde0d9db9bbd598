/**
 * The SICPA didcomm-node adapter (didcomm-rust 0.4.1 compiled to WASM) over adapter protocol v1.
 * Built to dist/adapters/sicpa-didcomm-node/main.js; see adapter.json and README.md.
 * @module
 */
import { serveAdapter } from '../../src/adapter/sdk/index.js';
import { sicpaHandlers } from './handlers.js';

await serveAdapter(await sicpaHandlers());
