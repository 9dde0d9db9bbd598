/**
 * The DIDComm JWE as it travels: General JSON serialization (ENC-JWE-004) with `epk`, `apv`, `alg` (and
 * `apu`, `skid` for authcrypt) in the protected header (ENC-JWE-007) and only `kid` per recipient. Parsing
 * checks every structural rule before any key is touched.
 * @module
 */
import type { JsonWebKey } from 'node:crypto';
import { createHash, hash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ALLOWED_ENC, CONTENT_ENCRYPTION, isContentEncryption, isKeyWrapAlgorithm } from '../../crypto/algorithms.js';
import { decodeBase64url, decodeBase64urlJson } from '../../encoding/base64url.js';
import { isJsonObject } from '../../encoding/json.js';
import { DidcommError, ensure } from '../../errors/didcomm-error.js';
import { didOf, isKeyId } from '../../did/document.js';
import { isMediaType, MEDIA_TYPES } from '../../spec/media-types.js';
import type { ContentEncryption, KeyWrapAlgorithm, UnpackWarning } from '../types.js';
import { hard, soft } from '../plaintext/rules.js';

export interface JweProtectedHeader {
  typ?: string;
  alg: KeyWrapAlgorithm;
  enc: ContentEncryption;
  epk: JsonWebKey;
  apv: string;
  apu?: string;
  skid?: string;
  [member: string]: unknown;
}

export interface ParsedJwe {
  /** The protected header exactly as received: its ASCII bytes are the AAD (ENC-JWE-013). */
  protectedB64: string;
  /** The `aad` member as received, when there is one: then the AAD is `protected.aad` (RFC 7516 §5.1 step 14). */
  aadB64?: string;
  header: JweProtectedHeader;
  recipients: Array<{ kid: string; encryptedKey: Buffer }>;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  apu: Buffer;
  apv: Buffer;
}

/** `apv` = BASE64URL(SHA-256(code-point-sorted recipient kids joined by ".")) (ENC-JWE-009, AMB-01). */
export function computeApv(kids: readonly string[]): string {
  return apvOfSorted([...kids].sort());
}

function apvOfSorted(sorted: readonly string[]): string {
  return hash('sha256', sorted.join('.'), 'base64url');
}

/** Orders of the kids senders have hashed instead of code-point order (PITFALLS 2, AMB-01), by name. */
const WRONG_APV_ORDERS: ReadonlyArray<[string, (kids: string[]) => string[]]> = [
  ['in the order the recipients are listed', (kids) => kids],
  ['in locale order (localeCompare)', (kids) => [...kids].sort((a, b) => a.localeCompare(b))],
  ['in descending order', (kids) => [...kids].sort().reverse()],
];

/** Names a recognisable wrong `apv` (": it hashes the kids in … order"), or '' when it is not one of them. */
export function apvVariantOf(apv: string, kids: readonly string[]): string {
  for (const [name, order] of WRONG_APV_ORDERS) {
    if (createHash('sha256').update(order([...kids]).join('.')).digest('base64url') === apv) return `: it hashes the kids ${name}`;
  }
  return '';
}

/** True when `value` looks like a JWE in any JSON serialization (detection, ENV-MT-006). */
export function looksLikeJwe(value: Record<string, unknown>): boolean {
  return 'ciphertext' in value && ('recipients' in value || 'encrypted_key' in value || 'protected' in value);
}

/** Parses and checks a JWE object; `strict` adds the checks receivers are not required to make. */
export function parseJwe(value: Record<string, unknown>, strict: boolean, warnings?: UnpackWarning[]): ParsedJwe {
  const decodeOptions = { lenient: !strict, requirement: 'ENC-JWE-004' } as const;
  const b64 = (member: unknown, what: string): Buffer => decodeBase64url(member, what, decodeOptions);
  ensure(!('encrypted_key' in value) && Array.isArray(value.recipients), 'ERR_JWE_INVALID',
    'the JWE is not in General JSON serialization (a "recipients" array is required)', 'ENC-JWE-004');
  for (const member of ['protected', 'iv', 'ciphertext', 'tag'] as const) {
    if (typeof value[member] !== 'string') hard('ERR_JWE_INVALID', `the JWE has no "${member}" string`, 'ENC-JWE-004');
  }
  // RFC 7516 allows an `aad` member; the tag then covers it too (JOSE-002). DIDComm senders never add one (ENC-JWE-013).
  ensure(value.aad === undefined || typeof value.aad === 'string', 'ERR_JWE_INVALID', 'the JWE "aad" member is not a string', 'JOSE-002');
  if (isJsonObject(value.unprotected)) {
    for (const member of ['alg', 'enc', 'epk', 'apv', 'apu', 'skid']) {
      if (member in value.unprotected) hard('ERR_JWE_INVALID', `"${member}" MUST be in the protected header, not the shared unprotected one`, 'ENC-JWE-007');
    }
  }
  const protectedB64 = value.protected as string;
  const header = decodeBase64urlJson(protectedB64, 'the JWE protected header', { lenient: !strict, requirement: 'ENC-JWE-007' });
  const alg = header.alg;
  ensure(alg !== undefined, 'ERR_JWE_INVALID', 'the protected header has no "alg"', 'ENC-JWE-007');
  if (!isKeyWrapAlgorithm(alg)) {
    throw new DidcommError('ERR_ALG_UNSUPPORTED', `"alg" ${JSON.stringify(alg)} is not ECDH-ES+A256KW or ECDH-1PU+A256KW`, { requirement: 'ENC-ALG-003' });
  }
  const enc = header.enc;
  if (!isContentEncryption(enc)) {
    throw new DidcommError('ERR_ALG_UNSUPPORTED', `"enc" ${JSON.stringify(enc)} is not a DIDComm content encryption`, { requirement: 'ENC-ALG-002' });
  }
  if (!ALLOWED_ENC[alg].includes(enc)) {
    throw new DidcommError('ERR_ALG_UNSUPPORTED', `authcrypt (ECDH-1PU+A256KW) allows only A256CBC-HS512, not ${enc}`, { requirement: 'ENC-AUTH-002' });
  }
  if (header.typ !== undefined && !isMediaType(header.typ, MEDIA_TYPES.encrypted)) {
    throw new DidcommError('ERR_MEDIA_TYPE', `the JWE "typ" ${JSON.stringify(header.typ)} is not ${MEDIA_TYPES.encrypted}`, { requirement: 'ENV-MT-004' });
  }
  ensure(isJsonObject(header.epk), 'ERR_JWE_INVALID', 'the protected header has no "epk" object', 'ENC-JWE-007');
  ensure(typeof header.apv === 'string', 'ERR_JWE_INVALID', 'the protected header has no "apv"', 'ENC-JWE-007');
  const apv = decodeBase64url(header.apv, '"apv"', { lenient: !strict, requirement: 'ENC-JWE-009' });
  // "apu": null is read as absent (ENC-ANON-002).
  const apuValue = header.apu ?? undefined;
  // PartyUInfo is "apu" whenever present, for ECDH-ES too (RFC 7518 §4.6.2), though DIDComm anoncrypt omits it.
  const apu: Buffer = apuValue === undefined ? Buffer.alloc(0) : decodeBase64url(apuValue, '"apu"', { lenient: !strict, requirement: 'ENC-AUTH-004' });
  if (alg === 'ECDH-1PU+A256KW') {
    ensure(apuValue !== undefined, 'ERR_JWE_INVALID', 'authcrypt requires "apu" in the protected header', 'ENC-JWE-007');
    ensure(header.skid === undefined || typeof header.skid === 'string', 'ERR_KID_INVALID', '"skid" is not a string', 'ENC-AUTH-005');
  } else if (strict) {
    ensure(apuValue === undefined, 'ERR_JWE_INVALID', 'anoncrypt carries "apu"; it must not be present', 'ENC-ANON-002');
    ensure(header.skid === undefined, 'ERR_JWE_INVALID', 'anoncrypt carries a sender "skid"', 'ENC-ANON-002');
  }
  // Per recipient, an error's message is only built when the check fails: a JWE for ten keys makes these
  // checks ten times per message (issue 17 item 5).
  const recipients = (value.recipients as unknown[]).map((entry, i) => {
    if (!isJsonObject(entry) || !isJsonObject(entry.header)) hard('ERR_JWE_INVALID', `recipients[${i}] has no "header" object`, 'ENC-JWE-006');
    const kid = entry.header.kid;
    if (typeof kid !== 'string') hard('ERR_JWE_INVALID', `recipients[${i}] has no "kid"`, 'ENC-JWE-006');
    if (!isKeyId(kid)) hard('ERR_KID_INVALID', `recipients[${i}] "kid" ${JSON.stringify(kid)} is not an absolute DID URL`, 'ENC-JWE-006');
    // RFC 7516 §7.2.1: header names MUST be disjoint (JOSE-001); a repeated equal value is tolerated unless strict.
    for (const member of Object.keys(entry.header)) {
      if (!(member === 'kid' || !(member in header) || (!strict && isDeepStrictEqual(entry.header[member], header[member])))) {
        hard('ERR_JWE_INVALID', `recipients[${i}] header "${member}" is also in the protected header (the JOSE Header members must be disjoint)`, 'JOSE-001');
      }
    }
    return { kid, encryptedKey: decodeBase64url(entry.encrypted_key, () => `recipients[${i}] "encrypted_key"`, decodeOptions) };
  });
  ensure(recipients.length > 0, 'ERR_JWE_INVALID', 'the JWE has no recipients', 'ENC-JWE-004');
  // Sender rules a receiver need not enforce: the strict receiver refuses, a lenient one records what it
  // tolerated (the harness judges it as the sender's conduct, issue 22).
  const rules = { strict, warnings: warnings ?? [] };
  // The kids in code-point order, sorted once: a repeated kid sits next to its twin, and apv hashes this order.
  const sorted = recipients.map((r) => r.kid).sort();
  if (sorted.some((kid, i) => i > 0 && kid === sorted[i - 1])) soft(rules, 'ERR_JWE_INVALID', 'a recipient kid appears twice', 'ENC-JWE-006');
  const did = didOf(sorted[0]!);
  if (sorted.some((kid) => didOf(kid) !== did)) soft(rules, 'ERR_JWE_INVALID', 'the recipients belong to more than one DID; each DID gets its own JWE', 'ENC-JWE-001');
  if (header.apv !== apvOfSorted(sorted)) {
    soft(rules, 'ERR_JWE_INVALID', `"apv" is not the SHA-256 of the code-point-sorted recipient kids${apvVariantOf(String(header.apv), recipients.map((r) => r.kid))}`, 'ENC-JWE-009');
  }
  const cipher = CONTENT_ENCRYPTION[enc];
  const iv = b64(value.iv, '"iv"');
  const tag = b64(value.tag, '"tag"');
  if (iv.length !== cipher.ivLength) hard('ERR_JWE_INVALID', `"iv" is ${iv.length} bytes; ${enc} uses ${cipher.ivLength}`, 'ENC-JWE-014');
  if (tag.length !== cipher.tagLength) hard('ERR_JWE_INVALID', `"tag" is ${tag.length} bytes; ${enc} uses ${cipher.tagLength}`, 'ENC-JWE-014');
  return {
    protectedB64,
    ...(typeof value.aad === 'string' ? { aadB64: value.aad } : {}),
    header: header as JweProtectedHeader,
    recipients,
    iv,
    ciphertext: b64(value.ciphertext, '"ciphertext"'),
    tag,
    apu,
    apv,
  };
}
