/**
 * Parsing untrusted JSON text into an object, with typed errors.
 * @module
 */
import { DidcommError } from '../errors/didcomm-error.js';

/** Parses `text` as a JSON object; anything else is `ERR_JSON_INVALID` naming `what`. */
export function parseJsonObject(text: string | Uint8Array, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: true }).decode(text));
  } catch (cause) {
    throw new DidcommError('ERR_JSON_INVALID', `${what} is not well-formed UTF-8 JSON`, { cause, requirement: 'ENV-PLAIN-020' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DidcommError('ERR_JSON_INVALID', `${what} is not a JSON object`, { requirement: 'ENV-MT-006' });
  }
  return parsed as Record<string, unknown>;
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
