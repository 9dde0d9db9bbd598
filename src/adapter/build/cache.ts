/**
 * Where built adapters live: `<cache>/builds/<adapter name>/<key>/`, outside the clone, shared by every run
 * of the same user. `<cache>` is `$DIDCOMM_CONFORMANCE_CACHE`, else `$XDG_CACHE_HOME/didcomm-conformance`,
 * else `~/.cache/didcomm-conformance`. A key folder is usable only once its `.complete` marker exists: the
 * marker is written last, so a folder without it is an interrupted build.
 * @module
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/** The checkout a build was made for, recorded in its `.complete` marker. */
export interface BuildOwner {
  adapterDir: string;
  harnessRoot: string;
}

/** The owner recorded in a key folder's marker; undefined for an unfinished build or a marker without one. */
function ownerOf(folder: string): BuildOwner | undefined {
  try {
    const marker = JSON.parse(readFileSync(join(folder, COMPLETE_MARKER), 'utf8')) as { owner?: BuildOwner };
    return typeof marker.owner?.adapterDir === 'string' && typeof marker.owner.harnessRoot === 'string' ? marker.owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes the adapter's superseded key folders (older inputs or toolchains) of the same checkout, except those a
 * build holds a lock on right now. The key includes the checkout's path, so a second clone of the harness (a CI
 * workspace beside a vendor's own, several worktrees) builds its own key: its finished builds are kept while
 * that clone exists, else two clones would delete each other's builds at every run. Unfinished builds, markers
 * that name no checkout (older harnesses) and builds of clones that are gone are removed. Returns the keys removed.
 */
export function pruneOtherKeys(buildsDir: string, keep: string, owner: BuildOwner): string[] {
  if (!existsSync(buildsDir)) return [];
  const entries = readdirSync(buildsDir);
  const pruned: string[] = [];
  for (const entry of entries) {
    if (entry === keep || entry.endsWith(LOCK_SUFFIX) || entries.includes(`${entry}${LOCK_SUFFIX}`)) continue;
    const other = ownerOf(join(buildsDir, entry));
    const sameCheckout = other !== undefined && other.adapterDir === owner.adapterDir && other.harnessRoot === owner.harnessRoot;
    if (other !== undefined && !sameCheckout && existsSync(other.adapterDir)) continue;
    rmSync(join(buildsDir, entry), { recursive: true, force: true });
    pruned.push(entry);
  }
  return pruned;
}
