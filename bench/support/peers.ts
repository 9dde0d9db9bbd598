/**
 * The implementations a benchmark compares, behind one interface: the reference and SICPA's didcomm-node
 * (didcomm-rust compiled to WASM), each packing and unpacking the same rows with the same identities.
 * @module
 */
import { Message } from 'didcomm-node';
import { SecretStore } from '../../src/did/secrets.js';
import { StaticDidResolver } from '../../src/did/static-resolver.js';
import { packMessage } from '../../src/didcomm/envelope/pack.js';
import { unpackMessage } from '../../src/didcomm/envelope/unpack.js';
import type { ContentEncryption, KeyAgreementCurve, PackMode, PlaintextMessage, SignatureAlgorithm } from '../../src/didcomm/types.js';
import { recipientKids, SENDER, SIGNERS, type BenchIdentities } from './identities.js';

export interface Row {
  label: string;
  mode: PackMode;
  curve?: KeyAgreementCurve;
  enc?: ContentEncryption;
  signAlg?: SignatureAlgorithm;
  recipients: number;
  protectSender?: boolean;
  /** Key agreement work per message, for the ECDH bound: ephemeral key generations and ECDH operations. */
  cost?: { pack: { keygen: number; ecdh: number }; unpack: { keygen: number; ecdh: number } };
}

export interface BenchPeer {
  name: string;
  /** Why this peer cannot run `row`, or undefined when it can. */
  unsupported(row: Row): string | undefined;
  pack(row: Row, message: PlaintextMessage): Promise<string>;
  unpack(packed: string): Promise<unknown>;
}

const slug = (curve: string): string => curve.toLowerCase().replace('-', '');
const senderKid = (curve: KeyAgreementCurve): string => `${SENDER}#${slug(curve)}-1`;

export function referencePeer(identities: BenchIdentities): BenchPeer {
  const ctx = { resolver: new StaticDidResolver(identities.documents), secrets: new SecretStore(identities.secrets) };
  return {
    name: 'reference',
    unsupported: () => undefined,
    pack: async (row, message) => (await packMessage(message, {
      mode: row.mode,
      ...(row.curve ? { curve: row.curve, to: recipientKids(row.curve, row.recipients) } : {}),
      ...(row.mode === 'authcrypt' ? { from: senderKid(row.curve!) } : {}),
      ...(row.signAlg ? { signBy: SIGNERS[row.signAlg] } : {}),
      ...(row.enc ? { enc: row.enc } : {}),
      ...(row.protectSender ? { protectSender: true } : {}),
    }, ctx)).packed,
    unpack: (packed) => unpackMessage(packed, ctx),
  };
}

const NODE_ENC: Record<ContentEncryption, 'A256cbcHs512EcdhEsA256kw' | 'Xc20pEcdhEsA256kw' | 'A256gcmEcdhEsA256kw'> = {
  'A256CBC-HS512': 'A256cbcHs512EcdhEsA256kw', XC20P: 'Xc20pEcdhEsA256kw', A256GCM: 'A256gcmEcdhEsA256kw',
};

export function didcommNodePeer(identities: BenchIdentities): BenchPeer {
  const documents = new Map(identities.documents.map((doc) => [doc.id, doc]));
  const secrets = new Map(identities.secrets.map((s) => [s.kid, { id: s.kid, type: 'JsonWebKey2020', privateKeyJwk: s.privateJwk }]));
  const resolver = { resolve: async (did: string) => documents.get(did) ?? null };
  const secretsResolver = {
    get_secret: async (id: string) => secrets.get(id) ?? null,
    find_secrets: async (ids: string[]) => ids.filter((id) => secrets.has(id)),
  };
  return {
    name: 'didcomm-node',
    // Found by the oracle tests: didcomm-node 0.4.1 has no P-384/P-521, and a DID recipient means all its
    // keys of the first curve, so ten recipients can only be X25519 (the documents list X25519 first).
    unsupported: (row) => (row.curve === 'P-384' || row.curve === 'P-521' ? 'no P-384/P-521 support'
      : row.recipients > 1 && row.curve !== 'X25519' ? 'ten recipients only on the first curve' : undefined),
    pack: async (row, message) => {
      const wasm = new Message(message as never);
      try {
        if (row.mode === 'plaintext') return await wasm.pack_plaintext(resolver as never);
        if (row.mode === 'signed') return (await wasm.pack_signed(SIGNERS[row.signAlg!], resolver as never, secretsResolver as never))[0];
        const to = row.recipients > 1 ? 'did:example:bench-bob' : recipientKids(row.curve!, 1)[0]!;
        const [packed] = await wasm.pack_encrypted(to, row.mode === 'authcrypt' ? senderKid(row.curve!) : null, row.signAlg ? SIGNERS[row.signAlg] : null,
          resolver as never, secretsResolver as never, {
            forward: false, protect_sender: row.protectSender ?? false, ...(row.enc ? { enc_alg_anon: NODE_ENC[row.enc] } : {}),
          });
        return packed;
      } finally {
        wasm.free();
      }
    },
    unpack: async (packed) => {
      const [message] = await Message.unpack(packed, resolver as never, secretsResolver as never, {});
      message.free();
    },
  };
}
