/**
 * Checks every vector against its expectation, as a strict and as a lenient receiver. A vector expected to
 * be accepted must give the expected plaintext, layers and keys, and decrypt with each recipient key the
 * independent derivation lists; a vector expected to be rejected must fail with the expected code and
 * requirement.
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { verifyFromPrior } from '../didcomm/plaintext/from-prior.js';
import type { KeyContext, UnpackResult } from '../didcomm/types.js';
import { isDidcommError } from '../errors/didcomm-error.js';
import { expectationFor, loadVectorCases, type AcceptExpectation, type ReceiverMode, type VectorCase } from './expectations.js';
import { loadKeySet, withOnlySecrets } from './key-sets.js';
import { readVectorJson } from './paths.js';

export interface VectorResult {
  id: string;
  mode: ReceiverMode;
  expected: string;
  actual: string;
  ok: boolean;
  /** Why the result differs from the expectation. */
  problems: string[];
}

interface DerivedLayer {
  layer: 'JWE' | 'JWS';
  alg?: string;
  skid?: string;
  decrypted_by?: string[];
  recipient_kids?: string[];
}

function pick(file: string, key?: string, pointer?: string): unknown {
  let value = readVectorJson(file);
  if (key !== undefined) value = (value as Record<string, unknown>)[key];
  for (const part of (pointer ?? '').split('/').filter(Boolean)) value = (value as Record<string, unknown>)[part];
  return value;
}

/** The input text of a vector; SICPA's non-JSON literal is stored as `{"__not_json__": text}`. */
export function vectorInput(vector: VectorCase): string {
  const value = pick(vector.input.file, vector.input.key);
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '__not_json__' in value) return String((value as { __not_json__: unknown }).__not_json__);
  return JSON.stringify(value);
}

async function attempt(vector: VectorCase, mode: ReceiverMode, ctx: KeyContext): Promise<UnpackResult | { error: unknown }> {
  const text = vectorInput(vector);
  const options = { strict: mode === 'strict', specVersion: vector.specVersion ?? '2.1' } as const;
  try {
    if (vector.input.as === 'from-prior-jwt') {
      // A bare rotation JWT is checked as the from_prior of a message from its own "sub" (ROT-005).
      const claims = JSON.parse(Buffer.from(text.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as { sub?: string };
      const message = { id: 'from-prior-check', type: 'https://didcomm.org/empty/1.0/empty', from: claims.sub ?? 'did:example:unknown', from_prior: text };
      const warnings: UnpackResult['metadata']['warnings'] = [];
      const fromPrior = await verifyFromPrior(message, ctx.resolver, { strict: options.strict, warnings });
      return { message, metadata: { encrypted: false, authenticated: false, nonRepudiation: false, anonymousSender: false, recipientKids: [], fromPrior, layers: [], warnings } };
    }
    return await unpackMessage(text, ctx, options);
  } catch (error) {
    return { error };
  }
}

function describe(result: UnpackResult | { error: unknown }): string {
  if ('error' in result) {
    const e = result.error;
    return isDidcommError(e) ? `reject ${e.code} ${e.requirement ?? '-'}` : `crash ${e instanceof Error ? e.message : String(e)}`;
  }
  return `accept ${result.metadata.layers.map((l) => l.kind).join('>') || 'from_prior'}`;
}

async function checkAccepted(vector: VectorCase, expected: AcceptExpectation, result: UnpackResult, mode: ReceiverMode): Promise<string[]> {
  const problems: string[] = [];
  const kinds = result.metadata.layers.map((l) => l.kind);
  if (expected.layers && !isDeepStrictEqual(kinds, expected.layers)) problems.push(`layers ${kinds.join('>')} != ${expected.layers.join('>')}`);
  if (expected.plaintext && !isDeepStrictEqual(result.message, pick(expected.plaintext.file, expected.plaintext.key, expected.plaintext.pointer))) {
    problems.push('the plaintext differs from the expected one');
  }
  if (expected.senderKid !== undefined && result.metadata.senderKid !== expected.senderKid) problems.push(`senderKid ${String(result.metadata.senderKid)} != ${expected.senderKid}`);
  if (expected.signerKid !== undefined && result.metadata.signerKid !== expected.signerKid) problems.push(`signerKid ${String(result.metadata.signerKid)} != ${expected.signerKid}`);
  if (expected.fromPriorIss !== undefined && result.metadata.fromPrior?.iss !== expected.fromPriorIss) problems.push(`from_prior iss ${String(result.metadata.fromPrior?.iss)} != ${expected.fromPriorIss}`);
  const warned = result.metadata.warnings.map((w) => w.requirement as string).sort();
  if (expected.warnings && !isDeepStrictEqual(warned, [...expected.warnings].sort())) problems.push(`warnings [${warned.join(', ')}] != [${expected.warnings.join(', ')}]`);
  if (expected.derived) problems.push(...(await checkDerived(vector, expected.derived, result, mode)));
  return problems;
}

/** Compares with the independent derivation: final plaintext, skids, and every listed key decrypts. */
async function checkDerived(vector: VectorCase, ref: NonNullable<AcceptExpectation['derived']>, result: UnpackResult, mode: ReceiverMode): Promise<string[]> {
  const groups = readVectorJson(ref.file) as Record<string, unknown>;
  const derived = ((ref.group ? (groups[ref.group] as Record<string, unknown>) : groups)[ref.key]) as { layers: DerivedLayer[]; final_plaintext: unknown };
  const problems: string[] = [];
  if (!isDeepStrictEqual(result.message, derived.final_plaintext)) problems.push('the plaintext differs from the derived final_plaintext');
  const kinds = derived.layers.map((l) => (l.layer === 'JWS' ? 'signed' : l.skid ? 'authcrypt' : 'anoncrypt'));
  const actual = result.metadata.layers.filter((l) => l.kind !== 'plaintext').map((l) => l.kind);
  if (!isDeepStrictEqual(actual, kinds)) problems.push(`layers ${actual.join('>')} != derived ${kinds.join('>')}`);
  const skid = derived.layers.find((l) => l.skid)?.skid;
  if (skid !== undefined && result.metadata.senderKid !== skid) problems.push(`senderKid ${String(result.metadata.senderKid)} != derived skid ${skid}`);
  const set = loadKeySet(vector.keys);
  const firsts = derived.layers.map((l) => l.decrypted_by?.[0]).filter((k): k is string => k !== undefined);
  for (const [i, layer] of derived.layers.entries()) {
    for (const kid of layer.decrypted_by ?? []) {
      const only = withOnlySecrets(set, firsts.map((first, j) => (j === i ? kid : first)));
      const again = await attempt(vector, mode, only);
      if ('error' in again) problems.push(`does not decrypt with ${kid} alone: ${describe(again)}`);
    }
  }
  return problems;
}

/** Runs one vector in one receiver mode. */
export async function verifyVector(vector: VectorCase, mode: ReceiverMode): Promise<VectorResult> {
  const expected = expectationFor(vector, mode);
  const result = await attempt(vector, mode, loadKeySet(vector.keys));
  const actual = describe(result);
  const expectedText = expected.outcome === 'accept' ? `accept ${expected.layers?.join('>') ?? ''}`.trim() : `reject ${expected.code} ${expected.requirement}`;
  const problems: string[] = [];
  if (expected.outcome === 'reject') {
    if (!actual.startsWith(`reject ${expected.code} ${expected.requirement}`)) problems.push(`expected ${expectedText}, got ${actual}`);
  } else if ('error' in result) {
    problems.push(`expected accept, got ${actual}`);
  } else {
    problems.push(...(await checkAccepted(vector, expected, result, mode)));
  }
  return { id: vector.id, mode, expected: expectedText, actual, ok: problems.length === 0, problems };
}

/** Runs every vector in both modes. */
export async function verifyAllVectors(cases: VectorCase[] = loadVectorCases()): Promise<VectorResult[]> {
  const results: VectorResult[] = [];
  for (const vector of cases) for (const mode of ['strict', 'lenient'] as const) results.push(await verifyVector(vector, mode));
  return results;
}
