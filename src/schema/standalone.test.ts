import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { packageRoot } from '../adapter/manifest.js';
import { AJV_OPTIONS, newAjv, registerSchemas, validatorByRef, validatorFor } from './ajv.js';
import { COMPILED_FOLDER, INDEX_FILE, compiledIndexFor, generateValidators, schemaDocuments, type CompiledIndex } from './standalone.js';
import emptySchema from './protocols/empty/1.0/empty.schema.json' with { type: 'json' };
import shutdownSchema from '../adapter/protocol/v1/shutdown.schema.json' with { type: 'json' };

const root = packageRoot();
const folder = join(root, 'dist/src/schema', COMPILED_FOLDER);
const documents = schemaDocuments(root);
const ajvVersion = (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;
const built = (): CompiledIndex => JSON.parse(readFileSync(join(folder, INDEX_FILE), 'utf8')) as CompiledIndex;
const load = (file: string): Record<string, ValidateFunction> => createRequire(import.meta.url)(join(folder, file)) as Record<string, ValidateFunction>;

/**
 * JSON values to validate: each vector and manifest and the values one level inside them (deeper ones add
 * seconds and little: the code of both sides is ajv's same code generation), and a few odd ones.
 */
function samples(): unknown[] {
  const files = [
    ...(readdirSync(join(root, 'vectors'), { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).map((f) => join(root, 'vectors', f)),
    ...readdirSync(join(root, 'adapters')).map((name) => join(root, 'adapters', name, 'adapter.json')).filter((f) => existsSync(f)),
  ];
  const seen = new Map<string, unknown>([null, {}, [], '', 0, true, { type: 42 }].map((v) => [JSON.stringify(v), v]));
  const collect = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > 1) return;
    seen.set(JSON.stringify(value), value);
    for (const nested of Object.values(value)) collect(nested, depth + 1);
  };
  for (const file of files) collect(JSON.parse(readFileSync(file, 'utf8')), 0);
  return [...seen.values()];
}

/** One instance compiles every schema here for both the code comparison and the verdicts (about 0.5 s each). */
const here = newAjv({ source: true });
let regenerated: Map<string, string> | undefined;
const regenerate = (): Map<string, string> => (regenerated ??= generateValidators(here, documents));

describe('the validators compiled by the build (dist/src/schema/compiled/)', () => {
  test('are what the schemas under src/ compile to now: the same index and the same code, file by file', () => {
    const index = compiledIndexFor(documents, ajvVersion, JSON.stringify(AJV_OPTIONS));
    expect(built()).toEqual(index);
    expect(Object.keys(index.files)).toHaveLength(documents.length);
    for (const [file, code] of regenerate()) expect(readFileSync(join(folder, file), 'utf8'), file).toBe(code);
  });

  test('give the verdict and the errors ajv gives compiling the schema here, on every value of the vectors', () => {
    const index = built();
    regenerate();
    const values = samples();
    expect(values.length).toBeGreaterThan(500);
    let invalid = 0;
    const disagreements: string[] = [];
    for (const [ref, { file, export: name }] of Object.entries(index.validators)) {
      const compiled = load(file)[name]!;
      const runtime = here.getSchema(ref)!;
      values.forEach((value, i) => {
        const verdict = compiled(value);
        if (!verdict) invalid += 1;
        const [got, wanted] = [JSON.stringify([verdict, compiled.errors]), JSON.stringify([runtime(value), runtime.errors])];
        if (got !== wanted) disagreements.push(`${ref} on value ${i}: ${got} instead of ${wanted}`);
      });
    }
    expect(disagreements).toEqual([]);
    // Both verdicts were seen: the comparison covered errors as well as passes.
    expect(invalid).toBeGreaterThan(0);
    expect(invalid).toBeLessThan(values.length * Object.keys(index.validators).length);
  });

  test('are used when the document is the one compiled: a registered ref gets the compiled function itself', () => {
    registerSchemas([shutdownSchema]);
    const { file, export: name } = built().validators[`${shutdownSchema.$id}#/$defs/params`]!;
    expect(validatorByRef(`${shutdownSchema.$id}#/$defs/params`)).toBe(load(file)[name]);
  });

  test('are not used for a document that differs from the one compiled: it is compiled here, as it is', () => {
    // The same $id, one constraint more: the compiled validator would pass what this one refuses.
    const changed = { ...emptySchema, required: ['not-in-the-original'] };
    expect(validatorFor(emptySchema)({ type: 'https://didcomm.org/empty/1.0/empty', id: '1', body: {} })).toBe(true);
    const validate = validatorFor(changed);
    expect(validate({ type: 'https://didcomm.org/empty/1.0/empty', id: '1', body: {} })).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ missingProperty: 'not-in-the-original' });
  });
});
