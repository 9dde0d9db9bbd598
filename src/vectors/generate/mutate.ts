/**
 * Byte- and JSON-level mutations applied to a packed base to make a negative vector.
 * @module
 */
import { decodeBase64url, decodeBase64urlJson, encodeBase64url } from '../../encoding/base64url.js';

type Json = Record<string, unknown>;

/** Parses `text`, lets `change` edit the object, serializes it again. */
export function editJson(text: string, change: (value: Json) => void): string {
  const value = JSON.parse(text) as Json;
  change(value);
  return JSON.stringify(value);
}

/** Flips the lowest bit of byte `index` of a base64url value. */
export function flipBit(value: unknown, index = 0): string {
  const bytes = decodeBase64url(value, 'value to flip', { lenient: true });
  bytes[index % bytes.length] ^= 0x01;
  return encodeBase64url(bytes);
}

/** Re-encodes the `protected` header of a JWE (or of a flattened JWS) after `change` edits it. */
export function editProtected(holder: Json, change: (header: Json) => void): void {
  const header = decodeBase64urlJson(holder.protected, 'protected', { lenient: true });
  change(header);
  holder.protected = encodeBase64url(JSON.stringify(header));
}

export function recipientsOf(jwe: Json): Array<{ header: Json; encrypted_key: string }> {
  return jwe.recipients as Array<{ header: Json; encrypted_key: string }>;
}

export function signaturesOf(jws: Json): Array<{ protected: string; signature: string; header?: Json }> {
  return jws.signatures as Array<{ protected: string; signature: string; header?: Json }>;
}
