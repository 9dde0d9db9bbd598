/**
 * What the suites hold, remembered in the user's cache (`case-counts/`) so that nothing has to load every
 * suite to know it (vitest loading every suite takes minutes on a small machine):
 *   - how many cases each suite file holds, from earlier complete runs of the same suites (keyed by the
 *     suites folder's digest), so progress can say "120/318 cases" and estimate the time left; a run counts
 *     them for free, and `list` fills them in too;
 *   - the collected case list itself (ids, files, requirements, profiles, roles) for `list suites` and
 *     `list requirements`, keyed by a digest of everything a case declaration is made from: the suites, the
 *     vectors they iterate and the harness source (registry, profiles).
 * A cache that cannot be read or written only costs the next command its shortcut.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../adapter/build/cache.js';
import { folderDigest } from '../runner/header.js';
import { expandInputs } from '../adapter/build/glob.js';
import type { CollectedCase } from '../spec/coverage.js';
import type { CaseRecord } from './run-records.js';

/** Suite file (`suites/envelope/signed.test.ts`) -> number of cases. */
export type CaseCounts = Record<string, number>;

function countsFile(digest: string): string {
  return join(cacheRoot(), 'case-counts', `${digest.slice(0, 32)}.json`);
}

function collectedFile(key: string): string {
  return join(cacheRoot(), 'case-counts', `cases-${key.slice(0, 32)}.json`);
}

/** Writes `value` as the cache file `file`: aside, then renamed over, so no concurrent reader sees half a file. */
function writeCacheFile(file: string, value: unknown): void {
  try {
    mkdirSync(join(cacheRoot(), 'case-counts'), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(value)}\n`);
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written only costs the next command its shortcut.
  }
}

function readCacheFile(file: string): unknown {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as unknown : undefined;
  } catch {
    return undefined;
  }
}

/** The digest of `root`/suites, as run headers record it. */
export function suitesDigest(root: string): string | undefined {
  return folderDigest(join(root, 'suites')) ?? undefined;
}

/** The counts remembered for these suites (empty when none). */
export function readCaseCounts(digest: string | undefined): CaseCounts {
  if (!digest) return {};
  const counts = readCacheFile(countsFile(digest));
  return counts !== null && typeof counts === 'object' && !Array.isArray(counts) ? counts as CaseCounts : {};
}

/** Remembers the count of every file `cases` cover (a run that finished: its files ran whole). */
export function rememberCaseCounts(digest: string | undefined, cases: readonly Pick<CaseRecord, 'file'>[]): void {
  if (!digest || cases.length === 0) return;
  const counts = readCaseCounts(digest);
  const seen: CaseCounts = {};
  for (const record of cases) seen[record.file] = (seen[record.file] ?? 0) + 1;
  // Runs of several adapters finish at once (start): writeCacheFile renames a whole file over the old one.
  writeCacheFile(countsFile(digest), { ...counts, ...seen });
}

/** The key of the collected case list of `root`: suites, vectors and harness source, each by its digest. */
export function collectedCasesKey(root: string): string {
  const hash = createHash('sha256');
  for (const folder of ['suites', 'vectors', 'src']) hash.update(folder).update('\0').update(folderDigest(join(root, folder)) ?? 'none').update('\0');
  return hash.digest('hex');
}

function isCollectedCase(value: unknown): value is CollectedCase {
  const c = value as Partial<CollectedCase> | null;
  return typeof c === 'object' && c !== null && typeof c.id === 'string' && typeof c.file === 'string' && typeof c.role === 'string'
    && Array.isArray(c.requirements) && Array.isArray(c.profiles);
}

/** The case list collected earlier under `key`, or undefined (never collected, or unreadable). */
export function readCollectedCases(key: string): CollectedCase[] | undefined {
  const cases = readCacheFile(collectedFile(key));
  return Array.isArray(cases) && cases.length > 0 && cases.every(isCollectedCase) ? cases : undefined;
}

/** Remembers a collected case list under `key`, and the case counts it implies (every file collected whole). */
export function rememberCollectedCases(key: string, suitesFolderDigest: string | undefined, cases: readonly CollectedCase[]): void {
  if (cases.length === 0) return;
  writeCacheFile(collectedFile(key), cases);
  rememberCaseCounts(suitesFolderDigest, cases);
}

/**
 * The suite files `globs` (the runner's include globs, relative to `root`) select, or undefined when a glob is
 * beyond the simple matcher (braces): then nothing is claimed about the selection.
 */
export function selectedSuiteFiles(root: string, globs: readonly string[]): string[] | undefined {
  if (globs.some((glob) => /[{}[\]]/.test(glob))) return undefined;
  const files = new Set<string>();
  for (const glob of globs) {
    try {
      for (const file of expandInputs(root, [glob])) files.add(file);
    } catch {
      // a glob that matches nothing adds nothing
    }
  }
  return [...files].sort();
}
