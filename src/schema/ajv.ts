/**
 * The project's one ajv instance. Schemas are compiled once and looked up by `$id`.
 * @module
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

/** The validator for `schema` (compiled on first use, then reused). */
export function validatorFor<T>(schema: { $id: string }): ValidateFunction<T> {
  return (ajv.getSchema(schema.$id) ?? ajv.compile(schema)) as ValidateFunction<T>;
}

/** ajv errors as short lines: `/path: message`. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
