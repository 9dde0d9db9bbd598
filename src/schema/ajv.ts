/**
 * The project's one ajv instance, created on first use. Schemas are compiled once, on first use, and looked up
 * by `$id`: a module holding a validator at top level costs nothing until it validates (run-record.schema.json
 * takes about 0.15 s of CPU to compile, which every process importing the report modules paid at import).
 * @module
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';

/** The annotation keyword naming the requirement a subschema states: a violation under it fails under that ID. */
export const REQUIREMENT_KEYWORD = 'x-requirement';

let shared: Ajv2020 | undefined;
/** Schemas registered and not yet added (registerSchemas). */
const pending: Array<{ $id: string }> = [];

function ajv(): Ajv2020 {
  if (!shared) {
    // JSON Schema draft 2020-12, strict mode: a schema with an unknown keyword is an error, not a no-op.
    // strictRequired is off: `anyOf: [{required: [x]}, …]` (at least one of) is the idiom the DIDComm schemas need.
    shared = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    // An annotation, never a constraint: the DIGEST requirement a (sub)schema expresses (src/schema/protocols/).
    shared.addVocabulary([REQUIREMENT_KEYWORD]);
  }
  // Presence is looked up, not asked of getSchema, which compiles the schema it finds.
  for (let schema = pending.shift(); schema; schema = pending.shift()) {
    if (!shared.schemas[schema.$id] && !shared.refs[schema.$id]) shared.addSchema(schema);
  }
  return shared;
}

/** A validator: true when `data` fits the schema; otherwise `errors` says why (as ajv's do). */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

/** The validator for `schema`, compiled on its first call, then reused. */
export function validatorFor<T>(schema: { $id: string }): Validator<T> {
  let compiled: ValidateFunction<T> | undefined;
  const validate: Validator<T> = (data: unknown): data is T => {
    compiled ??= (ajv().getSchema(schema.$id) ?? ajv().compile(schema)) as ValidateFunction<T>;
    const valid = compiled(data);
    validate.errors = compiled.errors;
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
  pending.push(...schemas);
}

/** The validator of a registered schema or of a fragment of one (`<$id>#/$defs/x`). */
export function validatorByRef(ref: string): ValidateFunction {
  const validate = ajv().getSchema(ref);
  if (!validate) throw new Error(`schema ${ref} is not registered`);
  return validate;
}

/** ajv errors as short lines: `/path: message`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
