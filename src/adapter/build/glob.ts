/**
 * The input globs of a build section, expanded relative to the adapter folder (Node 20 has no fs.glob).
 * A segment may hold `*` (any run of characters but `/`) and `?`; `**` is any number of folders. `*` and
 * `**` do not enter hidden entries or node_modules unless the pattern names them; `..` climbs (a kit
 * beside the adapter: `../_kits/go/*.go`).
 * @module
 */
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** An input glob that matches no file: almost always a typo, and it would never invalidate the cache. */
export class InputMatchesNothing extends Error {
  override readonly name = 'InputMatchesNothing';
}

/** Every file matching `patterns` under `dir`, as sorted paths relative to `dir` with `/` separators. */
export function expandInputs(dir: string, patterns: readonly string[]): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    const matches = matchPattern(dir, pattern.split('/').filter((segment) => segment !== '' && segment !== '.'));
    if (matches.length === 0) throw new InputMatchesNothing(`build input "${pattern}" matches no file in ${dir}`);
    for (const file of matches) found.add(relative(dir, file).split(sep).join('/'));
  }
  return [...found].sort();
}

function matchPattern(base: string, segments: readonly string[]): string[] {
  if (segments.length === 0) return isFile(base) ? [base] : [];
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '**') {
    // Zero folders, or one more folder and still `**`.
    return [...matchPattern(base, rest), ...subfolders(base).flatMap((child) => matchPattern(child, segments))];
  }
  if (!/[*?]/.test(head)) {
    const next = join(base, head);
    return existsSync(next) ? matchPattern(next, rest) : [];
  }
  const regex = segmentRegex(head);
  const hidden = head.startsWith('.');
  return entries(base)
    .filter((name) => regex.test(name) && (hidden || (!name.startsWith('.') && name !== 'node_modules')))
    .flatMap((name) => matchPattern(join(base, name), rest));
}

function segmentRegex(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Visible real folders (a symlinked folder is not followed: no cycles). */
function subfolders(dir: string): string[] {
  return entries(dir)
    .filter((name) => !name.startsWith('.') && name !== 'node_modules')
    .map((name) => join(dir, name))
    .filter((path) => lstatSync(path, { throwIfNoEntry: false })?.isDirectory() === true);
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}
