/**
 * Checks the shape of what an agent emits against the DIDComm JSON Schemas (`src/schema/didcomm/`):
 * plaintext, JWE (with its decoded protected header) and JWS (General or Flattened, with each decoded
 * protected header). Shape only: keys and cryptography are the reference `unpack`'s job.
 * @module
 */
import { describeErrors, validatorFor } from './ajv.js';
import jweSchema from './didcomm/jwe.schema.json' with { type: 'json' };
import jweHeaderSchema from './didcomm/jwe-protected-header.schema.json' with { type: 'json' };
import jwsSchema from './didcomm/jws.schema.json' with { type: 'json' };
import jwsHeaderSchema from './didcomm/jws-protected-header.schema.json' with { type: 'json' };
import plaintextSchema from './didcomm/plaintext.schema.json' with { type: 'json' };

export type EnvelopeShapeKind = 'plaintext' | 'jwe' | 'jws';

export interface ShapeViolation {
  /** Which schema: `plaintext`, `jwe`, `jwe-protected-header`, `jws`, `jws-protected-header`. */
  schema: string;
  /** JSON pointer into the checked value (into the decoded header for header schemas). */
  path: string;
  message: string;
}

function validate(name: string, schema: { $id: string }, value: unknown, prefix = ''): ShapeViolation[] {
  const check = validatorFor(schema);
  if (check(value)) return [];
  return describeErrors(check.errors).map((line) => {
    const split = line.indexOf(': ');
    const path = line.slice(0, split);
    // A `false` schema is how the DIDComm schemas forbid a member.
    const message = line.slice(split + 2).replace('boolean schema is false', 'must not be present');
    return { schema: name, path: prefix && path === '/' ? prefix : `${prefix}${path}`, message };
  });
}

function decodeHeader(value: unknown): unknown {
  try {
    return JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Every schema violation of `value` as a `kind` envelope (an empty list when it conforms). */
export function checkEnvelopeShape(kind: EnvelopeShapeKind, value: unknown): ShapeViolation[] {
  if (kind === 'plaintext') return validate('plaintext', plaintextSchema, value);
  const object = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (kind === 'jwe') {
    const violations = validate('jwe', jweSchema, value);
    const header = decodeHeader(object.protected);
    return header === undefined && typeof object.protected === 'string'
      ? [...violations, { schema: 'jwe-protected-header', path: '/protected', message: 'does not decode to JSON' }]
      : [...violations, ...(header === undefined ? [] : validate('jwe-protected-header', jweHeaderSchema, header, '/protected(decoded)'))];
  }
  const violations = validate('jws', jwsSchema, value);
  const entries = Array.isArray(object.signatures) ? (object.signatures as Array<Record<string, unknown>>) : [object];
  entries.forEach((entry, i) => {
    const header = decodeHeader(entry?.protected);
    const where = Array.isArray(object.signatures) ? `/signatures/${i}/protected(decoded)` : '/protected(decoded)';
    if (header === undefined) violations.push({ schema: 'jws-protected-header', path: where, message: 'does not decode to JSON' });
    else violations.push(...validate('jws-protected-header', jwsHeaderSchema, header, where));
  });
  return violations;
}
