/**
 * Expectations about vectors: what a strict and a lenient receiver must do with each, kept apart from the
 * vector data (`vectors/expectations/*.json`, checked against `vector-expectations.schema.json`).
 * @module
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeErrors, validatorFor } from '../schema/ajv.js';
import schema from '../schema/vector-expectations.schema.json' with { type: 'json' };
import { isRequirementId, type RequirementId } from '../spec/requirements.js';
import type { KeySetName } from './key-sets.js';
import { readVectorJson, VECTORS_DIR } from './paths.js';

export type ReceiverMode = 'strict' | 'lenient';

export interface AcceptExpectation {
  outcome: 'accept';
  layers?: Array<'anoncrypt' | 'authcrypt' | 'signed' | 'forward' | 'plaintext'>;
  plaintext?: { file: string; key?: string; pointer?: string };
  derived?: { file: string; key: string; group?: string };
  senderKid?: string;
  signerKid?: string;
  fromPriorIss?: string;
  warnings?: string[];
}

export interface RejectExpectation {
  outcome: 'reject';
  code: string;
  requirement: RequirementId;
}

export type Expectation = AcceptExpectation | RejectExpectation;

export interface VectorCase {
  id: string;
  input: { file: string; key?: string; as?: 'message' | 'from-prior-jwt' };
  keys: KeySetName;
  specVersion?: '2.0' | '2.1';
  requirements: RequirementId[];
  base?: string;
  mutation?: string;
  expect: Expectation;
  strict?: Expectation;
  lenient?: Expectation;
  note?: string;
  /** The expectations file this case came from. */
  source: string;
}

/** The expectation for `mode`: its override, or the common one. */
export function expectationFor(vector: VectorCase, mode: ReceiverMode): Expectation {
  return vector[mode] ?? vector.expect;
}

/** Loads every `vectors/expectations/*.json`, validating each and every requirement ID in it. */
export function loadVectorCases(): VectorCase[] {
  const validate = validatorFor<Array<Omit<VectorCase, 'source'>>>(schema);
  const cases: VectorCase[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(join(VECTORS_DIR, 'expectations')).filter((f) => f.endsWith('.json')).sort()) {
    const source = `expectations/${file}`;
    const data = readVectorJson(source);
    if (!validate(data)) throw new Error(`${source} is invalid: ${describeErrors(validate.errors).join('; ')}`);
    for (const entry of data) {
      if (seen.has(entry.id)) throw new Error(`${source}: vector id ${entry.id} is defined twice`);
      seen.add(entry.id);
      const ids = [...entry.requirements, ...[entry.expect, entry.strict, entry.lenient].flatMap((e) => (e?.outcome === 'reject' ? [e.requirement] : []))];
      const unknown = ids.filter((id) => !isRequirementId(id));
      if (unknown.length > 0) throw new Error(`${source}: ${entry.id} cites unknown requirement IDs ${unknown.join(', ')}`);
      cases.push({ ...entry, source });
    }
  }
  return cases;
}
