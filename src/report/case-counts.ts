/**
 * How many cases each suite file holds, remembered from earlier complete runs of the same suites (keyed by
 * the suites folder's digest, in the user's cache), so progress can say "120/318 cases" and estimate the time
 * left. Counting without running needs vitest to load every suite (minutes on a small machine): a run
 * counts them for free. Unknown until a run of these suites has finished once; progress says so then.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../adapter/build/cache.js';
import { folderDigest } from '../runner/header.js';
import { expandInputs } from '../adapter/build/glob.js';
import type { CaseRecord } from './run-records.js';

/** Suite file (`suites/envelope/signed.test.ts`) -> number of cases. */
export type CaseCounts = Record<string, number>;

function countsFile(digest: string): string {
  return join(cacheRoot(), 'case-counts', `${digest.slice(0, 32)}.json`);
}

/** The digest of `root`/suites, as run headers record it. */
export function suitesDigest(root: string): string | undefined {
  return folderDigest(join(root, 'suites')) ?? undefined;
}

/** The counts remembered for these suites (empty when none). */
export function readCaseCounts(digest: string | undefined): CaseCounts {
  if (!digest) return {};
  try {
    const file = countsFile(digest);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CaseCounts) : {};
  } catch {
    return {};
  }
}

/** Remembers the count of every file `cases` cover (a run that finished: its files ran whole). */
export function rememberCaseCounts(digest: string | undefined, cases: readonly Pick<CaseRecord, 'file'>[]): void {
  if (!digest || cases.length === 0) return;
  const counts = readCaseCounts(digest);
  const seen: CaseCounts = {};
  for (const record of cases) seen[record.file] = (seen[record.file] ?? 0) + 1;
  try {
    mkdirSync(join(cacheRoot(), 'case-counts'), { recursive: true });
    // Runs of several adapters finish at once (start): write aside, then rename over, so no reader sees half a file.
    const file = countsFile(digest);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ ...counts, ...seen })}\n`);
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written only costs the next run its estimate.
  }
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
