/**
 * What counts as secret key material, and how it is hidden before adapter text reaches anything the harness
 * keeps (transcripts, records, reports, terminal). One source of truth for every place adapter output enters
 * the harness: params and replies (client.ts), the adapter's stderr (transport/stdio.ts), wire messages.
 *
 * Four rules, each replacing only the secret value with `[redacted]` so the rest of the text stays readable:
 *   - private JWK members (RFC 7518 §6: d, p, q, dp, dq, qi, k, oth) of any object with `kty`; in text, a
 *     member of that name with a key-length value (16+ characters) inside `{…}` that also holds `kty`
 *     (JSON, escaped JSON in a string, a JS object literal) or, in free text (logs), wherever it appears;
 *   - members named like a private key whatever their object: privateKeyJwk, privateKeyMultibase,
 *     privateKeyBase58, privateKeyHex, privateKey, secretKey, private_key, … (DID Core, Veramo, libraries);
 *   - PEM private key blocks (`-----BEGIN … PRIVATE KEY-----` to its END line);
 *   - every private value the harness itself handed over (importIdentity secrets), wherever it reappears,
 *     bare too: as base64url, base64, hex or base58 (the token that holds it is replaced whole);
 *   - the credentials the harness sends to an adapter reached by URL (its extra headers), as given.
 * @module
 */
import { encodeBase58 } from '../did/multikey.js';

/** What a secret value is replaced by. */
export const REDACTED = '[redacted]';

/** JWK members that hold private key material (RFC 7518 §6). */
export const PRIVATE_JWK_MEMBERS: ReadonlySet<string> = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth']);

/** Names of members that hold a private key whatever object they are in (one pattern for text and JSON). */
const SECRET_NAME = '[Pp]rivate[_-]?[Kk]ey\\w*|PRIVATE_KEY\\w*|[Ss]ecret[_-]?[Kk]ey\\w*|SECRET_KEY\\w*';
const SECRET_NAME_EXACT = new RegExp(`^(?:${SECRET_NAME})$`);

/** True for a member name like privateKeyJwk, privateKeyMultibase, secretKey, private_key. */
export function isSecretMemberName(name: string): boolean {
  return SECRET_NAME_EXACT.test(name);
}

/** Characters a key value is written with (base64url, base64, hex, base58; `\/` is JSON's escaped slash). */
const VALUE = '(?:[A-Za-z0-9+/_-]|\\\\/)(?:[A-Za-z0-9+/=_-]|\\\\/)*';
/** Bytes written as numbers: `[1, 2, …]`, `Uint8Array(32) [ 1, 2, … ]` (only taken after a secret member name). */
const BYTES = '(?:[A-Z][A-Za-z0-9]*\\(\\d+\\)\\s*)?\\[[\\d,\\s]*\\]';
/** Shortest value of a private JWK member taken for key material (a 128-bit `k` is 22 characters). */
const MIN_KEY_CHARS = 16;

/**
 * A separator and the value after it: `:` or `=`, an optional (possibly escaped) quote, then the value.
 * Scanning for the separator first is what keeps this cheap: base64 runs hold no `:`, and a JSON reply has
 * one per member. The member name is read backwards from the separator (memberNameBefore).
 */
const SEPARATED_VALUE = new RegExp(`[:=]\\s*(\\\\*["']?)(${BYTES}|${VALUE})`, 'g');
const JWK_MEMBER_NAMES: ReadonlySet<string> = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']);
const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----/g;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;

/** How text is read: `json` needs `kty` around a JWK member (replies); `free` does not (logs, messages). */
export type TextKind = 'json' | 'free';

/** A character of a member name: [A-Za-z0-9_$-]. */
function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code === 45;
}

/** Shortest secret member name (`secretKey`). */
const MIN_SECRET_NAME_CHARS = 9;

/**
 * The member name that ends just before the separator at `at` (`"d":`, `\"d\":`, `d: `, `d=`), when it is
 * one of a private JWK member or a secret member; '' for any other name.
 */
function secretNameBefore(text: string, at: number): string {
  let end = at;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end -= 1;
  const quote = text.charCodeAt(end - 1);
  if (quote === 34 || quote === 39) {
    end -= 1;
    while (end > 0 && text.charCodeAt(end - 1) === 92) end -= 1;
  }
  let start = end;
  while (start > 0 && end - start <= 64 && isNameChar(text.charCodeAt(start - 1))) start -= 1;
  const length = end - start;
  if (length <= 2) {
    const name = text.slice(start, end);
    return JWK_MEMBER_NAMES.has(name) ? name : '';
  }
  if (length < MIN_SECRET_NAME_CHARS) return '';
  const name = text.slice(start, end);
  return isSecretMemberName(name) ? name : '';
}

/** Whether the member at `at` is inside a `{…}` that holds `kty` or is the value of a privateKeyJwk. */
function insideJwk(text: string, at: number): boolean {
  const open = text.lastIndexOf('{', at);
  if (open < 0) return false;
  const close = text.indexOf('}', at);
  if (text.slice(open, close < 0 ? text.length : close).includes('kty')) return true;
  return /rivate_?[Kk]ey_?[Jj][Ww][Kk]/.test(text.slice(Math.max(0, open - 24), open));
}

/** Whether `text` may hold a secret member name or, read as JSON, a JWK (cheap substring checks). */
function mayHoldSecretMembers(text: string): boolean {
  return text.includes('kty') || text.includes('rivate') || text.includes('RIVATE') || text.includes('ecret') || text.includes('ECRET');
}

function redactMembers(text: string, kind: TextKind): string {
  // In JSON a JWK member needs `kty` (or privateKeyJwk) around it; free text is read whole.
  if (kind === 'json' && !mayHoldSecretMembers(text)) return text;
  let out = '';
  let from = 0;
  SEPARATED_VALUE.lastIndex = 0;
  for (let found = SEPARATED_VALUE.exec(text); found !== null; found = SEPARATED_VALUE.exec(text)) {
    const value = found[2]!;
    const name = secretNameBefore(text, found.index);
    const secret = name.length <= 2
      // A JWK member's value is a key-length string (a byte list only counts after a secret member name).
      ? name !== '' && value.length >= MIN_KEY_CHARS && !value.endsWith(']') && (kind === 'free' || insideJwk(text, found.index))
      : true;
    if (!secret) {
      // Step past the separator only: the value may itself hold the next `name:` (a JS literal, a log line).
      SEPARATED_VALUE.lastIndex = found.index + 1;
      continue;
    }
    const valueStart = found.index + found[0].length - value.length;
    // An unquoted value in JSON (a number, a byte array) becomes a string, so the text stays JSON.
    const quoted = kind === 'json' && found[1] === '' ? JSON.stringify(REDACTED) : REDACTED;
    out += `${text.slice(from, valueStart)}${quoted}`;
    from = valueStart + value.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * PEM private key blocks. A block whose END is not in `text` is cut to the end (`open` says so), or in JSON
 * to the end of the string it is in, so the text stays JSON.
 */
export function redactPem(text: string, kind: TextKind = 'free'): { text: string; open: boolean } {
  if (!text.includes('PRIVATE KEY-----')) return { text, open: false };
  let open = false;
  let out = '';
  let from = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let begin = PEM_BEGIN.exec(text); begin !== null; begin = PEM_BEGIN.exec(text)) {
    const bodyStart = begin.index + begin[0].length;
    const end = PEM_END.exec(text.slice(bodyStart));
    out += `${text.slice(from, bodyStart)}${REDACTED}`;
    if (!end) {
      open = true;
      const quote = kind === 'json' ? text.indexOf('"', bodyStart) : -1;
      from = quote < 0 ? text.length : text.charCodeAt(quote - 1) === 92 ? quote - 1 : quote;
      break;
    }
    from = bodyStart + end.index;
    PEM_BEGIN.lastIndex = from;
  }
  return { text: out + text.slice(from), open };
}

// ---- values the harness handed over -------------------------------------------------------------------

const handedValues = new Set<string>();
/**
 * Handed values are found by q-grams: every form is indexed by the hash of each of its GRAM-character pieces
 * at offsets 0..GRAM-1, and the text is hashed only at every GRAM-th position. Any occurrence of a form
 * (16 key bytes are 21 base64 or 32 hex characters, at least 2 x GRAM - 1) covers one such position, so one
 * pass of about one multiplication per character finds every handed value, however many there are.
 */
const GRAM = 8;
const MIN_FORM_CHARS = 2 * GRAM - 1;
/** Each form and its offset, by the hash of the piece of the form at that offset; and a 64 Ki-bit filter of the hashes. */
const piecesByHash = new Map<number, Array<{ form: string; offset: number }>>();
const hashFilter = new Uint8Array(1 << 13);

/** A hash of 4 characters (small integers, exact as doubles: faster than Math.imul in the scan loop). */
function quadHash(text: string, at: number): number {
  return ((text.charCodeAt(at) * 31 + text.charCodeAt(at + 1)) * 31 + text.charCodeAt(at + 2)) * 31 + text.charCodeAt(at + 3);
}

function filterBit(low: number, high: number): number {
  return (low * 7 + high) & 0xffff;
}

function gramKey(low: number, high: number): number {
  return low * 0x2000000 + high;
}

/** A character of a printed key (base64url, base64 with padding, hex, base58). */
function isKeyChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 43 || code === 47 || code === 95 || code === 45 || code === 61;
}

/**
 * The ways a handed key value may be printed: base64url and base64 (only the characters fixed by the key
 * bytes, so a longer key that starts with it, like a NaCl seed‖public key, is caught too), hex, base58.
 */
function formsOf(bytes: Buffer): string[] {
  const fixed = Math.floor((bytes.length * 8) / 6);
  const hex = bytes.toString('hex');
  return [bytes.toString('base64url').slice(0, fixed), bytes.toString('base64').slice(0, fixed), hex, hex.toUpperCase(), encodeBase58(bytes)];
}

/**
 * Remembers the private member values of `secrets` (the JWKs of an importIdentity), so that they are
 * redacted from everything the harness keeps for the rest of this process, in any adapter's output.
 */
export function rememberHandedSecrets(secrets: unknown): void {
  if (!Array.isArray(secrets)) return;
  for (const jwk of secrets) {
    if (jwk === null || typeof jwk !== 'object') continue;
    for (const [name, value] of Object.entries(jwk as Record<string, unknown>)) {
      if (!PRIVATE_JWK_MEMBERS.has(name) || typeof value !== 'string' || handedValues.has(value)) continue;
      const bytes = Buffer.from(value, 'base64url');
      // Too short to be a key: redacting it would blank out ordinary text.
      if (bytes.length < MIN_KEY_CHARS) continue;
      handedValues.add(value);
      for (const form of new Set(formsOf(bytes))) {
        if (form.length < MIN_FORM_CHARS) continue;
        for (let offset = 0; offset < GRAM; offset += 1) {
          const low = quadHash(form, offset);
          const high = quadHash(form, offset + 4);
          const key = gramKey(low, high);
          piecesByHash.set(key, [...(piecesByHash.get(key) ?? []), { form, offset }]);
          const bit = filterBit(low, high);
          hashFilter[bit >>> 3]! |= 1 << (bit & 7);
        }
      }
    }
  }
}

/** Where the earliest handed form covering position `at` (a multiple of GRAM) starts, and its length. */
function handedFormAt(text: string, at: number, notBefore: number): { start: number; length: number } | undefined {
  const low = quadHash(text, at);
  const high = quadHash(text, at + 4);
  const bit = filterBit(low, high);
  if ((hashFilter[bit >>> 3]! & (1 << (bit & 7))) === 0) return undefined;
  let found: { start: number; length: number } | undefined;
  for (const { form, offset } of piecesByHash.get(gramKey(low, high)) ?? []) {
    const start = at - offset;
    if (start >= notBefore && (found === undefined || start < found.start) && text.startsWith(form, start)) found = { start, length: form.length };
  }
  return found;
}

/** Replaces every token (run of key characters) that holds a handed value. */
function redactHanded(text: string): string {
  if (piecesByHash.size === 0 || text.length < MIN_FORM_CHARS) return text;
  let out = '';
  let from = 0;
  for (let at = 0; at + GRAM <= text.length; at += GRAM) {
    const found = handedFormAt(text, at, from);
    if (found === undefined) continue;
    let start = found.start;
    let end = found.start + found.length;
    // The whole token goes: a longer encoding that starts with the value, or the value glued to a prefix.
    while (start > from && text.charCodeAt(start - 1) !== 61 && isKeyChar(text.charCodeAt(start - 1))) start -= 1;
    // Never split an escape (`\n`, `\/` in a JSON string): the escaped character stays.
    if (start > 0 && text.charCodeAt(start - 1) === 92) start += 1;
    while (end < text.length && isKeyChar(text.charCodeAt(end))) end += 1;
    out += `${text.slice(from, start)}${REDACTED}`;
    from = end;
    at = Math.ceil(end / GRAM) * GRAM - GRAM;
  }
  return from === 0 ? text : out + text.slice(from);
}

// ---- credentials sent to the adapter -------------------------------------------------------------------

/** Header values (and their words of a credential's length) the harness sends to an HTTP adapter. */
const credentials = new Set<string>();
/** Shortest word of a header value taken for a credential on its own (a scheme word like "Bearer" is shorter). */
const MIN_CREDENTIAL_WORD_CHARS = 8;

/**
 * Remembers a header value the harness sends (`authorization: Bearer …`), so that it is redacted from
 * everything the harness keeps for the rest of this process: whole, and each word long enough to be a
 * token, since an agent may echo the token without its scheme.
 */
export function rememberCredential(value: string): void {
  for (const part of [value, ...value.split(/\s+/)]) {
    if (part.length >= MIN_CREDENTIAL_WORD_CHARS) credentials.add(part);
  }
}

function redactCredentials(text: string): string {
  let out = text;
  // Longest first, so a whole value goes before the words inside it.
  for (const credential of [...credentials].sort((a, b) => b.length - a.length)) {
    if (out.includes(credential)) out = out.split(credential).join(REDACTED);
  }
  return out;
}

// ---- text and JSON ---------------------------------------------------------------------------------------

/** `text` with every secret of the four rules replaced by `[redacted]`; the same string when there is none. */
export function redactText(text: string, kind: TextKind): string {
  const redacted = redactHanded(redactPem(redactMembers(text, kind), kind).text);
  return credentials.size === 0 ? redacted : redactCredentials(redacted);
}

/**
 * A copy of the parsed JSON `value` with the secrets of the four rules replaced (JWK members by structure,
 * secret member names, and the text rules on every string). Values without secrets come back as they were.
 */
export function redactValue(value: unknown, asJwk = false): unknown {
  if (typeof value === 'string') return redactText(value, 'json');
  if (Array.isArray(value)) return value.map((member) => redactValue(member));
  if (value === null || typeof value !== 'object') return value;
  const isJwk = asJwk || typeof (value as { kty?: unknown }).kty === 'string';
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const name = redactHanded(key);
    if (isJwk && PRIVATE_JWK_MEMBERS.has(key)) copy[name] = REDACTED;
    else if (isSecretMemberName(key)) copy[name] = member !== null && typeof member === 'object' && !Array.isArray(member) ? redactValue(member, true) : REDACTED;
    else copy[name] = redactValue(member);
  }
  return copy;
}

/**
 * `value` parsed from `text`, redacted: the walk runs only when the text shows a JWK or something the text
 * rules hide (`redactedText` is `redactText(text, 'json')`, which the caller keeps anyway).
 */
export function redactParsed<T>(value: T, text: string, redactedText: string): T {
  return redactedText === text && !mayHoldSecretMembers(text) ? value : (redactValue(value) as T);
}

// ---- streams ---------------------------------------------------------------------------------------------

/** Characters of one log line held back for its end; a longer line is redacted as it stands (cut after a `,`, `;` or `}`). */
const MAX_HELD_LINE_CHARS = 64 * 1024;
/** Characters after a PEM BEGIN line still taken as its body when no END comes (an RSA-16384 key is shorter). */
const MAX_PEM_BODY_CHARS = 16 * 1024;

/**
 * Redacts a log stream (an adapter's stderr) as free text, line by line: a partial last line waits for the
 * next chunk, so a key written in two pieces is still seen whole, and a PEM block may span chunks.
 */
export class LogRedactor {
  #held = '';
  #pemBody = -1;

  /** The redacted complete lines of what arrived so far (with what was held back); '' while a line is partial. */
  push(chunk: string): string {
    const text = this.#held + chunk;
    let cut = text.lastIndexOf('\n') + 1;
    if (cut === 0) {
      if (text.length <= MAX_HELD_LINE_CHARS) {
        this.#held = text;
        return '';
      }
      cut = Math.max(text.lastIndexOf(','), text.lastIndexOf(';'), text.lastIndexOf('}')) + 1 || text.length;
    }
    this.#held = text.slice(cut);
    return this.#redact(text.slice(0, cut));
  }

  /** Whatever is held back, redacted (the stream ended). */
  end(): string {
    const rest = this.#held;
    this.#held = '';
    return rest === '' ? '' : this.#redact(rest);
  }

  #redact(text: string): string {
    let rest = text;
    let head = '';
    if (this.#pemBody >= 0) {
      const end = PEM_END.exec(text);
      if (!end && this.#pemBody + text.length <= MAX_PEM_BODY_CHARS) {
        this.#pemBody += text.length;
        return text.endsWith('\n') ? `${REDACTED}\n` : REDACTED;
      }
      if (end) {
        head = REDACTED;
        rest = text.slice(end.index);
      }
      this.#pemBody = -1;
    }
    const pem = redactPem(redactMembers(rest, 'free'));
    if (pem.open) this.#pemBody = 0;
    return head + redactHanded(pem.text);
  }
}
