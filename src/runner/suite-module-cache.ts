/**
 * Where vitest keeps the suites' transformed modules between runs (its `experimental.fsModuleCache`): a
 * run's harness process otherwise compiles every suite file and `suites/_support` module it loads from
 * TypeScript again, about 0.17 s of CPU of a run of one small suite file (issue 17, docs/adapter-build.md). Entries are keyed by the file's content,
 * its path and the transform's configuration, so an edited suite is compiled afresh. One folder per harness
 * checkout, under the build cache (src/adapter/build/cache.ts): vitest clears the whole folder when the
 * checkout's lock file changes, which must not empty another checkout's.
 * @module
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../adapter/build/cache.js';

/** The folder for the harness checkout at `root`, or undefined when it cannot be written (then nothing is cached). */
export function suiteModuleCacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = join(cacheRoot(env), 'suite-modules', createHash('sha256').update(root).digest('hex').slice(0, 16));
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return dir;
  } catch {
    return undefined;
  }
}
