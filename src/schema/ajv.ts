/**
 * The project's one ajv instance, created on first use, and the validators the build compiled ahead of time
 * (src/schema/standalone.ts). A validator is taken from the compiled ones when the documents it was compiled
 * from are exactly the ones this process holds (their digests), with the same ajv and options; otherwise its
 * schema is compiled here, once, on first use, and looked up by `$id` (run-record.schema.json alone takes
 * about 0.15 s of CPU to compile, which every process importing the report modules paid at import).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { COMPILED_FOLDER, INDEX_FILE, documentDigest, type CompiledIndex } from './standalone.js';

/** The annotation keyword naming the requirement a subschema states: a violation under it fails under that ID. */
export const REQUIREMENT_KEYWORD = 'x-requirement';

/**
 * JSON Schema draft 2020-12, strict mode: a schema with an unknown keyword is an error, not a no-op.
 * strictRequired is off: `anyOf: [{required: [x]}, …]` (at least one of) is the idiom the DIDComm schemas need.
 */
export const AJV_OPTIONS: Readonly<Options> = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true };

/** The instance with the project's options and vocabulary; `code` is added by the build's code generation. */
export function newAjv(code?: Options['code']): Ajv2020 {
  const { Ajv2020: Ajv } = requireHere('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const instance = new Ajv({ ...AJV_OPTIONS, ...(code ? { code } : {}) });
  // An annotation, never a constraint: the DIGEST requirement a (sub)schema expresses (src/schema/protocols/).
  instance.addVocabulary([REQUIREMENT_KEYWORD]);
  return instance;
}

// ajv is loaded when a schema must be compiled here, not at import: with the compiled validators most
// processes never need it.
const requireHere = createRequire(import.meta.url);
let shared: Ajv2020 | undefined;
/** Schemas registered and not yet added (registerSchemas). */
const pending: Array<{ $id: string }> = [];
/** Every registered document by `$id`: what the compiled validators are checked against. */
const registered = new Map<string, object>();

function ajv(): Ajv2020 {
  shared ??= newAjv();
  // Presence is looked up, not asked of getSchema, which compiles the schema it finds.
  for (let schema = pending.shift(); schema; schema = pending.shift()) {
    if (!shared.schemas[schema.$id] && !shared.refs[schema.$id]) shared.addSchema(schema);
  }
  return shared;
}

/**
 * The build's compiled validators: next to this module once built (dist/src/schema/compiled/), and from the
 * TypeScript sources (vitest) those of dist/. Undefined when there are none, or made by another ajv or with
 * other options.
 */
let compiled: { folder: string; index: CompiledIndex } | null | undefined;
function compiledIndex(): { folder: string; index: CompiledIndex } | undefined {
  if (compiled === undefined) {
    compiled = null;
    const candidates = [new URL(`./${COMPILED_FOLDER}/`, import.meta.url), new URL(`../../dist/src/schema/${COMPILED_FOLDER}/`, import.meta.url)];
    const folder = candidates.map((url) => fileURLToPath(url)).find((path) => existsSync(join(path, INDEX_FILE)));
    if (folder) {
      try {
        const index = JSON.parse(readFileSync(join(folder, INDEX_FILE), 'utf8')) as CompiledIndex;
        const ajvVersion = (requireHere('ajv/package.json') as { version: string }).version;
        if (index.format === 1 && index.ajv === ajvVersion && index.options === JSON.stringify(AJV_OPTIONS)) compiled = { folder, index };
      } catch {
        // Unreadable: every schema is compiled here.
      }
    }
  }
  return compiled ?? undefined;
}

const digests = new WeakMap<object, string>();
/** The compiled validator of `ref`, if every document it was compiled from is the one `documentOf` gives. */
function compiledValidator(ref: string, documentOf: (id: string) => object | undefined): ValidateFunction | undefined {
  const found = compiledIndex();
  const entry = found?.index.validators[ref];
  const documents = entry && found.index.files[entry.file];
  if (!found || !entry || !documents) return undefined;
  for (const [id, digest] of Object.entries(documents)) {
    const document = documentOf(id);
    if (!document) return undefined;
    let actual = digests.get(document);
    if (actual === undefined) digests.set(document, (actual = documentDigest(document)));
    if (actual !== digest) return undefined;
  }
  return (requireHere(join(found.folder, entry.file)) as Record<string, ValidateFunction | undefined>)[entry.export];
}

/** A validator: true when `data` fits the schema; otherwise `errors` says why (as ajv's do). */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

/** The validator for `schema`: the compiled one when it fits, else compiled on its first call, then reused. */
export function validatorFor<T>(schema: { $id: string }): Validator<T> {
  let compiledOnce: ValidateFunction<T> | undefined;
  const validate: Validator<T> = (data: unknown): data is T => {
    compiledOnce ??= (compiledValidator(schema.$id, (id) => (id === schema.$id ? schema : registered.get(id)))
      ?? ajv().getSchema(schema.$id) ?? ajv().compile(schema)) as ValidateFunction<T>;
    const valid = compiledOnce(data);
    validate.errors = compiledOnce.errors;
    return valid;
  };
  return validate;
}

/**
 * Registers schemas that refer to each other by `$id` (once; registering the same `$id` again is a no-op).
 * They are added when the instance is next used: adding one checks it against the draft's meta-schema, work
 * a process that never validates against them should not pay at import.
 */
export function registerSchemas(schemas: ReadonlyArray<{ $id: string }>): void {
  for (const schema of schemas) if (!registered.has(schema.$id)) registered.set(schema.$id, schema);
  pending.push(...schemas);
}

/** The validator of a registered schema or of a fragment of one (`<$id>#/$defs/x`): the compiled one when it fits. */
export function validatorByRef(ref: string): ValidateFunction {
  const validate = compiledValidator(ref, (id) => registered.get(id)) ?? ajv().getSchema(ref);
  if (!validate) throw new Error(`schema ${ref} is not registered`);
  return validate;
}

/** ajv errors as short lines: `/path: message`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
