/**
 * base64url (RFC 4648 §5) as JOSE uses it: no padding on output. Decoding is strict by default — only the
 * URL-safe alphabet, no padding, canonical trailing bits (AMB-19, PITFALLS 22) — and lenient on request,
 * which also accepts `=` padding and non-canonical trailing bits but never the standard alphabet's `+`/`/`.
 * @module
 */
import { DidcommError, subjectText, type Subject } from '../errors/didcomm-error.js';
import type { RequirementId } from '../spec/requirements.js';

export function encodeBase64url(bytes: Uint8Array | string): string {
  if (typeof bytes === 'string') return Buffer.from(bytes, 'utf8').toString('base64url');
  // A Buffer (what node's crypto returns) encodes as it is; other views get a Buffer over the same bytes.
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('base64url');
}

const ALPHABET = /^[A-Za-z0-9_-]*$/;

export interface DecodeOptions {
  /** Accept `=` padding and non-canonical trailing bits. Default false. */
  lenient?: boolean;
  /** The requirement to cite when decoding fails. */
  requirement?: RequirementId;
}

/**
 * Decodes `value`, naming `what` in the `ERR_BASE64URL_INVALID` error when it is not valid base64url; `what` may
 * be a function when naming the member costs (one per JWE recipient): it is called only on failure.
 */
export function decodeBase64url(value: unknown, what: Subject, options: DecodeOptions = {}): Buffer {
  if (typeof value !== 'string') return invalid(what, options, `expected a string, got ${value === null ? 'null' : typeof value}`);
  let text = value;
  if (options.lenient) text = text.replace(/={1,2}$/, '');
  if (!ALPHABET.test(text)) return invalid(what, options, /[+/=]/.test(text) ? 'padding or standard-alphabet characters' : 'characters outside the alphabet');
  if (text.length % 4 === 1) return invalid(what, options, 'impossible length');
  if (!options.lenient && !hasCanonicalTail(text)) return invalid(what, options, 'non-canonical trailing bits');
  return Buffer.from(text, 'base64url');
}

function invalid(what: Subject, options: DecodeOptions, why: string): never {
  throw new DidcommError('ERR_BASE64URL_INVALID', `${subjectText(what)} is not valid base64url: ${why}`, options.requirement ? { requirement: options.requirement } : {});
}

/**
 * True when the bits the last character carries beyond the last whole byte are zero: then, and only then,
 * re-encoding the decoded bytes gives `text` back (for text already in the alphabet, without padding).
 */
function hasCanonicalTail(text: string): boolean {
  const rest = text.length % 4;
  if (rest < 2) return true;
  const last = text.charCodeAt(text.length - 1);
  const value = last >= 0x61 ? last - 0x61 + 26 : last >= 0x41 ? last - 0x41 : last >= 0x30 && last <= 0x39 ? last - 0x30 + 52 : last === 0x2d ? 62 : 63;
  // Two characters left over carry 12 bits for one byte (4 spare), three carry 18 for two (2 spare).
  return (value & (rest === 2 ? 0x0f : 0x03)) === 0;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes base64url that must hold a JSON object (a JOSE header). */
export function decodeBase64urlJson(value: unknown, what: string, options: DecodeOptions = {}): Record<string, unknown> {
  const bytes = decodeBase64url(value, what, options);
  let parsed: unknown;
  try {
    parsed = JSON.parse(UTF8.decode(bytes));
  } catch (cause) {
    throw new DidcommError('ERR_JSON_INVALID', `${what} does not decode to UTF-8 JSON`, { cause, ...(options.requirement ? { requirement: options.requirement } : {}) });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DidcommError('ERR_JSON_INVALID', `${what} is not a JSON object`, options.requirement ? { requirement: options.requirement } : {});
  }
  return parsed as Record<string, unknown>;
}
