/**
 * DIDComm media types (ENV-MT-001..005).
 * @module
 */

export const MEDIA_TYPES = {
  plaintext: 'application/didcomm-plain+json',
  signed: 'application/didcomm-signed+json',
  encrypted: 'application/didcomm-encrypted+json',
} as const;

export type DidcommMediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];

/** A media type without `/` is read as `application/`-prefixed (ENV-MT-005). */
export function normalizeMediaType(value: string): string {
  return value.includes('/') ? value : `application/${value}`;
}

/** True when `typ` (possibly without the `application/` prefix) is `expected`. */
export function isMediaType(typ: unknown, expected: DidcommMediaType): boolean {
  return typeof typ === 'string' && normalizeMediaType(typ) === expected;
}
