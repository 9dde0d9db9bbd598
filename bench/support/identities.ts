/**
 * Bench identities: a sender with one key agreement key per curve and one signing key per algorithm, and a
 * recipient with ten key agreement keys per curve, as JsonWebKey2020 documents every implementation reads.
 * @module
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import type { DidDocument } from '../../src/did/document.js';
import type { KeyAgreementCurve } from '../../src/didcomm/types.js';

export const SENDER = 'did:example:bench-alice';
export const RECIPIENT = 'did:example:bench-bob';
export const CURVES: readonly KeyAgreementCurve[] = ['X25519', 'P-256', 'P-384', 'P-521'];
export const SIGNERS = { EdDSA: `${SENDER}#sign-ed25519`, ES256: `${SENDER}#sign-p256`, ES256K: `${SENDER}#sign-secp256k1` } as const;

export interface BenchSecret {
  kid: string;
  privateJwk: JsonWebKey;
}

function generate(curve: KeyAgreementCurve | 'Ed25519' | 'secp256k1'): JsonWebKey {
  // JWK straight from the generation: exporting a generated KeyObject later can deadlock node 20 (see
  // generateEphemeralKey in src/crypto/curves.ts).
  const generate = generateKeyPairSync as unknown as (type: string, options: object) => { privateKey: JsonWebKey };
  const encoding = { publicKeyEncoding: { format: 'jwk' }, privateKeyEncoding: { format: 'jwk' } };
  return curve === 'X25519' || curve === 'Ed25519' ? generate(curve.toLowerCase(), encoding).privateKey
    : generate('ec', { namedCurve: { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1', secp256k1: 'secp256k1' }[curve], ...encoding }).privateKey;
}

const slug = (curve: string): string => curve.toLowerCase().replace('-', '');

/** Key ids of the recipient's keys on `curve` (ten of them). */
export function recipientKids(curve: KeyAgreementCurve, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${RECIPIENT}#${slug(curve)}-${i + 1}`);
}

export interface BenchIdentities {
  documents: DidDocument[];
  secrets: BenchSecret[];
}

export function benchIdentities(): BenchIdentities {
  const secrets: BenchSecret[] = [];
  const method = (controller: string, kid: string, privateJwk: JsonWebKey): DidDocument['verificationMethod'] extends Array<infer V> | undefined ? V : never => {
    secrets.push({ kid, privateJwk: { ...privateJwk, kid } });
    const { d: _d, ...publicKeyJwk } = privateJwk;
    return { id: kid, type: 'JsonWebKey2020', controller, publicKeyJwk };
  };
  const senderAgreement = CURVES.map((curve) => method(SENDER, `${SENDER}#${slug(curve)}-1`, generate(curve)));
  const senderSigning = [method(SENDER, SIGNERS.EdDSA, generate('Ed25519')), method(SENDER, SIGNERS.ES256, generate('P-256')), method(SENDER, SIGNERS.ES256K, generate('secp256k1'))];
  const recipientAgreement = CURVES.flatMap((curve) => recipientKids(curve, 10).map((kid) => method(RECIPIENT, kid, generate(curve))));
  const document = (id: string, agreement: typeof senderAgreement, signing: typeof senderAgreement): DidDocument => ({
    id, verificationMethod: [...agreement, ...signing], keyAgreement: agreement.map((vm) => vm.id), authentication: signing.map((vm) => vm.id), service: [],
  });
  return { documents: [document(SENDER, senderAgreement, senderSigning), document(RECIPIENT, recipientAgreement, [])], secrets };
}
