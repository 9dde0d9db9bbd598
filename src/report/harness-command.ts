/**
 * How a printed command (repro, replay, "next:") invokes this harness so that it works from any folder:
 * `didcomm-conformance` when that name on PATH is this very installation (`npm link`, `npm install -g`),
 * otherwise `node <absolute path>/dist/src/cli/main.js`. Never `npx didcomm-conformance`: outside the checkout
 * npx asks the public registry for an unpublished name, which anyone could claim.
 * @module
 */
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { packageRoot } from '../adapter/package-root.js';

const BIN = 'didcomm-conformance';
let cached: string | undefined;

/** The absolute path of the CLI entry point of this installation. */
export function cliEntry(): string {
  return join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
}

function realpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function isNodeModulesBin(dir: string): boolean {
  return /(^|[\\/])node_modules[\\/]\.bin[\\/]?$/.test(dir);
}

/** True when `didcomm-conformance` on PATH runs this installation's CLI. */
function onPath(entry: string): boolean {
  const target = realpath(entry);
  if (!target) return false;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    // npx and npm scripts put the package's node_modules/.bin first; the user's shell will not have it
    // (a newcomer's `npx … adapter init` printed a bare `didcomm-conformance` their shell could not find).
    if (!dir || isNodeModulesBin(dir)) continue;
    const candidate = join(dir, BIN);
    if (existsSync(candidate)) return realpath(candidate) === target;
  }
  return false;
}

/** The prefix of every command the harness prints for the user to run. */
export function harnessCommand(): string {
  if (cached === undefined) {
    const entry = cliEntry();
    cached = onPath(entry) ? BIN : `node ${quoteArg(entry)}`;
  }
  return cached;
}

/** `text` as one shell word (single-quoted unless it is plainly safe). */
export function quoteArg(text: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
