/**
 * What the cross-language throughput benchmark asks of an adapter (issue 17): the modes, named as
 * bench/envelope-throughput.ts names its rows, each as one `pack` request over SICPA's vector parties (the
 * identities the envelope suites import), one recipient key so every library does the same work, and the
 * ~1 KB message every implementation packs byte for byte.
 * @module
 */
import type { CaseNeeds } from '../runner/applicability.js';
import { loadKeySet } from '../vectors/key-sets.js';
import type { ContentEncryption, KeyAgreementCurve } from '../didcomm/types.js';
import type { PackParams, PlaintextMessage, PrivateJwk } from './protocol/v1/types.generated.js';
import type { DidDocument } from './protocol/v1/types.generated.js';

export const BENCH_SIGNER = 'did:example:alice';
/** The authcrypt sender: Mediator1 has one key agreement key on every curve (as in the authcrypt suite). */
export const BENCH_SENDER = 'did:example:mediator1';
export const BENCH_RECIPIENT = 'did:example:bob';
const SIGNING_KIDS = { EdDSA: 'did:example:alice#key-1', ES256: 'did:example:alice#key-2', ES256K: 'did:example:alice#key-3' } as const;
const RECIPIENT_KIDS: Partial<Record<KeyAgreementCurve, string>> = { X25519: 'did:example:bob#key-x25519-1', 'P-256': 'did:example:bob#key-p256-1' };

/** One benchmark mode: the pack request (without the message) and what its output must look like. */
export interface BenchmarkMode {
  name: string;
  /** What the adapter must claim both ways (it packs and unpacks): `envelopes`/`algorithms`, never one-way claims. */
  needs: CaseNeeds;
  pack: Omit<PackParams, 'message'>;
  /** The message's `from` (the signer or authcrypt sender; plaintext and anoncrypt: Alice). */
  from: string;
  /** The metadata the reference must report when it unpacks the sample. */
  expect: { encrypted: boolean; authenticated: boolean; nonRepudiation: boolean; anonymousSender: boolean; signerKid?: string; senderDid?: string; recipientKid?: string };
}

function anoncrypt(curve: KeyAgreementCurve, enc: ContentEncryption): BenchmarkMode {
  const recipientKid = RECIPIENT_KIDS[curve]!;
  return {
    name: `anoncrypt ${curve} ${enc}`,
    needs: { envelopes: ['anoncrypt'], algorithms: { [curve]: ['ECDH-ES+A256KW', enc] }, encryption: [{ envelope: 'anoncrypt', curve, enc }] },
    pack: { envelope: 'anoncrypt', to: [recipientKid], curve, enc },
    from: BENCH_SIGNER,
    expect: { encrypted: true, authenticated: false, nonRepudiation: false, anonymousSender: true, recipientKid },
  };
}

function authcrypt(curve: KeyAgreementCurve): BenchmarkMode {
  const recipientKid = RECIPIENT_KIDS[curve]!;
  return {
    name: `authcrypt ${curve}`,
    needs: { envelopes: ['authcrypt'], algorithms: { [curve]: ['ECDH-1PU+A256KW', 'A256CBC-HS512'] }, encryption: [{ envelope: 'authcrypt', curve, enc: 'A256CBC-HS512' }] },
    pack: { envelope: 'authcrypt', to: [recipientKid], from: BENCH_SENDER, curve },
    from: BENCH_SENDER,
    expect: { encrypted: true, authenticated: true, nonRepudiation: false, anonymousSender: false, senderDid: BENCH_SENDER, recipientKid },
  };
}

function signed(alg: keyof typeof SIGNING_KIDS, curve: 'Ed25519' | 'P-256' | 'secp256k1'): BenchmarkMode {
  return {
    name: `signed ${alg}`,
    needs: { envelopes: ['signed'], algorithms: { [curve]: [alg] } },
    pack: { envelope: 'signed', signBy: SIGNING_KIDS[alg] },
    from: BENCH_SIGNER,
    expect: { encrypted: false, authenticated: true, nonRepudiation: true, anonymousSender: false, signerKid: SIGNING_KIDS[alg] },
  };
}

/** Every mode, in table order. */
export const BENCHMARK_MODES: readonly BenchmarkMode[] = [
  { name: 'plaintext', needs: { envelopes: ['plaintext'] }, pack: { envelope: 'plaintext' }, from: BENCH_SIGNER,
    expect: { encrypted: false, authenticated: false, nonRepudiation: false, anonymousSender: false } },
  signed('EdDSA', 'Ed25519'),
  signed('ES256', 'P-256'),
  signed('ES256K', 'secp256k1'),
  anoncrypt('X25519', 'A256CBC-HS512'),
  anoncrypt('X25519', 'XC20P'),
  anoncrypt('X25519', 'A256GCM'),
  anoncrypt('P-256', 'A256CBC-HS512'),
  authcrypt('X25519'),
  authcrypt('P-256'),
];

/** The modes of a `--quick` run: one of each envelope (two anoncrypt: some libraries encrypt with XC20P only). */
export const QUICK_MODES: readonly string[] = ['plaintext', 'signed EdDSA', 'anoncrypt X25519 A256CBC-HS512', 'anoncrypt X25519 XC20P', 'authcrypt X25519'];

/** The message of `mode`: a 1,000-character body, the same bytes for every implementation. */
export function benchmarkMessage(mode: BenchmarkMode): PlaintextMessage {
  return {
    id: 'bench-0001', typ: 'application/didcomm-plain+json', type: 'https://didcomm.org/basicmessage/2.0/message',
    from: mode.from, to: [BENCH_RECIPIENT], created_time: 1516269022, body: { content: 'x'.repeat(1000) },
  };
}

/** A party the adapter becomes the holder of: its document and every private key SICPA's vectors give it. */
export interface BenchmarkParty {
  didDocument: DidDocument;
  secrets: PrivateJwk[];
}

/** Alice (signer), Mediator1 (authcrypt sender) and Bob (recipient), for `importIdentity`. */
export function benchmarkParties(): BenchmarkParty[] {
  const keys = loadKeySet('sicpa');
  return [BENCH_SIGNER, BENCH_SENDER, BENCH_RECIPIENT].map((did) => {
    const didDocument = keys.documents.find((doc) => doc.id === did)!;
    const kids = (didDocument.verificationMethod ?? []).map((vm) => vm.id);
    const secrets = kids.flatMap((kid) => {
      const secret = keys.secrets.find(kid);
      return secret ? [{ ...secret.privateJwk, kid } as PrivateJwk] : [];
    });
    return { didDocument: didDocument as DidDocument, secrets };
  });
}
