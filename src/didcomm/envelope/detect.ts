/**
 * Telling the envelope kinds apart by structure, since `typ` is optional (ENV-MT-006), and refusing the
 * compact serializations DIDComm does not use (ENC-JWE-004, ENV-SIGN-004).
 * @module
 */
import { parseJsonObject } from '../../encoding/json.js';
import { DidcommError } from '../../errors/didcomm-error.js';

export type EnvelopeKind = 'encrypted' | 'signed' | 'plaintext';

const COMPACT = /^[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*){2,4}$/;

/** Parses `text` and names its kind; compact JOSE strings and non-objects are refused with a precise code. */
export function detectEnvelope(text: string): { kind: EnvelopeKind; value: Record<string, unknown> } {
  // Only a text that is not a JSON object can be a compact serialization (possibly as a JSON string).
  const unquoted = text.trimStart().startsWith('{') ? '' : text.trim().replace(/^"|"$/g, '');
  if (COMPACT.test(unquoted) && unquoted.length > 0) {
    const parts = unquoted.split('.').length;
    throw parts === 5
      ? new DidcommError('ERR_JWE_INVALID', 'a compact JWE is not a DIDComm message; JWE General JSON serialization is required', { requirement: 'ENC-JWE-004' })
      : new DidcommError('ERR_JWS_INVALID', 'a compact JWS is not a DIDComm message; JWS JSON serialization is required', { requirement: 'ENV-SIGN-004' });
  }
  const value = parseJsonObject(text, 'the message');
  if ('recipients' in value || 'ciphertext' in value || 'encrypted_key' in value) return { kind: 'encrypted', value };
  if ('payload' in value || 'signatures' in value || 'signature' in value) return { kind: 'signed', value };
  return { kind: 'plaintext', value };
}
