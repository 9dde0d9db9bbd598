/**
 * Bench identities: a sender with one key agreement key per curve and one signing key per algorithm, and a
 * recipient with ten key agreement keys per curve, as JsonWebKey2020 documents every implementation reads.
 * @module
 */
import type { JsonWebKey } from 'node:crypto';
import { generatePrivateJwk as generate } from '../../src/crypto/curves.js';
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
