/**
 * Where built adapters live: `<cache>/builds/<adapter name>/<key>/`, outside the clone, shared by every run
 * of the same user. `<cache>` is `$DIDCOMM_CONFORMANCE_CACHE`, else `$XDG_CACHE_HOME/didcomm-conformance`,
 * else `~/.cache/didcomm-conformance`. A key folder is usable only once its `.complete` marker exists: the
 * marker is written last, so a folder without it is an interrupted build.
 * @module
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { safePathSegment } from '../../report/safe-path.js';

/** Written last into a key folder: the build in it finished. */
export const COMPLETE_MARKER = '.complete';
/** Every step's stdout and stderr, kept in the key folder (also after a failure). */
export const BUILD_LOG = 'build.log';
/** Suffix of a key folder's lock (a sibling folder, see lock.ts). */
export const LOCK_SUFFIX = '.lock';

/** The cache folder, from the environment. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env['DIDCOMM_CONFORMANCE_CACHE']) return resolve(env['DIDCOMM_CONFORMANCE_CACHE']);
  if (env['XDG_CACHE_HOME']) return join(resolve(env['XDG_CACHE_HOME']), 'didcomm-conformance');
  return join(homedir(), '.cache', 'didcomm-conformance');
}

/** The folder holding every key folder of one adapter (`faux/x` -> `faux_x`: one path segment). */
export function adapterBuildsDir(adapterName: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'builds', safePathSegment(adapterName));
}

/** True when the key folder holds a finished build. */
export function isComplete(folder: string): boolean {
  return existsSync(join(folder, COMPLETE_MARKER));
}

/** Whether another key of the same adapter was ever built: "first use" or "inputs changed". */
export function hasOtherKeys(buildsDir: string, key: string): boolean {
  return existsSync(buildsDir) && readdirSync(buildsDir).some((entry) => entry !== key && !entry.endsWith(LOCK_SUFFIX));
}

/**
 * Removes the adapter's other key folders (older inputs or toolchains), except those a build holds a lock
 * on right now. Returns the keys removed.
 */
export function pruneOtherKeys(buildsDir: string, keep: string): string[] {
  if (!existsSync(buildsDir)) return [];
  const entries = readdirSync(buildsDir);
  const pruned: string[] = [];
  for (const entry of entries) {
    if (entry === keep || entry.endsWith(LOCK_SUFFIX) || entries.includes(`${entry}${LOCK_SUFFIX}`)) continue;
    rmSync(join(buildsDir, entry), { recursive: true, force: true });
    pruned.push(entry);
  }
  return pruned;
}
