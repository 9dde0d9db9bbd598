/**
 * Where the package's own files are, whether running from `src/` (tests) or `dist/src/` (the CLI).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'didcomm-conformance') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the didcomm-conformance package root');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const VECTORS_DIR = join(PACKAGE_ROOT, 'vectors');

/** Reads and parses a JSON file under `vectors/`. */
export function readVectorJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(VECTORS_DIR, relativePath), 'utf8')) as unknown;
}
