/**
 * Identifiers a plaintext message carries: `id` (ENV-PLAIN-003), `thid` and `pthid` (THR-001) and attachment
 * ids (ENV-ATT-002) use RFC 3986's unreserved characters only.
 * @module
 */

const UNRESERVED = /^[A-Za-z0-9._~-]+$/;

/** Whether `value` is a non-empty string of unreserved URI characters. */
export function isUnreservedIdentifier(value: unknown): value is string {
  return typeof value === 'string' && UNRESERVED.test(value);
}
