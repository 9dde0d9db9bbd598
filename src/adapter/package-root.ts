/**
 * The harness's own folder (the one with its package.json), found from this module whether it runs from src/
 * or from dist/src/. Adapters are looked up under it, and builds that compile against the SDK are pointed at it.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the folder with our package.json), from src/ or dist/src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !readFileSync(join(dir, 'package.json'), 'utf8').includes('"name": "didcomm-conformance"')) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the didcomm-conformance package root');
    dir = parent;
  }
  return dir;
}
