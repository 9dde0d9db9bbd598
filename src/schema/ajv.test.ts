import { describe, expect, test } from 'vitest';
import { registerSchemas, validatorByRef, validatorFor } from './ajv.js';

// An unknown keyword is an error in strict mode, raised when the schema is compiled: a schema that has it
// shows when that happens.
const unknownKeyword = (id: string) => ({ $id: `https://example.test/${id}`, type: 'object', notAKeyword: true });

describe('the shared ajv instance', () => {
  test('a validator compiles its schema on its first call, not when it is made', () => {
    let validate: ReturnType<typeof validatorFor> = () => false;
    expect(() => (validate = validatorFor(unknownKeyword('lazy-compile')))).not.toThrow();
    expect(() => validate({})).toThrow(/strict mode: unknown keyword: "notAKeyword"/);
  });

  test('registered schemas are added on the next use of the instance, and registering one twice is a no-op', () => {
    const ref = { $id: 'https://example.test/registered', $defs: { name: { type: 'string', minLength: 1 } } };
    registerSchemas([ref, ref]);
    expect(validatorByRef(`${ref.$id}#/$defs/name`)('x')).toBe(true);
    expect(validatorByRef(`${ref.$id}#/$defs/name`)('')).toBe(false);
    // A schema that breaks the draft's meta-schema is refused when the instance is next used, not at
    // registration; it is never usable, and the other schemas still are.
    const broken = { $id: 'https://example.test/registered-broken', type: 'not-a-type' };
    expect(() => registerSchemas([broken])).not.toThrow();
    expect(() => validatorByRef(`${ref.$id}#/$defs/name`)).toThrow(/schema is invalid: data\/type must be equal to one of the allowed values/);
    expect(() => validatorByRef(broken.$id)).toThrow(/type must be JSONType/);
    expect(validatorByRef(`${ref.$id}#/$defs/name`)('x')).toBe(true);
  });

  test('errors describe the last value checked, as ajv reports them', () => {
    const validate = validatorFor<{ a: number }>({ $id: 'https://example.test/errors', type: 'object', required: ['a'], properties: { a: { type: 'number' } } });
    expect(validate({ a: 'one' })).toBe(false);
    expect(validate.errors?.map((error) => `${error.instancePath} ${error.message}`)).toEqual(['/a must be number']);
    expect(validate({ a: 1 })).toBe(true);
    expect(validate.errors).toBeNull();
    // A second validator of the same $id reuses the compiled schema.
    expect(validatorFor({ $id: 'https://example.test/errors' })({})).toBe(false);
  });
});
