/**
 * The facts a run header records so two runs can be compared: harness version and commit, the vectors and
 * requirement registry the suites used (as digests), the seed, Node's version.
 * @module
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REQUIREMENTS } from '../spec/requirements.js';

/**
 * Name and version from package.json; in a git checkout the commit, and whether the tree differs from it
 * (`dirty`: a run from edited suites or harness code is not a run of that commit).
 */
export function harnessIdentity(root: string): { name: string; version: string; commit?: string; dirty?: boolean } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const commit = git('rev-parse', 'HEAD').trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'suites', 'vectors', 'adapters', 'package.json', 'package-lock.json').trim() !== '';
    return { name: pkg.name, version: pkg.version, commit, dirty };
  } catch {
    return { name: pkg.name, version: pkg.version };
  }
}

/** SHA-256 over every file under `dir` (paths and contents, sorted), or null when there is no such folder. */
export function folderDigest(dir: string): string | null {
  if (!existsSync(dir)) return null;
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(dir, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** The size and digest of the requirement registry. */
export function registryIdentity(): { requirements: number; digest: string } {
  return {
    requirements: Object.keys(REQUIREMENTS).length,
    digest: createHash('sha256').update(JSON.stringify(REQUIREMENTS)).digest('hex'),
  };
}
