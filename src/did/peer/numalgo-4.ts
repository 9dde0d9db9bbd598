/**
 * did:peer:4 (peer DID method spec, Method 4; PEER-004): long form
 * `did:peer:4<hash>:<encoded document>` carries the input document, short form `did:peer:4<hash>`
 * is only resolvable after its long form was seen.
 *
 * encoded document = `z` + base58btc(varint 0x0200 (json multicodec) ‖ UTF-8 compact JSON);
 * hash = `z` + base58btc(0x12 0x20 (sha2-256 multihash) ‖ SHA-256(UTF-8 of the encoded document)).
 * @module
 */
import { DidcommError } from '../../errors/didcomm-error.js';
import type { DidDocument, VerificationMethod } from '../document.js';
import { decodeBase58btcMultibase, decodeVarint, encodeBase58btcMultibase, encodeVarint } from '../multikey.js';
import { sha256Multihash } from './hash.js';

const JSON_MULTICODEC = 0x0200;
const LONG_FORM = /^did:peer:4(z[1-9A-HJ-NP-Za-km-z]+):(z[1-9A-HJ-NP-Za-km-z]+)$/;
const SHORT_FORM = /^did:peer:4(z[1-9A-HJ-NP-Za-km-z]+)$/;

/** A did:peer:4 input document: a DID document without root `id`, with relative ids (PEER-004). */
export type PeerDid4InputDocument = Omit<DidDocument, 'id'> & { id?: never };

/** Both forms of a did:peer:4. */
export interface PeerDid4 {
  longForm: string;
  shortForm: string;
}

function hashOf(encodedDocument: string): string {
  return sha256Multihash(encodedDocument);
}

/** Creates a did:peer:4 from an input document (which must have no root `id`). */
export function createPeerDid4(input: PeerDid4InputDocument): PeerDid4 {
  if ('id' in input) throw new TypeError('a did:peer:4 input document MUST NOT include an id at the root');
  const json = Buffer.from(JSON.stringify(input), 'utf8');
  const encoded = encodeBase58btcMultibase(new Uint8Array([...encodeVarint(JSON_MULTICODEC), ...json]));
  const shortForm = `did:peer:4${hashOf(encoded)}`;
  return { longForm: `${shortForm}:${encoded}`, shortForm };
}

/** True for either form of a did:peer:4. */
export function isPeerDid4(did: string): boolean {
  return LONG_FORM.test(did) || SHORT_FORM.test(did);
}

/** The short form of a did:peer:4 given in either form, or undefined for anything else. */
export function shortFormOfPeerDid4(did: string): string | undefined {
  const match = LONG_FORM.exec(did) ?? SHORT_FORM.exec(did);
  return match ? `did:peer:4${match[1]}` : undefined;
}

/** True for the short form. */
export function isShortFormPeerDid4(did: string): boolean {
  return SHORT_FORM.test(did);
}

function fail(did: string, why: string, cause?: unknown): never {
  throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did}: ${why}`, cause === undefined ? { requirement: 'PEER-004' } : { requirement: 'PEER-004', cause });
}

/**
 * Decodes a long-form did:peer:4 into its input document after checking the hash over the encoded
 * document. Throws `ERR_DID_NOT_RESOLVED` (PEER-004) for a malformed DID or a hash mismatch.
 */
export function decodePeerDid4(did: string): PeerDid4InputDocument {
  const match = LONG_FORM.exec(did);
  if (!match) return fail(did, 'is not a long-form did:peer:4 (did:peer:4z<hash>:z<encoded document>)');
  const [, hash, encoded] = match as unknown as [string, string, string];
  if (hashOf(encoded) !== hash) return fail(did, 'the hash does not match the encoded document');
  let bytes: Uint8Array;
  try {
    bytes = decodeBase58btcMultibase(encoded, 'encoded document');
  } catch (cause) {
    return fail(did, 'the encoded document is not base58btc', cause);
  }
  const prefix = decodeVarint(bytes);
  if (prefix?.value !== JSON_MULTICODEC) return fail(did, 'the encoded document is not tagged with the json multicodec (0x0200)');
  let input: unknown;
  try {
    input = JSON.parse(Buffer.from(bytes.subarray(prefix.length)).toString('utf8'));
  } catch (cause) {
    return fail(did, 'the encoded document is not JSON', cause);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(did, 'the encoded document is not a JSON object');
  if ('id' in input) return fail(did, 'the input document has a root id, which it MUST NOT');
  return input as PeerDid4InputDocument;
}

/**
 * "Contextualizes" an input document for `did` (either form): sets `id`, appends `otherForm` to
 * `alsoKnownAs`, and sets `controller` to the DID on every method that has none (embedded ones too).
 */
export function contextualizePeerDid4(input: PeerDid4InputDocument, did: string, otherForm: string): DidDocument {
  const doc = structuredClone(input) as unknown as DidDocument;
  doc.id = did;
  doc.alsoKnownAs = [...(Array.isArray(doc.alsoKnownAs) ? doc.alsoKnownAs : []), otherForm];
  const withController = (vm: VerificationMethod): VerificationMethod => (vm.controller === undefined ? { ...vm, controller: did } : vm);
  if (doc.verificationMethod) doc.verificationMethod = doc.verificationMethod.map(withController);
  for (const relationship of ['authentication', 'assertionMethod', 'keyAgreement', 'capabilityInvocation', 'capabilityDelegation'] as const) {
    const entries = doc[relationship];
    if (entries) doc[relationship] = entries.map((entry) => (typeof entry === 'string' ? entry : withController(entry)));
  }
  return doc;
}
