/**
 * The one vector runner: every published and generated vector becomes one receiver case of the suite its
 * topic belongs to. The agent holds every party of the vector's key set and unpacks the vector.
 *
 * - accepted by strict and lenient receivers: the agent must accept it and return the expected plaintext
 *   and sender/signer kids (core, or crypto-full for optional algorithms). A rejection fails under the duty
 *   that makes the vector acceptable (`acceptanceDuty`); a bare plaintext no MUST obliges a receiver to take
 *   is inconclusive instead;
 * - rejected by a lenient receiver: the agent must reject it (core). Whether accepting it fails is the
 *   verdict rule's call: only a duty the rule puts on receivers fails, a sender rule is a strict reading;
 * - rejected only by a strict receiver: the strict profile's case;
 * - a negative vector with a `base` first has its untouched base unpacked as a positive control: if the agent
 *   rejects it, or returns something other than the base's plaintext, the case is inconclusive (skipped); one
 *   built as another stack than its base also needs that stack, valid, opened (suites/_support/stack-controls.ts).
 * A different rejection code or requirement than the reference's is a note (no rule prescribes codes).
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import { DIDCOMM_ERROR_CODES } from '../../src/index.js';
import { check, conformanceCase, Inconclusive, mustRefuse, type CaseContext } from '../../src/runner/case.js';
import type { CaseNeeds } from '../../src/runner/applicability.js';
import { expectationFor, loadVectorCases, type AcceptExpectation, type Expectation, type VectorCase } from '../../src/vectors/expectations.js';
import { vectorInput } from '../../src/vectors/verify.js';
import { readVectorJson } from '../../src/vectors/paths.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import type { ProfileName } from '../../src/spec/profiles.js';
import type { Algorithm, Curve, EnvelopeKind, UnpackMetadata } from '../../src/adapter/protocol/v1/types.generated.js';
import { referenceKeys, setUpAgent } from './parties.js';
import { judgeJwsRefusal } from './jws-refusal.js';
import { judgeApvOrderRefusal } from './apv-refusal.js';
import { nestedStackNotImplemented } from './wire.js';
import type { PlaintextMessage as ReferencePlaintext } from '../../src/index.js';
import { positiveControl } from './unpack-expectations.js';
import { hasStackControl, stackControl } from './stack-controls.js';
import { unlessProcessed } from './processing-duties.js';
import { isInformational, levelFor } from '../../src/spec/verdict-rule.js';
import { isForwardType } from '../../src/didcomm/routing/forward.js';

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

/**
 * What the agent must have claimed to be asked about a vector: its envelope layers and the outer layer's
 * algorithms. The innermost plaintext of an envelope is not a need (an agent that never emits bare plaintext
 * still reads it inside an envelope); only a bare plaintext vector needs the plaintext envelope.
 */
function needsOf(vector: VectorCase, text: string): { needs: CaseNeeds; required: boolean } {
  const envelopes = new Set<EnvelopeKind>();
  const layers = layersOf(vector).filter((layer) => layer !== 'forward');
  for (const layer of layers) if (layer !== 'plaintext') envelopes.add(layer as EnvelopeKind);
  const algorithms: Partial<Record<Curve, Algorithm[]>> = {};
  const encryption: NonNullable<CaseNeeds['encryption']> = [];
  let required = true;
  const outer = parseOuter(text);
  if (typeof outer['ciphertext'] === 'string') {
    const header = decodeHeader(outer['protected']);
    const alg = String(header['alg']);
    const enc = String(header['enc']);
    const crv = String((header['epk'] as { crv?: unknown } | undefined)?.crv);
    const known = ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW'].includes(alg) && ['A256CBC-HS512', 'A256GCM', 'XC20P'].includes(enc) && ['X25519', 'P-256', 'P-384', 'P-521'].includes(crv);
    // A vector with an algorithm nobody may use (RSA, dir, A128GCM) is a rejection test for everyone.
    if (known) {
      algorithms[crv as Curve] = [alg as Algorithm, enc as Algorithm];
      const kind = alg === 'ECDH-1PU+A256KW' ? 'authcrypt' : 'anoncrypt';
      envelopes.add(kind);
      encryption.push({ envelope: kind, curve: crv as Curve, enc: enc as Algorithm });
      required &&= REQUIRED_CURVES.has(crv) && REQUIRED_ALGORITHMS.has(enc);
    }
  } else if (typeof outer['payload'] === 'string') {
    const entry = (Array.isArray(outer['signatures']) ? outer['signatures'][0] : outer) as Record<string, unknown> | undefined;
    const alg = String(decodeHeader(entry?.['protected'])['alg']);
    if (SIGNATURE_CURVES[alg]) algorithms[SIGNATURE_CURVES[alg]!] = [alg as Algorithm];
    envelopes.add('signed');
  }
  if (envelopes.size === 0) envelopes.add('plaintext');
  return { needs: { envelopes: [...envelopes], algorithms, ...(encryption.length > 0 ? { encryption } : {}) }, required };
}

function parseOuter(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

/** Receiver duties a positive vector can be about: rejecting the vector breaks the one it names. */
const ACCEPTANCE_DUTIES: readonly RequirementId[] = ['ENV-MT-005', 'ENV-PLAIN-017', 'ENV-PLAIN-015', 'ENV-PLAIN-010', 'ENV-PLAIN-012', 'ENC-AUTH-006', 'ENV-SIGN-004'];

/**
 * The rule a receiver breaks by rejecting a valid vector: the receiver duty the vector is about, else what its
 * outer layer requires every receiver to process (ECDH-1PU draft 4 for authcrypt, ENC-AUTH-001; the key
 * wrapping of anoncrypt, ENC-ALG-003; the JWS forms, ENV-SIGN-004; its signature algorithm, ENV-SIGN-001).
 * A bare plaintext has none: no MUST obliges a receiver to accept unprotected plaintext.
 */
function acceptanceDuty(vector: VectorCase, text: string): RequirementId | undefined {
  const named = vector.requirements.find((id) => ACCEPTANCE_DUTIES.includes(id));
  if (named) return named;
  const outer = parseOuter(text);
  if (typeof outer['ciphertext'] === 'string') return String(decodeHeader(outer['protected'])['alg']) === 'ECDH-1PU+A256KW' ? 'ENC-AUTH-001' : 'ENC-ALG-003';
  if (typeof outer['payload'] === 'string') return Array.isArray(outer['signatures']) ? 'ENV-SIGN-001' : 'ENV-SIGN-004';
  return undefined;
}

type Plan =
  | { kind: 'accept'; expectation: AcceptExpectation; profile: ProfileName; requirement: RequirementId | undefined }
  | { kind: 'reject'; expectations: Expectation[]; profile: ProfileName; requirement: RequirementId };

function planOf(vector: VectorCase, text: string, required: boolean): Plan | undefined {
  // The adapter protocol cannot ask an agent for v2.0 receiver rules, nor to check a bare rotation JWT.
  if (vector.specVersion === '2.0' || vector.input.as === 'from-prior-jwt') return undefined;
  const strict = expectationFor(vector, 'strict');
  const lenient = expectationFor(vector, 'lenient');
  const profile: ProfileName = required ? 'core' : 'crypto-full';
  if (lenient.outcome === 'accept' && strict.outcome === 'accept') return { kind: 'accept', expectation: lenient, profile, requirement: acceptanceDuty(vector, text) };
  const reject = lenient.outcome === 'reject' ? lenient : strict.outcome === 'reject' ? strict : undefined;
  if (!reject) return undefined;
  // Whom the broken rule binds decides where the case counts: a receiver duty in core (or crypto-full), a rule
  // on what senders emit in strict only (accepting it breaks no receiver MUST), an informational entry nowhere
  // (it could never fail: no case).
  const receiverDuty = levelFor(reject.requirement, 'receiver-only');
  const binding = receiverDuty === 'MUST' || receiverDuty === 'SHOULD' || receiverDuty === 'MAY';
  if (!binding && isInformational(reject.requirement)) return undefined;
  const where: ProfileName = lenient.outcome === 'reject' && binding ? profile : 'strict';
  return { kind: 'reject', expectations: lenient.outcome === 'reject' ? [lenient, strict] : [strict], profile: where, requirement: reject.requirement };
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

/**
 * A forward vector holds the keys of every hop, but one `unpack` need not peel forwards addressed to others
 * (nothing in §9.4 or the adapter protocol asks it to): the decrypted outer forward, with the right `next`, is
 * accepted as well as the final plaintext. Unwrapping is the mediator suite's subject.
 */
function isOuterForward(message: Record<string, unknown>, vector: VectorCase): boolean {
  const body = message['body'] as { next?: unknown } | undefined;
  return isForwardType(message['type']) && typeof body?.next === 'string' && layersOf(vector).includes('forward');
}

async function unpackAccepted(ctx: CaseContext, vector: VectorCase, text: string, plan: Extract<Plan, { kind: 'accept' }>): Promise<void> {
  const result = await ctx.call('unpack', { packed: text });
  const rejection = result.status === 'rejected' ? `${result.error.code}: ${result.error.message}` : '';
  // A valid message rejected: the duty the vector exercises, or inconclusive for a bare plaintext (no MUST).
  if (result.status !== 'accepted' && !plan.requirement) throw new Inconclusive(`inconclusive: the agent does not accept this bare plaintext (${rejection.slice(0, 200)}); no MUST obliges receivers to accept unprotected plaintext (ENV-NEST-001)`);
  // A refused JWS: the algorithm, the serialization, or only where its `kid` sits (AMB-06)? Re-signed controls tell.
  const expected = expectedPlaintext(plan.expectation) as ReferencePlaintext | undefined;
  const outer = parseOuter(text);
  if (result.status !== 'accepted' && typeof outer['payload'] === 'string' && expected && plan.expectation.signerKid) {
    await judgeJwsRefusal(ctx, {
      message: expected, signBy: plan.expectation.signerKid, serialization: Array.isArray(outer['signatures']) ? 'general' : 'flattened',
      keys: referenceKeys(vector.keys, [plan.expectation.signerKid.split('#')[0]!]), refusal: rejection,
    });
  }
  if (result.status !== 'accepted' && typeof outer['ciphertext'] === 'string') await judgeApvOrderRefusal(ctx, text, rejection);
  // An allowed nested stack (§2.1) that the agent refuses: no MUST or SHOULD makes a receiver take it in one
  // call (the nesting suite's rule, verdict-audit §4 DEBATABLE 5), so the optional stack is not implemented.
  const envelopeLayers = (plan.expectation.layers ?? []).filter((l) => l !== 'forward' && l !== 'plaintext');
  const nested = envelopeLayers.length > 1 && !layersOf(vector).includes('forward');
  if (nested && result.status !== 'accepted') nestedStackNotImplemented([...envelopeLayers, 'plaintext'], `refused it: ${rejection}`);
  if (plan.requirement) check(result.status === 'accepted', plan.requirement, `the agent rejected a valid message: ${rejection}`);
  if (result.status !== 'accepted') return;
  if (isOuterForward(result.message, vector)) return;
  // An allowed nested stack unwrapped one layer per call returns the inner JWS/JWE: not a content failure.
  const innerLayer = typeof result.message['ciphertext'] === 'string' || typeof result.message['payload'] === 'string';
  if (envelopeLayers.length > 1 && innerLayer) {
    nestedStackNotImplemented([...envelopeLayers, 'plaintext'], `unwrapped one layer and returned the inner ${typeof result.message['ciphertext'] === 'string' ? 'JWE' : 'JWS'}, not the plaintext`);
  }
  // The receiver may report the plaintext media type it found (§2.2): an added, correct `typ` is no difference.
  const returned = expected !== undefined && (expected as Record<string, unknown>)['typ'] === undefined && isPlainTyp(result.message['typ'])
    ? (({ typ: _typ, ...rest }) => rest)(result.message) : result.message;
  const duty = plan.requirement ?? 'ENV-PLAIN-001';
  if (expected !== undefined) check(isDeepStrictEqual(returned, expected), duty, 'the unpacked plaintext differs from the expected one');
  const meta = result.metadata;
  const { senderKid, signerKid } = plan.expectation;
  if (senderKid !== undefined && meta.senderKid !== undefined) check(meta.senderKid === senderKid, 'ENC-AUTH-007', `reported senderKid ${meta.senderKid}, expected ${senderKid}`);
  if (signerKid !== undefined && meta.signerKid !== undefined) check(meta.signerKid === signerKid, 'ENV-SIGN-003', `reported signerKid ${meta.signerKid}, expected ${signerKid} (PITFALLS 3)`);
  const layers = (plan.expectation.layers ?? []).filter((l) => l !== 'forward');
  if (layers.length > 0) {
    check(meta.encrypted === (layers.includes('anoncrypt') || layers.includes('authcrypt')), 'ENC-JWE-003', `reported encrypted=${meta.encrypted} for ${layers.join('>')} (PITFALLS 26)`);
    check(meta.nonRepudiation === layers.includes('signed'), 'ENV-SIGN-008', `reported nonRepudiation=${meta.nonRepudiation} for ${layers.join('>')} (PITFALLS 26)`);
    check(meta.authenticated === (layers.includes('authcrypt') || layers.includes('signed')), 'ENC-AUTH-007', `reported authenticated=${meta.authenticated} for ${layers.join('>')} (PITFALLS 6, 26)`);
  }
}

function isPlainTyp(typ: unknown): boolean {
  return typ === 'application/didcomm-plain+json' || typ === 'didcomm-plain+json';
}

async function unpackRejected(ctx: CaseContext, vector: VectorCase, text: string, plan: Extract<Plan, { kind: 'reject' }>): Promise<void> {
  const base = vector.base ? byId.get(vector.base) : undefined;
  let control: UnpackMetadata | undefined;
  if (base) {
    const expected = expectedPlaintext(acceptOf(base)) as { id?: unknown; type?: unknown } | undefined;
    control = await positiveControl(ctx, vectorInput(base), { id: expected?.id, type: expected?.type });
    // A mutation built as another stack than its base needs a valid message of its own stack as control.
    if (hasStackControl(plan.requirement, vector.keys) && typeof expected?.id === 'string' && typeof expected.type === 'string') {
      await stackControl(ctx, plan.requirement, expected as ReferencePlaintext & { id: string; type: string });
    }
  }
  const result = await ctx.call('unpack', { packed: text });
  if (result.status === 'accepted') unlessProcessed(plan.requirement, control);
  mustRefuse(result.status === 'rejected', plan.requirement, `the agent accepted a message it must reject (${vector.mutation ?? vector.id})`);
  // The specific rejection, where the agent speaks our vocabulary: another reason is noted, not judged.
  // Each named once: an expectation and the vector often cite the same ID ("names X or X" read as a typo).
  const codes = [...new Set(plan.expectations.flatMap((e) => (e.outcome === 'reject' ? [e.code] : [])))];
  const requirements = [...new Set([...plan.expectations.flatMap((e) => (e.outcome === 'reject' ? [e.requirement] : [])), ...vector.requirements])] as string[];
  if (Object.hasOwn(DIDCOMM_ERROR_CODES, result.error.code)) ctx.note(codes.includes(result.error.code), plan.requirement, `rejected with ${result.error.code}, the reference names ${codes.join(' or ')}`);
  if (result.error.requirement !== undefined) ctx.note(requirements.includes(result.error.requirement), plan.requirement, `rejected under ${result.error.requirement}, the reference names ${requirements.join(' or ')}`);
}

/** The accept expectation of a positive base vector. */
function acceptOf(vector: VectorCase): AcceptExpectation {
  const accept = [vector.expect, vector.lenient, vector.strict].find((e): e is AcceptExpectation => e?.outcome === 'accept');
  if (!accept) throw new Error(`base vector ${vector.id} has no accept expectation`);
  return accept;
}

/** Declares one receiver case per vector of `topic`. */
export function declareVectorCases(topic: EnvelopeTopic): void {
  for (const vector of cases) {
    if (topicOf(vector) !== topic) continue;
    const text = vectorInput(vector);
    const { needs, required } = needsOf(vector, text);
    const plan = planOf(vector, text, required);
    if (!plan) continue;
    // ENV-NEST-011: a failed layer-consistency check is an error, not a warning.
    const consistency: RequirementId[] = plan.kind === 'reject' && ['ENV-NEST-008', 'ENV-NEST-009', 'ENV-NEST-010'].includes(plan.requirement) ? ['ENV-NEST-011'] : [];
    const requirements = [...new Set([...(plan.requirement ? [plan.requirement] : []), ...vector.requirements, ...consistency])] as [RequirementId, ...RequirementId[]];
    const routing = layersOf(vector).includes('forward');
    conformanceCase({
      id: `${topic}.receiver.vector.${slug(vector.id)}`,
      title: plan.kind === 'accept' ? `accepts vector ${vector.id}` : `rejects vector ${vector.id}${vector.mutation ? ` (${vector.mutation})` : ''}`,
      requirements,
      profiles: routing ? ['routing'] : [plan.profile],
      role: 'receiver',
      // An optional algorithm the agent does not claim skips; a required one is a capability finding
      // (src/runner/capability-rules.ts: ENC-ALG-001/002/003, ENV-SIGN-001) of the accepting cases only: a
      // negative vector of an algorithm the agent lacks tests nothing and skips.
      needs,
      capabilityFindings: plan.kind === 'accept',
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
