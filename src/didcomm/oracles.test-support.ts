/**
 * Shared fixtures for the envelope round-trip and oracle tests (round-trip.test.ts, oracle-jose.test.ts,
 * oracle-didcomm-node.test.ts): the SICPA key set, the messages, and the key ids by curve.
 * Not a test file itself (vitest only collects `*.test.ts`).
 * @module
 */
import { expect } from 'vitest';
import { isDidcommError } from '../errors/didcomm-error.js';
import { loadKeySet } from '../vectors/key-sets.js';
import { readVectorJson } from '../vectors/paths.js';
import { MEDIA_TYPES } from '../spec/media-types.js';
import type { KeyAgreementCurve, PlaintextMessage, SignatureAlgorithm } from './types.js';

export const ALICE = 'did:example:alice';
export const BOB = 'did:example:bob';
export const MEDIATOR1 = 'did:example:mediator1';
export const MEDIATOR2 = 'did:example:mediator2';

export const sicpa = loadKeySet('sicpa');

export const CURVES: readonly KeyAgreementCurve[] = ['X25519', 'P-256', 'P-384', 'P-521'];

/** Bob's keyAgreement key ids per curve, in DID document order (the order a JWE lists them). */
export const BOB_KIDS: Record<KeyAgreementCurve, string[]> = {
  X25519: [`${BOB}#key-x25519-1`, `${BOB}#key-x25519-2`, `${BOB}#key-x25519-3`],
  'P-256': [`${BOB}#key-p256-1`, `${BOB}#key-p256-2`],
  'P-384': [`${BOB}#key-p384-1`, `${BOB}#key-p384-2`],
  'P-521': [`${BOB}#key-p521-1`, `${BOB}#key-p521-2`],
};

/** The authcrypt sender per curve: Alice's key, or Mediator1's for P-384 (Alice has no P-384 key). */
export const SENDER_BY_CURVE: Record<KeyAgreementCurve, { did: string; kid: string }> = {
  X25519: { did: ALICE, kid: `${ALICE}#key-x25519-1` },
  'P-256': { did: ALICE, kid: `${ALICE}#key-p256-1` },
  'P-384': { did: MEDIATOR1, kid: `${MEDIATOR1}#key-p384-1` },
  'P-521': { did: ALICE, kid: `${ALICE}#key-p521-1` },
};

/** Alice's signing keys per JWS algorithm (her `authentication` keys). */
export const SIGNER_BY_ALG: Record<SignatureAlgorithm, string> = {
  EdDSA: `${ALICE}#key-1`,
  ES256: `${ALICE}#key-2`,
  ES256K: `${ALICE}#key-3`,
};
export const SIGNING_ALGS: readonly SignatureAlgorithm[] = ['EdDSA', 'ES256', 'ES256K'];

/**
 * A basic message from `from` to Bob. It carries `typ` and `body` because didcomm-node requires both
 * (its Message struct has non-optional `typ` and `body`, PITFALLS 21).
 */
export function basicMessage(from: string = ALICE, id = 'msg-1'): PlaintextMessage {
  return {
    id,
    typ: MEDIA_TYPES.plaintext,
    type: 'https://didcomm.org/basicmessage/2.0/message',
    from,
    to: [BOB],
    created_time: 1_700_000_000,
    body: { content: `hello from ${from}`, nested: { n: 1, list: [true, null, 'x'] } },
  };
}

/** The SICPA DID documents and secrets in their upstream JSON shape (what didcomm-node expects). */
const rawDocs = readVectorJson('upstream/sicpa-didcomm-rust/did-docs.json') as Record<string, { id: string }>;
const rawSecrets = readVectorJson('upstream/sicpa-didcomm-rust/secrets.json') as Record<string, Array<{ id: string; type: string; privateKeyJwk: Record<string, string> }>>;
export const SICPA_DOCS = ['ALICE_DID_DOC', 'BOB_DID_DOC', 'CHARLIE_DID_DOC', 'MEDIATOR1_DID_DOC', 'MEDIATOR2_DID_DOC', 'MEDIATOR3_DID_DOC'].map((key) => rawDocs[key]!);
export const SICPA_SECRETS = ['ALICE_SECRETS', 'BOB_SECRETS', 'CHARLIE_SECRETS', 'MEDIATOR1_SECRETS', 'MEDIATOR2_SECRETS', 'MEDIATOR3_SECRETS'].flatMap((key) => rawSecrets[key]!);

/** The private JWK of a SICPA secret (for jose's importJWK). */
export function privateJwkOf(kid: string): Record<string, string> {
  const secret = SICPA_SECRETS.find((s) => s.id === kid);
  if (!secret) throw new Error(`no SICPA secret ${kid}`);
  return secret.privateKeyJwk;
}

/** The public JWK of a SICPA secret: the private one without `d`. */
export function publicJwkOf(kid: string): Record<string, string> {
  const { d: _d, ...pub } = privateJwkOf(kid);
  return pub;
}

/** Awaits `promise` and asserts it rejects with a DidcommError of `code` citing `requirement`. */
export async function expectDidcommError(promise: Promise<unknown>, code: string, requirement: string): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(error, 'expected a DidcommError').toBeDefined();
  expect(isDidcommError(error), `not a DidcommError: ${String(error)}`).toBe(true);
  expect({ code: (error as { code: string }).code, requirement: (error as { requirement?: string }).requirement })
    .toEqual({ code, requirement });
}

/** The decoded protected header of a JWE/JWS given as JSON text (flattened JWS or General JWE). */
export function protectedHeaderOf(packed: string): Record<string, unknown> {
  const value = JSON.parse(packed) as { protected?: string; signatures?: Array<{ protected: string }> };
  const b64 = value.protected ?? value.signatures?.[0]?.protected;
  if (typeof b64 !== 'string') throw new Error('no protected header');
  return JSON.parse(Buffer.from(b64, 'base64url').toString('utf8')) as Record<string, unknown>;
}
