/**
 * The bundled adapters, found on disk (never listed): what `start` runs, `differential` compares by default
 * and `adapter build --all` builds.
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../adapter/package-root.js';

/** The bundled adapters: every adapters/<name>/adapter.json except faux/ (broken on purpose). */
export function bundledAdapters(root: string = packageRoot()): string[] {
  const dir = join(root, 'adapters');
  return readdirSync(dir)
    .filter((name) => name !== 'faux' && statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'adapter.json')))
    .sort((a, b) => (a === 'reference' ? -1 : b === 'reference' ? 1 : a.localeCompare(b)));
}
