/**
 * The cache key of a build: a digest of what decides its output. The build section (less `ci` and
 * `timeoutSeconds`, which do not change what is built), each toolchain's version output, the paths of the
 * adapter folder and of the harness (a build may point back into either: a virtual environment, a link to
 * the harness's SDK), and the path and contents of every input file. Any change gives a new key, hence a
 * new folder.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildSpec } from '../protocol/v1/types.generated.js';
import { expandInputs } from './glob.js';
import type { ToolchainFound } from './toolchain.js';

/** Hex digits of the key (64 bits: collisions between one adapter's builds are not a concern). */
const KEY_LENGTH = 16;

/** Bump when the meaning of a key folder changes (its layout, the marker): every adapter rebuilds. */
const KEY_FORMAT = 1;

/** JSON with object keys sorted, so the same section always digests the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The key of `spec` for the adapter in `adapterDir` run by the harness in `harnessRoot`, with the toolchains as found. */
export function buildKey(spec: BuildSpec, toolchains: readonly ToolchainFound[], adapterDir: string, harnessRoot: string): string {
  const { ci: _ci, timeoutSeconds: _timeout, ...product } = spec;
  const hash = createHash('sha256');
  hash.update(canonical({ format: KEY_FORMAT, build: product, adapterDir, harnessRoot, toolchains: toolchains.map((found) => [found.toolchain.name, found.output]) }));
  for (const path of expandInputs(adapterDir, spec.inputs)) {
    hash.update(`\0${path}\0`);
    hash.update(createHash('sha256').update(readFileSync(join(adapterDir, path))).digest());
  }
  return hash.digest('hex').slice(0, KEY_LENGTH);
}
