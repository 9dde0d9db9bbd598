/**
 * The project's one ajv instance. Schemas are compiled once and looked up by `$id`.
 * @module
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** The annotation keyword naming the requirement a subschema states: a violation under it fails under that ID. */
export const REQUIREMENT_KEYWORD = 'x-requirement';

/** JSON Schema draft 2020-12, strict mode: a schema with an unknown keyword is an error, not a no-op. */
// strictRequired is off: `anyOf: [{required: [x]}, …]` (at least one of) is the idiom the DIDComm schemas need.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
// An annotation, never a constraint: the DIGEST requirement a (sub)schema expresses (src/schema/protocols/).
ajv.addVocabulary([REQUIREMENT_KEYWORD]);

/** The validator for `schema` (compiled on first use, then reused). */
export function validatorFor<T>(schema: { $id: string }): ValidateFunction<T> {
  return (ajv.getSchema(schema.$id) ?? ajv.compile(schema)) as ValidateFunction<T>;
}

/** Registers schemas that refer to each other by `$id` (once; registering the same `$id` again is a no-op). */
export function registerSchemas(schemas: ReadonlyArray<{ $id: string }>): void {
  for (const schema of schemas) if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema);
}

/** The validator of a registered schema or of a fragment of one (`<$id>#/$defs/x`). */
export function validatorByRef(ref: string): ValidateFunction {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`schema ${ref} is not registered`);
  return validate;
}

/** ajv errors as short lines: `/path: message`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
