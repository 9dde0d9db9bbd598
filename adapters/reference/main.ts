/**
 * The reference adapter: the reference implementation exposed over adapter protocol v1 (stdio by
 * default, HTTP with `--http PORT`). Built to dist/adapters/reference/main.js; see adapter.json.
 * @module
 */
import { readFileSync } from 'node:fs';
import { serveAdapter } from '../../src/adapter/sdk/index.js';
import { packageRoot } from '../../src/adapter/manifest.js';
import { referenceHandlers } from './handlers.js';

const { version } = JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string };
await serveAdapter(referenceHandlers(version));
