/**
 * DIDComm signed messages: JWS in JSON serialization, General or Flattened (ENV-SIGN-004), with the signer
 * `kid` in the protected or the per-signature unprotected header (ENV-SIGN-005, AMB-06).
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { isSignatureAlgorithm } from '../../crypto/algorithms.js';
import { importPublicJwk } from '../../crypto/curves.js';
import { algorithmMatchesKey, signBytes, verifyBytes } from '../../crypto/signature.js';
import { isKeyId, resolveKey } from '../../did/document.js';
import { decodeBase64url, decodeBase64urlJson, encodeBase64url } from '../../encoding/base64url.js';
import { isJsonObject } from '../../encoding/json.js';
import { DidcommError, ensure } from '../../errors/didcomm-error.js';
import { isMediaType, MEDIA_TYPES } from '../../spec/media-types.js';
import type { DidDocumentResolver } from '../../did/document.js';
import type { SignatureAlgorithm, UnpackedLayer } from '../types.js';

export interface SignJwsInput {
  payload: Uint8Array;
  alg: SignatureAlgorithm;
  kid: string;
  privateKey: KeyObject;
  serialization?: 'general' | 'flattened';
  kidIn?: 'protected' | 'unprotected' | 'both';
}

/** Signs `payload`; returns the JWS as JSON text (General serialization unless asked otherwise). */
export function signJws(input: SignJwsInput): string {
  const kidIn = input.kidIn ?? 'unprotected';
  const protectedHeader: Record<string, unknown> = { typ: MEDIA_TYPES.signed, alg: input.alg };
  if (kidIn !== 'unprotected') protectedHeader.kid = input.kid;
  const protectedB64 = encodeBase64url(JSON.stringify(protectedHeader));
  const payloadB64 = encodeBase64url(input.payload);
  const signature = encodeBase64url(signBytes(input.alg, input.privateKey, Buffer.from(`${protectedB64}.${payloadB64}`, 'ascii')));
  const entry = { protected: protectedB64, signature, ...(kidIn === 'protected' ? {} : { header: { kid: input.kid } }) };
  return JSON.stringify(input.serialization === 'flattened' ? { payload: payloadB64, ...entry } : { payload: payloadB64, signatures: [entry] });
}

/** True when `value` looks like a JWS in JSON serialization (detection, ENV-MT-006). */
export function looksLikeJws(value: Record<string, unknown>): boolean {
  return 'payload' in value && ('signatures' in value || 'signature' in value);
}

export interface VerifiedJws {
  payload: Buffer;
  layer: Extract<UnpackedLayer, { kind: 'signed' }>;
}

interface SignatureEntry {
  protected: unknown;
  signature: unknown;
  header?: unknown;
}

/**
 * Verifies a JWS: the signer `kid` must be an `authentication` key of its DID (ENV-SIGN-003, ENV-SIGN-006)
 * and the algorithm one of EdDSA, ES256, ES256K matching the key (ENV-SIGN-001).
 */
export async function verifyJws(value: Record<string, unknown>, resolver: DidDocumentResolver, strict: boolean): Promise<VerifiedJws> {
  const flattened = !('signatures' in value);
  const entries: SignatureEntry[] = flattened ? [value as unknown as SignatureEntry] : (value.signatures as SignatureEntry[]);
  ensure(Array.isArray(entries) && entries.length > 0 && entries.every(isJsonObject), 'ERR_JWS_INVALID', 'the JWS has no signature objects', 'ENV-SIGN-004');
  // DIDComm defines one signer per signed layer; several signatures are refused in strict mode (PITFALLS 4).
  ensure(!strict || entries.length === 1, 'ERR_JWS_INVALID', `the JWS carries ${entries.length} signatures; a DIDComm signed message has one signer`, 'ENV-SIGN-004');
  ensure(typeof value.payload === 'string', 'ERR_JWS_INVALID', 'the JWS has no "payload" string', 'ENV-SIGN-005');
  const payloadB64 = value.payload as string;
  const payload = decodeBase64url(payloadB64, 'the JWS payload', { lenient: !strict, requirement: 'ENV-SIGN-005' });
  let first: VerifiedJws['layer'] | undefined;
  for (const [i, entry] of entries.entries()) {
    const layer = await verifyEntry(entry, i, payloadB64, resolver, strict, flattened);
    first ??= layer;
  }
  return { payload, layer: first! };
}

async function verifyEntry(
  entry: SignatureEntry, index: number, payloadB64: string, resolver: DidDocumentResolver, strict: boolean, flattened: boolean,
): Promise<VerifiedJws['layer']> {
  const where = flattened ? 'the JWS' : `signatures[${index}]`;
  ensure(typeof entry.protected === 'string', 'ERR_JWS_INVALID', `${where} has no "protected" header`, 'ENV-SIGN-004');
  const header = decodeBase64urlJson(entry.protected, `${where} protected header`, { lenient: !strict, requirement: 'ENV-SIGN-004' });
  const unprotected = entry.header === undefined ? {} : entry.header;
  ensure(isJsonObject(unprotected), 'ERR_JWS_INVALID', `${where} "header" is not an object`, 'ENV-SIGN-004');
  ensure(!('crit' in header) && header.b64 !== false, 'ERR_JWS_INVALID', `${where} uses "crit"/"b64" extensions DIDComm does not define`, 'ENV-SIGN-005');
  const alg = header.alg;
  if (!isSignatureAlgorithm(alg)) {
    throw new DidcommError('ERR_ALG_UNSUPPORTED', `JWS "alg" ${JSON.stringify(alg)} is not EdDSA, ES256 or ES256K`, { requirement: 'ENV-SIGN-001' });
  }
  if (header.typ !== undefined && !isMediaType(header.typ, MEDIA_TYPES.signed)) {
    throw new DidcommError('ERR_MEDIA_TYPE', `the JWS "typ" ${JSON.stringify(header.typ)} is not ${MEDIA_TYPES.signed}`, { requirement: 'ENV-MT-003' });
  }
  // RFC 7515 §7.2.1: protected and unprotected header parameter names MUST be disjoint; jose refuses the
  // overlap, DIDComm libraries tolerate it (PITFALLS 3): refused in strict mode only.
  const overlap = Object.keys(unprotected).filter((name) => name in header);
  ensure(!strict || overlap.length === 0, 'ERR_JWS_INVALID', `${where} names ${overlap.join(', ')} in both its protected and unprotected headers`, 'JOSE-003');
  const protectedKid = header.kid;
  const unprotectedKid = unprotected.kid;
  ensure(protectedKid === undefined || unprotectedKid === undefined || protectedKid === unprotectedKid, 'ERR_JWS_INVALID',
    `${where} has different "kid" values in its protected and unprotected headers`, 'JOSE-003');
  const kid = protectedKid ?? unprotectedKid;
  ensure(kid !== undefined, 'ERR_JWS_INVALID', `${where} names no signer "kid"`, 'ENV-SIGN-003');
  ensure(isKeyId(kid), 'ERR_KID_INVALID', `the signer kid ${JSON.stringify(kid)} is not an absolute DID URL`, 'ENV-SIGN-003');
  const signer = await resolveKey(resolver, kid, 'authentication');
  ensure(algorithmMatchesKey(alg, signer.publicJwk), 'ERR_SIGNATURE_INVALID', `"alg" ${alg} does not fit the key ${kid}`, 'ENV-SIGN-001');
  const publicKey = importPublicJwk(signer.publicJwk, `signer key ${kid}`, 'KEYS-004');
  const signature = decodeBase64url(entry.signature, `${where} signature`, { lenient: !strict, requirement: 'ENV-SIGN-001' });
  ensure(verifyBytes(alg, publicKey, Buffer.from(`${entry.protected}.${payloadB64}`, 'ascii'), signature), 'ERR_SIGNATURE_INVALID',
    `the signature by ${kid} does not verify`, 'ENV-SIGN-001');
  return {
    kind: 'signed',
    alg,
    signerKid: kid,
    serialization: flattened ? 'flattened' : 'general',
    kidLocation: protectedKid !== undefined && unprotectedKid !== undefined ? 'both' : protectedKid !== undefined ? 'protected' : 'unprotected',
    ...(typeof header.typ === 'string' ? { typ: header.typ } : {}),
  };
}
