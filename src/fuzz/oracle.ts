/**
 * What a receiver must do with a fuzzed input, asked of the reference implementation: its lenient reading
 * (only what a receiver MUST check) says whether the input may be accepted, and a lenient rejection is a
 * "must reject" only when the verdict rule fails a receiver that accepts it (`failingOutcome`, acceptance
 * of input breaking a receiver MUST). An input is "must accept" when both readings accept it without a
 * warning and its outer layer has a duty every receiver of it bears (the vector runner's acceptance duty).
 * Everything else the spec leaves to the receiver: "open", with the entry that leaves it open.
 * @module
 */
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import type { UnpackResult } from '../didcomm/types.js';
import { isDidcommError } from '../errors/didcomm-error.js';
import type { RequirementId } from '../spec/requirements.js';
import { failingOutcome } from '../spec/verdict-rule.js';
import { loadKeySet } from '../vectors/key-sets.js';
import type { CaseNeeds } from '../runner/applicability.js';
import { someHeldKeyDecrypts } from './decryptability.js';
import { duplicateMember } from './json-duplicates.js';
import type { Algorithm, Curve, EnvelopeKind } from '../adapter/protocol/v1/types.generated.js';

/** Why an input is open: a requirement or ambiguity ID when one says so, and the reason in words. */
export interface OpenBecause {
  id: string;
  why: string;
}

export type Expectation =
  /** `outerOpens`: the defect lies past the outer layer, which itself opens (an agent that stops there has not accepted it). */
  | { kind: 'must-reject'; requirement: string; code: string; message: string; outerOpens: boolean }
  | { kind: 'must-accept'; duty: RequirementId; result: UnpackResult; needs: CaseNeeds }
  /** `duty`: what a receiver that accepts it must still get right (the content it protects). */
  | { kind: 'open'; because: OpenBecause; result?: UnpackResult; needs?: CaseNeeds; duty?: RequirementId; rejection?: { code: string; requirement?: string; message: string } }
  /** The reference itself threw something untyped: harness trouble, never judged against the agent. */
  | { kind: 'reference-failure'; detail: string };

/** Inputs past this size may be refused by any receiver: DIDComm sets no size limit (LIM-002). */
export const OPEN_SIZE_BYTES = 256 * 1024;

/** The rule a receiver breaks by refusing a valid message whose outer layer is `text`'s (vector runner). */
export function acceptanceDuty(text: string): RequirementId | undefined {
  let outer: Record<string, unknown>;
  try {
    outer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof outer !== 'object' || outer === null) return undefined;
  if (typeof outer['ciphertext'] === 'string') {
    try {
      const header = JSON.parse(Buffer.from(String(outer['protected']), 'base64url').toString('utf8')) as { alg?: unknown };
      return header.alg === 'ECDH-1PU+A256KW' ? 'ENC-AUTH-001' : 'ENC-ALG-003';
    } catch {
      return undefined;
    }
  }
  if (typeof outer['payload'] === 'string') return Array.isArray(outer['signatures']) ? 'ENV-SIGN-001' : 'ENV-SIGN-004';
  return undefined;
}

/** Plaintext headers §3 defines (unknown ones MUST NOT make a receiver fail, ENV-PLAIN-017). */
const KNOWN_HEADERS = new Set(['id', 'type', 'typ', 'from', 'to', 'thid', 'pthid', 'created_time', 'expires_time', 'from_prior', 'body', 'attachments', 'lang', 'please_ack', 'ack', 'return_route', 'sender_order', 'sent_count', 'received_orders']);

/**
 * The receiver duties a valid message exercises beyond processing its envelope (the vector runner's
 * ACCEPTANCE_DUTIES, read from the message): `typ` without `application/` (ENV-MT-005), authcrypt without
 * `skid` (ENC-AUTH-006), a flattened JWS (ENV-SIGN-004), no `body` (ENV-PLAIN-015), unknown headers (ENV-PLAIN-017).
 */
export function dutiesOf(text: string, result: UnpackResult): Set<RequirementId> {
  const duties = new Set<RequirementId>();
  if (result.metadata.layers.some((layer) => 'typ' in layer && typeof layer.typ === 'string' && !layer.typ.includes('/'))) duties.add('ENV-MT-005');
  if (result.metadata.layers.some((layer) => layer.kind === 'signed' && layer.serialization === 'flattened')) duties.add('ENV-SIGN-004');
  if (result.message.body === undefined) duties.add('ENV-PLAIN-015');
  if (Object.keys(result.message).some((key) => !KNOWN_HEADERS.has(key))) duties.add('ENV-PLAIN-017');
  try {
    const outer = JSON.parse(text) as { protected?: unknown };
    const header = JSON.parse(Buffer.from(String(outer.protected), 'base64url').toString('utf8')) as { alg?: unknown; skid?: unknown };
    if (header.alg === 'ECDH-1PU+A256KW' && header.skid === undefined) duties.add('ENC-AUTH-006');
  } catch {
    // not a JWE
  }
  return duties;
}

/**
 * The duty a receiver breaks by refusing (or mangling) this valid message: the one duty it exercises that its
 * base did not (so findings of different causes are not merged under one envelope rule), else the outer
 * layer's acceptance duty.
 */
function dutyOf(text: string, result: UnpackResult, base?: { text: string; reference: UnpackResult }): RequirementId | undefined {
  if (base) {
    const before = dutiesOf(base.text, base.reference);
    const added = [...dutiesOf(text, result)].filter((duty) => !before.has(duty));
    if (added.length === 1) return added[0];
  }
  return acceptanceDuty(text);
}

/** What an agent must have claimed to be asked to accept a message with these layers (its receiving needs). */
export function needsOfLayers(layers: UnpackResult['metadata']['layers']): CaseNeeds {
  const envelopes = new Set<EnvelopeKind>();
  const algorithms: Partial<Record<Curve, Algorithm[]>> = {};
  const add = (curve: Curve, ...algs: Algorithm[]): void => {
    algorithms[curve] = [...new Set([...(algorithms[curve] ?? []), ...algs])];
  };
  for (const layer of layers) {
    if (layer.kind === 'anoncrypt' || layer.kind === 'authcrypt') {
      envelopes.add(layer.kind);
      add(layer.curve, layer.alg, layer.enc);
    } else if (layer.kind === 'signed') {
      envelopes.add('signed');
      add(layer.alg === 'EdDSA' ? 'Ed25519' : layer.alg === 'ES256' ? 'P-256' : 'secp256k1', layer.alg);
    }
  }
  if (envelopes.size === 0) envelopes.add('plaintext');
  return { envelopes: [...envelopes], algorithms };
}

/** Why a receiver may refuse an input both readings accept, if it may. */
function mayRefuse(text: string, result: UnpackResult): OpenBecause | undefined {
  const kinds = result.metadata.layers.map((layer) => layer.kind);
  if (Buffer.byteLength(text) > OPEN_SIZE_BYTES) return { id: 'LIM-002', why: `${Buffer.byteLength(text)} bytes: no core size limit binds a receiver either way` };
  if (!kinds.some((kind) => kind === 'anoncrypt' || kind === 'authcrypt' || kind === 'signed')) {
    return { id: 'ENV-NEST-001', why: 'a bare plaintext: no MUST obliges a receiver to accept unprotected plaintext' };
  }
  if (kinds.includes('forward')) return { id: 'ROUTE-010', why: 'a forward: one unpack need not peel forwards (the mediator suites judge routing)' };
  const auth = kinds.indexOf('authcrypt');
  if (auth >= 0 && kinds[auth + 1] === 'signed') return { id: 'ENV-NEST-004', why: 'authcrypt(sign(plain)): a receiver MAY accept it' };
  if (kinds.filter((kind) => kind !== 'plaintext').length > 1) {
    return { id: 'ENV-NEST-001', why: 'a nested stack: no MUST makes a receiver unwrap it in one call (verdict-audit §4 DEBATABLE 5)' };
  }
  // An envelope without the `typ` a sender SHOULD set (§2.3, §2.4): refusing it breaks no receiver MUST
  // (verdict-audit §4 DEBATABLE 4, the same for a bare plaintext's typ).
  const untyped = result.metadata.layers.find((layer) => (layer.kind === 'signed' || layer.kind === 'anoncrypt' || layer.kind === 'authcrypt') && layer.typ === undefined);
  if (untyped) {
    const id = untyped.kind === 'signed' ? 'ENV-MT-003' : 'ENV-MT-004';
    return { id, why: `the ${untyped.kind === 'signed' ? 'JWS' : 'JWE'} protected header has no "typ", which a sender SHOULD set: no receiver MUST covers it` };
  }
  const signed = result.metadata.layers.find((layer) => layer.kind === 'signed');
  if (signed?.kind === 'signed' && signed.kidLocation === 'protected') return { id: 'AMB-06', why: 'the JWS names its kid in the protected header only' };
  return undefined;
}

/** True when the outer envelope layer opens in the lenient reading and the refusal comes from a layer inside it. */
async function outerOpens(text: string): Promise<boolean> {
  try {
    await unpackMessage(text, loadKeySet('sicpa'), { strict: false, limits: { maxLayers: 1 } });
    return false;
  } catch (error) {
    return isDidcommError(error) && error.code === 'ERR_LIMIT_EXCEEDED' && error.message.includes('limits.maxLayers');
  }
}

/**
 * A General JWS with several signatures that the reference refuses, though one of its signatures alone makes
 * a message it accepts: the others are extra (RFC 7515 leaves which must verify to the application).
 */
async function oneSignatureSuffices(text: string): Promise<boolean> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  const jws = value as { payload?: unknown; signatures?: unknown };
  if (typeof jws !== 'object' || jws === null || typeof jws.payload !== 'string' || !Array.isArray(jws.signatures) || jws.signatures.length < 2) return false;
  for (const entry of jws.signatures as unknown[]) {
    if (!('error' in await attempt(JSON.stringify({ ...jws, signatures: [entry] }), false))) return true;
  }
  return false;
}

/** The authentic input decrypts and the mutated one, under no key and no label, does not. */
async function tamperedAfterEncryption(text: string, authentic: string | undefined): Promise<boolean> {
  if (authentic === undefined || authentic === text) return false;
  const before = await attempt(authentic, false);
  return !('error' in before) && !(await someHeldKeyDecrypts(text));
}

async function attempt(text: string, strict: boolean): Promise<UnpackResult | { error: unknown }> {
  try {
    return await unpackMessage(text, loadKeySet('sicpa'), { strict });
  } catch (error) {
    return { error };
  }
}

/**
 * Asks the reference what a receiver holding every SICPA party must do with `text`. `authentic` is the
 * input before its bytes were mutated (a vector, or what the reference packed): a decryption failure that
 * only the byte mutations caused, and that no held key gets past, is a tag that cannot verify (JOSE-002).
 */
export interface OracleOptions {
  /** The input before its bytes were mutated. */
  authentic?: string;
  /** The valid message it was made from, to name the duty a refusal breaks. */
  base?: { text: string; reference: UnpackResult };
}

/**
 * A JOSE header member that is present but not a JSON object (`unprotected`, a recipient's or a signature's
 * `header`): RFC 7516 §7.2.1 and RFC 7515 §7.2.1 make such a JWE or JWS malformed, while the reference
 * reads past it. A receiver may refuse it, so the input is open rather than "must accept".
 */
function malformedHeaderMember(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const isObject = (member: unknown): boolean => typeof member === 'object' && member !== null && !Array.isArray(member);
  const outer = value as Record<string, unknown>;
  if ('unprotected' in outer && !isObject(outer['unprotected'])) return '"unprotected"';
  if ('header' in outer && !isObject(outer['header'])) return '"header"';
  for (const [list, name] of [[outer['recipients'], 'recipients'], [outer['signatures'], 'signatures']] as const) {
    if (!Array.isArray(list)) continue;
    for (const [i, entry] of list.entries()) {
      if (isObject(entry) && 'header' in (entry as object) && !isObject((entry as Record<string, unknown>)['header'])) return `${name}[${i}].header`;
    }
  }
  return undefined;
}

export async function expectationFor(text: string, options: OracleOptions = {}): Promise<Expectation> {
  const expectation = await readingOf(text, options);
  const malformed = malformedHeaderMember(text);
  if (malformed !== undefined && (expectation.kind === 'must-accept' || expectation.kind === 'open')) {
    return { ...expectation, kind: 'open', because: { id: 'RFC 7516 §7.2.1', why: `${malformed} is not a JSON object, which makes the JWE or JWS malformed (RFC 7516 §7.2.1, RFC 7515 §7.2.1); the reference reads past it, a receiver may refuse it` } } as Expectation;
  }
  const duplicate = duplicateMember(text);
  if (duplicate === undefined || expectation.kind === 'reference-failure') return expectation;
  const because = { id: 'RFC 8259 §4', why: `the member "${duplicate.slice(0, 40)}" appears twice in one object: parsers keep the first, the last, or refuse (PITFALLS 2.2 A)` };
  if (expectation.kind === 'must-reject') return { kind: 'open', because, rejection: { code: expectation.code, requirement: expectation.requirement, message: expectation.message } };
  return { ...expectation, kind: 'open', because } as Expectation;
}

async function readingOf(text: string, options: OracleOptions): Promise<Expectation> {
  const lenient = await attempt(text, false);
  if ('error' in lenient) {
    const error = lenient.error;
    if (!isDidcommError(error)) return { kind: 'reference-failure', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    const rejection = { code: error.code, ...(error.requirement ? { requirement: error.requirement } : {}), message: error.message };
    // A member that is not base64url text as the reference decodes it is a defect of form: libraries differ on
    // base64url strictness and coercion (AMB-19), and no receiver MUST names the form; the bytes may still verify.
    if (error.code === 'ERR_BASE64URL_INVALID') {
      return { kind: 'open', because: { id: 'AMB-19', why: `a member is not base64url text as the reference decodes it (${error.message.slice(0, 120)})` }, rejection };
    }
    if (await oneSignatureSuffices(text)) {
      return { kind: 'open', because: { id: 'ENV-SIGN-004', why: 'a JWS with several signatures, one of which makes a valid message alone: DIDComm has one signer, and a receiver may refuse the others or verify the sender\'s only (PITFALLS 4)' }, rejection };
    }
    if (error.requirement && failingOutcome({ requirement: error.requirement, kind: 'acceptance', strength: 'must', party: 'receiver' }, 'default') === 'failed') {
      return { kind: 'must-reject', requirement: error.requirement, code: error.code, message: error.message, outerOpens: await outerOpens(text) };
    }
    if (error.code === 'ERR_DECRYPTION_FAILED' && await tamperedAfterEncryption(text, options.authentic)) {
      return { kind: 'must-reject', requirement: 'JOSE-002', code: error.code, message: `the bytes were altered after encryption and no held key opens any recipient entry: ${error.message}`, outerOpens: false };
    }
    const id = error.requirement ?? 'LIM-002';
    return { kind: 'open', because: { id, why: `the reference refuses it under ${id}, which puts no MUST on receivers (docs/verdict-rule.md)` }, rejection };
  }
  const needs = needsOfLayers(lenient.metadata.layers);
  const duty = dutyOf(text, lenient, options.base);
  const accepted = { result: lenient, needs, ...(duty ? { duty } : {}) };
  const warning = lenient.metadata.warnings[0];
  if (warning) return { kind: 'open', because: { id: warning.requirement, why: `a lenient receiver accepts it with a warning: ${warning.message}` }, ...accepted };
  const strict = await attempt(text, true);
  if ('error' in strict) {
    const error = strict.error;
    const id = isDidcommError(error) && error.requirement ? error.requirement : 'ENV-MT-006';
    return { kind: 'open', because: { id, why: `only a strict receiver refuses it (${isDidcommError(error) ? error.code : 'untyped'}): a reading beyond the receiver MUSTs` }, ...accepted };
  }
  const open = mayRefuse(text, lenient);
  if (open) return { kind: 'open', because: open, ...accepted };
  if (!duty || failingOutcome({ requirement: duty, kind: 'conduct', strength: 'must', party: 'receiver' }, 'default') !== 'failed') {
    return { kind: 'open', because: { id: 'ENV-NEST-001', why: 'no receiver duty covers this outer layer' }, ...accepted };
  }
  return { kind: 'must-accept', duty, result: lenient, needs };
}
