/**
 * The schemas' validators compiled ahead of time (ajv's standalone code), so that a process does not compile
 * them again: the runner, each suite worker and each adapter compiled the protocol and record schemas at start
 * (about 0.25 s of CPU each, some 50 runs in `npm test`). The build writes them (scripts/compile-schemas.ts,
 * after tsc); the schema documents stay the one source of truth: each compiled file records the digest of
 * every document it was compiled from, and `src/schema/ajv.ts` uses it only when those digests, ajv's version
 * and the options match what the process holds; anything else is compiled at run time as before.
 * @module
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';

/** The folder, next to the built `ajv.js`, the compiled validators and their index are written to. */
export const COMPILED_FOLDER = 'compiled';
export const INDEX_FILE = 'index.json';

export interface CompiledIndex {
  format: 1;
  /** The version of ajv that generated the code (its runtime helpers and its error objects). */
  ajv: string;
  /** JSON of the instance's options (ajv.ts AJV_OPTIONS). */
  options: string;
  /** Each validator by ref (`$id`, or `$id#/$defs/name`): its file and export. */
  validators: Record<string, { file: string; export: string }>;
  /** Each file's documents (`$id` -> digest): the document compiled and every document it refers to. */
  files: Record<string, Record<string, string>>;
}

/** A schema document's digest: the SHA-256 of its JSON, as the process holds it and as the file parses. */
export function documentDigest(document: unknown): string {
  return createHash('sha256').update(JSON.stringify(document)).digest('base64url');
}

export interface SchemaDocument {
  /** Path from the package root (`src/report/run-record.schema.json`). */
  path: string;
  document: { $id: string; $defs?: Record<string, unknown> };
}

/** Every `*.schema.json` under `folder` (the package's src/) that has an `$id`, in path order. */
export function schemaDocuments(root: string, folder = 'src'): SchemaDocument[] {
  const files = (readdirSync(join(root, folder), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.schema.json'))
    .map((file) => join(root, folder, file))
    .sort();
  return files
    .map((file) => ({ path: relative(root, file), document: JSON.parse(readFileSync(file, 'utf8')) as SchemaDocument['document'] }))
    .filter(({ document }) => typeof document.$id === 'string');
}

/** The `$id`s of the documents `document` refers to (`$ref` to another document), directly or through others. */
function referencedDocuments(document: SchemaDocument['document'], byId: ReadonlyMap<string, SchemaDocument['document']>): string[] {
  const found = new Set<string>([document.$id]);
  const visit = (doc: SchemaDocument['document']): void => {
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
            const id = new URL(value, doc.$id).href.replace(/#.*$/, '');
            const target = byId.get(id);
            if (!found.has(id)) {
              found.add(id);
              if (target) visit(target);
            }
          } else walk(value);
        }
      }
    };
    walk(doc);
  };
  visit(document);
  return [...found];
}

/** A file name for a document's validators: its path under src/, flattened (`report-run-record.cjs`). */
function fileName(path: string): string {
  return `${path.replace(/^src\//, '').replace(/\.schema\.json$/, '').replace(/[^a-zA-Z0-9]+/g, '-')}.cjs`;
}

/** The refs compiled for a document: the document itself and each of its `$defs` (what `validatorByRef` asks for). */
function refsOf(document: SchemaDocument['document']): string[] {
  return [document.$id, ...Object.keys(document.$defs ?? {}).map((name) => `${document.$id}#/$defs/${name}`)];
}

/** The index of the validators compiled from `documents` (cheap: no compiling), which the build compares with the one on disk. */
export function compiledIndexFor(documents: readonly SchemaDocument[], ajvVersion: string, options: string): CompiledIndex {
  const byId = new Map(documents.map(({ document }) => [document.$id, document]));
  const index: CompiledIndex = { format: 1, ajv: ajvVersion, options, validators: {}, files: {} };
  for (const { path, document } of documents) {
    const file = fileName(path);
    refsOf(document).forEach((ref, i) => (index.validators[ref] = { file, export: `v${i}` }));
    const digests: Record<string, string> = {};
    for (const id of referencedDocuments(document, byId)) {
      const referenced = byId.get(id);
      if (!referenced) throw new Error(`${path}: refers to ${id}, which no schema document under src/ declares`);
      digests[id] = documentDigest(referenced);
    }
    index.files[file] = digests;
  }
  return index;
}

/**
 * The code of each file of the index: one CommonJS module per document exporting its validators (`v0` the
 * document, then its `$defs` in order). `ajv` must have the options of ajv.ts plus `code.source`, and no
 * schema added yet.
 */
export function generateValidators(ajv: Ajv2020, documents: readonly SchemaDocument[]): Map<string, string> {
  // ajv's CommonJS module, whose `default` is the function.
  const { default: standaloneCode } = createRequire(import.meta.url)('ajv/dist/standalone/index.js') as { default: (ajv: Ajv2020, refs: Record<string, string>) => string };
  for (const { document } of documents) ajv.addSchema(document);
  return new Map(documents.map(({ path, document }) => [
    fileName(path),
    standaloneCode(ajv, Object.fromEntries(refsOf(document).map((ref, i) => [`v${i}`, ref]))),
  ]));
}
