/**
 * did:peer:2 service encoding (PEER-002): the spec's common-string abbreviations, applied recursively to
 * member names and to the `type` value, then compact JSON, then unpadded base64url, one `.S` element per
 * service.
 * @module
 */
import { DidcommError } from '../../errors/didcomm-error.js';
import { decodeBase64url, encodeBase64url } from '../../encoding/base64url.js';
import type { Service } from '../document.js';

/** The abbreviation table of the peer DID spec ("Common String Abbreviations"). */
const ABBREVIATIONS: Record<string, string> = {
  type: 't',
  DIDCommMessaging: 'dm',
  serviceEndpoint: 's',
  routingKeys: 'r',
  accept: 'a',
};
const EXPANSIONS: Record<string, string> = Object.fromEntries(Object.entries(ABBREVIATIONS).map(([long, short]) => [short, long]));

function rename(value: unknown, table: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rename(item, table));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const name = Object.hasOwn(table, key) ? table[key]! : key;
    // Only the value of `type` is abbreviated ("key names and type value"), never other strings.
    if (name === 'type' || name === 't') {
      const types = Array.isArray(member) ? member : [member];
      const renamed = types.map((t) => (typeof t === 'string' && Object.hasOwn(table, t) ? table[t]! : t));
      out[name] = Array.isArray(member) ? renamed : renamed[0];
    } else {
      out[name] = rename(member, table);
    }
  }
  return out;
}

/** Encodes one service as a did:peer:2 element body (without the `.S`). */
export function encodePeerService(service: Omit<Service, 'id'> & { id?: string }): string {
  return encodeBase64url(JSON.stringify(rename(service, ABBREVIATIONS)));
}

/**
 * Decodes one `.S` element body into a service with its common strings restored. Throws
 * `ERR_DID_NOT_RESOLVED` (PEER-002) when it is not base64url JSON of one service object; a JSON list
 * in one element is refused, because the spec says services "MUST NOT be encoded as a JSON list".
 */
export function decodePeerService(encoded: string, did: string): Omit<Service, 'id'> & { id?: string } {
  const fail = (why: string, cause?: unknown): never => {
    throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did}: service element ${why}`, cause === undefined
      ? { requirement: 'PEER-002' }
      : { requirement: 'PEER-002', cause });
  };
  let value: unknown;
  try {
    value = JSON.parse(decodeBase64url(encoded, 'did:peer:2 service', { requirement: 'PEER-002' }).toString('utf8'));
  } catch (cause) {
    return fail('is not base64url-encoded JSON', cause);
  }
  if (Array.isArray(value)) return fail('is a JSON list; each service MUST be its own .S element');
  if (typeof value !== 'object' || value === null) return fail('is not a JSON object');
  const service = rename(value, EXPANSIONS) as Record<string, unknown>;
  if (service.type === undefined || service.serviceEndpoint === undefined) return fail('has no type or serviceEndpoint');
  return service as Omit<Service, 'id'> & { id?: string };
}
