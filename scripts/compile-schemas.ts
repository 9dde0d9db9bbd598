/**
 * The build's last step (`npm run build`, after tsc): compiles the validators of every schema document under
 * src/ into dist/src/schema/compiled/ (src/schema/standalone.ts), one file per document and an index of what
 * each was compiled from. When the index on disk already says what this one would (the same documents, ajv
 * and options), nothing is rewritten: a rebuild with unchanged schemas costs milliseconds.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AJV_OPTIONS, newAjv } from '../src/schema/ajv.js';
import { COMPILED_FOLDER, INDEX_FILE, compiledIndexFor, generateValidators, schemaDocuments } from '../src/schema/standalone.js';

/** The package root, from dist/scripts/. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'dist/src/schema', COMPILED_FOLDER);
const documents = schemaDocuments(root);
const ajvVersion = (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;
const index = JSON.stringify(compiledIndexFor(documents, ajvVersion, JSON.stringify(AJV_OPTIONS)), null, 1);
const current = existsSync(join(out, INDEX_FILE)) ? readFileSync(join(out, INDEX_FILE), 'utf8') : undefined;
if (current !== index || Object.keys(JSON.parse(index).files as object).some((file) => !existsSync(join(out, file)))) {
  // The index goes last: a build stopped halfway leaves none, so every schema is compiled at run time.
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [file, code] of generateValidators(newAjv({ source: true }), documents)) writeFileSync(join(out, file), code);
  writeFileSync(join(out, INDEX_FILE), index);
}
