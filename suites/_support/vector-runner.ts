/**
 * The one vector runner: every published and generated vector becomes one receiver case of the suite its
 * topic belongs to. The agent holds every party of the vector's key set and unpacks the vector.
 *
 * - accepted by strict and lenient receivers: the agent must accept it and return the expected plaintext
 *   and sender/signer kids (core, or crypto-full for optional algorithms);
 * - rejected by a lenient receiver: the agent must reject it (core; a SHOULD-level rule only warns);
 * - rejected only by a strict receiver: the agent must reject it in the strict profile;
 * - a negative vector with a `base` first has its untouched base unpacked as a positive control: if the agent
 *   rejects the base too, the case is inconclusive (skipped), never passed.
 * The rejection code is compared when the agent speaks the reference's codes; a different reason warns.
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import { DIDCOMM_ERROR_CODES, REQUIREMENTS } from '../../src/index.js';
import { conformanceCase, Inconclusive, must, type CaseContext } from '../../src/runner/case.js';
import type { CaseNeeds } from '../../src/runner/applicability.js';
import { expectationFor, loadVectorCases, type AcceptExpectation, type Expectation, type VectorCase } from '../../src/vectors/expectations.js';
import { vectorInput } from '../../src/vectors/verify.js';
import { readVectorJson } from '../../src/vectors/paths.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import type { ProfileName } from '../../src/spec/profiles.js';
import type { Algorithm, Curve, EnvelopeKind } from '../../src/adapter/protocol/v1/types.generated.js';
import { setUpAgent } from './parties.js';

/** The suites of suites/envelope, one per spec concept. */
export type EnvelopeTopic = 'plaintext' | 'attachments' | 'signed' | 'anoncrypt' | 'authcrypt' | 'nesting' | 'layer-consistency' | 'from-prior' | 'media-types';

const cases = loadVectorCases();
const byId = new Map(cases.map((c) => [c.id, c]));

/** The rule a vector is about: the requirement its rejection names, else the first one it cites. */
function mainRequirement(vector: VectorCase): RequirementId {
  const reject = [expectationFor(vector, 'lenient'), expectationFor(vector, 'strict')].find((e) => e.outcome === 'reject');
  return reject?.outcome === 'reject' ? reject.requirement : vector.requirements[0]!;
}

function layersOf(vector: VectorCase): string[] {
  const accept = [vector.expect, vector.lenient, vector.strict].find((e): e is AcceptExpectation => e?.outcome === 'accept');
  return accept?.layers ?? [];
}

/** The suite a vector belongs to. */
export function topicOf(vector: VectorCase): EnvelopeTopic {
  const req = mainRequirement(vector);
  const id = vector.id.toLowerCase();
  if (req.startsWith('ROT-') || id.includes('from_prior') || id.includes('from-prior') || id.includes('rotation')) return 'from-prior';
  if (['ENV-NEST-005', 'ENV-NEST-008', 'ENV-NEST-009', 'ENV-NEST-010', 'ENV-NEST-011', 'ENC-AUTH-007', 'ENV-PLAIN-008', 'ENV-SIGN-006', 'ENC-JWE-001'].includes(req) || req.startsWith('KEYS-')) return 'layer-consistency';
  if (req.startsWith('ENV-NEST-') || req.startsWith('ROUTE-') || layersOf(vector).filter((l) => l !== 'plaintext').length > 1) return 'nesting';
  if (req.startsWith('ENV-MT-') || id.includes('typ')) return 'media-types';
  if (req.startsWith('ENV-ATT-') || id.includes('attachment')) return 'attachments';
  if (req.startsWith('ENV-PLAIN-') || req.startsWith('PIURI-') || req.startsWith('THR-') || id.includes('/plaintext/') || id.includes('plaintext')) return 'plaintext';
  if (req.startsWith('ENV-SIGN-') || id.includes('signed') || layersOf(vector)[0] === 'signed') return 'signed';
  if (req.startsWith('ENC-AUTH-') || id.includes('authcrypt') || layersOf(vector)[0] === 'authcrypt' || req === 'ENC-KDF-004') return 'authcrypt';
  return 'anoncrypt';
}

const REQUIRED_CURVES = new Set(['X25519', 'P-256', 'P-384']);
const REQUIRED_ALGORITHMS = new Set(['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256CBC-HS512', 'EdDSA', 'ES256', 'ES256K']);
const SIGNATURE_CURVES: Record<string, Curve> = { EdDSA: 'Ed25519', ES256: 'P-256', ES256K: 'secp256k1' };

function decodeHeader(value: unknown): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** What the agent must have claimed to be asked about a vector: read from its outer layer and expected layers. */
function needsOf(vector: VectorCase, text: string): { needs: CaseNeeds; required: boolean } {
  const envelopes = new Set<EnvelopeKind>();
  for (const layer of layersOf(vector)) if (layer !== 'forward') envelopes.add(layer as EnvelopeKind);
  const algorithms: Partial<Record<Curve, Algorithm[]>> = {};
  let required = true;
  let outer: Record<string, unknown> = {};
  try {
    outer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    outer = {};
  }
  if (outer && typeof outer === 'object' && typeof outer['ciphertext'] === 'string') {
    const header = decodeHeader(outer['protected']);
    const alg = String(header['alg']);
    const enc = String(header['enc']);
    const crv = String((header['epk'] as { crv?: unknown } | undefined)?.crv);
    const known = ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW'].includes(alg) && ['A256CBC-HS512', 'A256GCM', 'XC20P'].includes(enc) && ['X25519', 'P-256', 'P-384', 'P-521'].includes(crv);
    // A vector with an algorithm nobody may use (RSA, dir, A128GCM) is a rejection test for everyone.
    if (known) {
      algorithms[crv as Curve] = [alg as Algorithm, enc as Algorithm];
      envelopes.add(alg === 'ECDH-1PU+A256KW' ? 'authcrypt' : 'anoncrypt');
      required &&= REQUIRED_CURVES.has(crv) && REQUIRED_ALGORITHMS.has(enc);
    }
  } else if (outer && typeof outer === 'object' && typeof outer['payload'] === 'string') {
    const entry = (Array.isArray(outer['signatures']) ? outer['signatures'][0] : outer) as Record<string, unknown> | undefined;
    const alg = String(decodeHeader(entry?.['protected'])['alg']);
    if (SIGNATURE_CURVES[alg]) algorithms[SIGNATURE_CURVES[alg]!] = [alg as Algorithm];
    envelopes.add('signed');
  }
  if (envelopes.size === 0) envelopes.add('plaintext');
  return { needs: { envelopes: [...envelopes], algorithms }, required };
}

type Plan =
  | { kind: 'accept'; expectation: AcceptExpectation; profile: ProfileName; requirement: RequirementId }
  | { kind: 'reject'; expectations: Expectation[]; profile: ProfileName; requirement: RequirementId; should: boolean };

function planOf(vector: VectorCase, required: boolean): Plan | undefined {
  // The adapter protocol cannot ask an agent for v2.0 receiver rules, nor to check a bare rotation JWT.
  if (vector.specVersion === '2.0' || vector.input.as === 'from-prior-jwt') return undefined;
  const strict = expectationFor(vector, 'strict');
  const lenient = expectationFor(vector, 'lenient');
  const profile: ProfileName = required ? 'core' : 'crypto-full';
  if (lenient.outcome === 'accept' && strict.outcome === 'accept') return { kind: 'accept', expectation: lenient, profile, requirement: vector.requirements[0]! };
  if (lenient.outcome === 'reject') {
    const level = REQUIREMENTS[lenient.requirement].level;
    return { kind: 'reject', expectations: [lenient, strict], profile, requirement: lenient.requirement, should: level === 'SHOULD' || level === 'MAY' };
  }
  if (strict.outcome === 'reject') return { kind: 'reject', expectations: [strict], profile: 'strict', requirement: strict.requirement, should: false };
  return undefined;
}

function slug(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

function pick(file: string, key?: string, pointer?: string): unknown {
  let value = readVectorJson(file);
  if (key !== undefined) value = (value as Record<string, unknown>)[key];
  for (const part of (pointer ?? '').split('/').filter(Boolean)) value = (value as Record<string, unknown>)[part];
  return value;
}

function expectedPlaintext(expectation: AcceptExpectation): unknown {
  if (expectation.plaintext) return pick(expectation.plaintext.file, expectation.plaintext.key, expectation.plaintext.pointer);
  if (expectation.derived) {
    const groups = readVectorJson(expectation.derived.file) as Record<string, Record<string, unknown>>;
    const holder = expectation.derived.group ? groups[expectation.derived.group]! : groups;
    return (holder[expectation.derived.key] as { final_plaintext?: unknown } | undefined)?.final_plaintext;
  }
  return undefined;
}

async function unpackAccepted(ctx: CaseContext, vector: VectorCase, text: string, plan: Extract<Plan, { kind: 'accept' }>): Promise<void> {
  const result = await ctx.call('unpack', { packed: text });
  must(result.status === 'accepted', plan.requirement, `the agent rejected a valid message: ${result.status === 'rejected' ? `${result.error.code}: ${result.error.message}` : ''}`);
  const expected = expectedPlaintext(plan.expectation);
  if (expected !== undefined) must(isDeepStrictEqual(result.message, expected), plan.requirement, 'the unpacked plaintext differs from the expected one');
  const meta = result.metadata;
  const { senderKid, signerKid } = plan.expectation;
  if (senderKid !== undefined && meta.senderKid !== undefined) must(meta.senderKid === senderKid, 'ENC-AUTH-007', `reported senderKid ${meta.senderKid}, expected ${senderKid}`);
  if (signerKid !== undefined && meta.signerKid !== undefined) must(meta.signerKid === signerKid, 'ENV-SIGN-003', `reported signerKid ${meta.signerKid}, expected ${signerKid} (PITFALLS 3)`);
  const layers = (plan.expectation.layers ?? []).filter((l) => l !== 'forward');
  if (layers.length > 0) {
    must(meta.encrypted === (layers.includes('anoncrypt') || layers.includes('authcrypt')), 'ENC-JWE-003', `reported encrypted=${meta.encrypted} for ${layers.join('>')} (PITFALLS 26)`);
    must(meta.nonRepudiation === layers.includes('signed'), 'ENV-SIGN-008', `reported nonRepudiation=${meta.nonRepudiation} for ${layers.join('>')} (PITFALLS 26)`);
    must(meta.authenticated === (layers.includes('authcrypt') || layers.includes('signed')), 'ENC-AUTH-007', `reported authenticated=${meta.authenticated} for ${layers.join('>')} (PITFALLS 6, 26)`);
  }
  void vector;
}

async function unpackRejected(ctx: CaseContext, vector: VectorCase, text: string, plan: Extract<Plan, { kind: 'reject' }>): Promise<void> {
  const base = vector.base ? byId.get(vector.base) : undefined;
  if (base) {
    const control = await ctx.call('unpack', { packed: vectorInput(base) });
    if (control.status !== 'accepted') throw new Inconclusive(`inconclusive: the untouched base ${base.id} was rejected too (${control.error.code})`);
  }
  const result = await ctx.call('unpack', { packed: text });
  if (plan.should) {
    ctx.should(result.status === 'rejected', plan.requirement, `accepted: ${vector.mutation ?? vector.id}`);
    return;
  }
  must(result.status === 'rejected', plan.requirement, `the agent accepted a message it must reject (${vector.mutation ?? vector.id})`);
  // The specific rejection, where the agent speaks our vocabulary: another reason is a warning, not a failure.
  const codes = plan.expectations.flatMap((e) => (e.outcome === 'reject' ? [e.code] : []));
  const requirements = [...plan.expectations.flatMap((e) => (e.outcome === 'reject' ? [e.requirement] : [])), ...vector.requirements] as string[];
  if (Object.hasOwn(DIDCOMM_ERROR_CODES, result.error.code)) ctx.should(codes.includes(result.error.code), plan.requirement, `rejected with ${result.error.code}, expected ${codes.join(' or ')}`);
  if (result.error.requirement !== undefined) ctx.should(requirements.includes(result.error.requirement), plan.requirement, `rejected under ${result.error.requirement}, expected ${requirements.join(' or ')}`);
}

/** Declares one receiver case per vector of `topic`. */
export function declareVectorCases(topic: EnvelopeTopic): void {
  for (const vector of cases) {
    if (topicOf(vector) !== topic) continue;
    const text = vectorInput(vector);
    const { needs, required } = needsOf(vector, text);
    const plan = planOf(vector, required);
    if (!plan) continue;
    // ENV-NEST-011: a failed layer-consistency check is an error, not a warning.
    const consistency: RequirementId[] = ['ENV-NEST-008', 'ENV-NEST-009', 'ENV-NEST-010'].includes(plan.requirement) && plan.kind === 'reject' ? ['ENV-NEST-011'] : [];
    const requirements = [...new Set([plan.requirement, ...vector.requirements, ...consistency])] as [RequirementId, ...RequirementId[]];
    const routing = layersOf(vector).includes('forward');
    conformanceCase({
      id: `${topic}.receiver.vector.${slug(vector.id)}`,
      title: plan.kind === 'accept'
        ? `accepts vector ${vector.id}`
        : `${plan.should ? 'should reject' : 'rejects'} vector ${vector.id}${vector.mutation ? ` (${vector.mutation})` : ''}`,
      requirements,
      profiles: routing ? ['routing'] : [plan.profile],
      role: 'receiver',
      needs,
      // An optional algorithm the agent does not claim skips; a required one fails (ENC-ALG-001/002, ENV-SIGN-001).
      required: required && plan.kind === 'accept' && !routing,
    }, async (ctx) => {
      await setUpAgent(ctx, vector.keys);
      if (plan.kind === 'accept') await unpackAccepted(ctx, vector, text, plan);
      else await unpackRejected(ctx, vector, text, plan);
    });
  }
}

/** Every vector and the suite it belongs to (for `list` and tests). */
export function vectorTopics(): Array<{ id: string; topic: EnvelopeTopic }> {
  return cases.map((vector) => ({ id: vector.id, topic: topicOf(vector) }));
}
