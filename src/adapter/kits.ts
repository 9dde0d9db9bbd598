/**
 * Adapter kits (`adapters/_kits/<lang>/`) and `adapter init`: a kit folder holds the kit library (the
 * JSON-RPC line loop, dispatch, Unsupported → -32601, logging to stderr, in that language) and a `template/`
 * folder, a runnable plaintext-only adapter whose files may say `{{name}}` (the adapter's name) and `{{kit}}`
 * (the kit library's path relative to the adapter folder). `init` copies the library into `DIR/kit/` and
 * the template into `DIR` with `{{kit}}` = `./kit` (with its `./`: go.mod's `replace` takes a path only in
 * that form). Bundled adapters use the same kits from `../_kits/<lang>`.
 * @module
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { packageRoot } from './package-root.js';

/** The languages `adapter init --lang` accepts. */
export const KIT_LANGUAGES = ['python', 'go', 'rust', 'java', 'typescript'] as const;
export type KitLanguage = (typeof KIT_LANGUAGES)[number];

/** The folder of DIR that init writes the kit library into. */
export const KIT_FOLDER = 'kit';
/** `{{kit}}` in a template: the kit library's path from the adapter folder. */
export const KIT_PATH = `./${KIT_FOLDER}`;

/**
 * Never copied out of a kit: its template, the harness's own tests of it, and what a build or an editor
 * leaves in a working copy.
 */
const NOT_KIT = new Set(['template', 'test', 'node_modules', 'target', 'dist', '__pycache__', '.venv', '.pytest_cache', '.git']);

/** `adapter init` refused: the CLI prints the message and exits 2. */
export class InitRefused extends Error {
  override readonly name = 'InitRefused';
}

/** A name every ecosystem accepts as a package, module or artifact name (Cargo is the strictest). */
const NAME = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/** The default adapter name for folder `dir`: its last segment, lowercased, other characters as `-`. */
export function defaultAdapterName(dir: string): string {
  return basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '');
}

function isKitFile(name: string): boolean {
  return !NOT_KIT.has(name) && !name.endsWith('.test.ts') && !name.endsWith('.test-support.ts') && !name.endsWith('_test.go');
}

/** Writes the adapter of `lang` into `dir` (absent or empty); returns the files written, relative to `dir`. */
export function initAdapter(lang: string, dir: string, name: string = defaultAdapterName(dir), kitsRoot: string = join(packageRoot(), 'adapters', '_kits')): string[] {
  if (!(KIT_LANGUAGES as readonly string[]).includes(lang)) throw new InitRefused(`--lang must be one of ${KIT_LANGUAGES.join(', ')}, not "${lang}"`);
  const kit = join(kitsRoot, lang);
  if (!existsSync(join(kit, 'template'))) throw new InitRefused(`this harness has no ${lang} kit (${join(kit, 'template')} is missing)`);
  if (!NAME.test(name)) throw new InitRefused(`adapter name "${name}" is not usable: lowercase letters, digits, - and _ only, starting with a letter or digit (pass --name)`);
  const target = resolve(dir);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new InitRefused(`${dir} is not empty: adapter init writes into a new or empty folder`);
  }
  mkdirSync(target, { recursive: true });
  cpSync(kit, join(target, KIT_FOLDER), { recursive: true, filter: (source) => source === kit || isKitFile(basename(source)) });
  const written = listFiles(join(target, KIT_FOLDER)).map((file) => join(KIT_FOLDER, file));
  const values: Record<string, string> = { name, kit: KIT_PATH };
  for (const file of listFiles(join(kit, 'template'))) {
    const destination = fill(file, values);
    const bytes = readFileSync(join(kit, 'template', file));
    mkdirSync(join(target, destination, '..'), { recursive: true });
    // Text is filled in; a file with NUL bytes (an image, a jar) is copied as it is.
    writeFileSync(join(target, destination), bytes.includes(0) ? bytes : fill(bytes.toString('utf8'), values));
    written.push(destination);
  }
  return written.sort();
}

function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{(name|kit)\}\}/g, (_match, key: string) => values[key]!);
}

function listFiles(dir: string, base: string = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path, base) : [relative(base, path)];
  });
}
