/**
 * One didcomm-node agent: the DID documents and secrets it knows, and pack/unpack translated between
 * adapter protocol v1 and didcomm-node 0.4.1's API. Every `Message` the library hands out lives in WASM
 * memory and is freed in a `finally`. A library error becomes a `rejected` result whose code is the
 * error's `name` (`DIDCommMalformed`, `DIDCommUnsupported`, ...) and whose message is its text, verbatim.
 * @module
 */
import { Message } from 'didcomm-node';
import type { PackParams, PackResult, PrivateJwk, Rejection, UnpackResult } from '../../src/adapter/protocol/v1/types.generated.js';
import { toNodeDidDoc, type NodeDidDoc } from './did-documents.js';
import { createDidResolver } from '../../src/did/resolver.js';

type Json = Record<string, unknown>;
type NodeUnpackMetadata = Awaited<ReturnType<typeof Message.unpack>>[1];

/** didcomm-node's names for anoncrypt content encryption. */
const ENC_ALG_ANON: Record<string, 'A256cbcHs512EcdhEsA256kw' | 'A256gcmEcdhEsA256kw' | 'Xc20pEcdhEsA256kw'> = {
  'A256CBC-HS512': 'A256cbcHs512EcdhEsA256kw',
  A256GCM: 'A256gcmEcdhEsA256kw',
  XC20P: 'Xc20pEcdhEsA256kw',
};
const ENC_OF_ANON: Record<string, string> = Object.fromEntries(Object.entries(ENC_ALG_ANON).map(([enc, name]) => [name, enc]));

/** Raised by the adapter itself when the library's API cannot express what was asked. */
export class CannotExpress extends Error {
  override readonly name = 'CannotExpress';
}

/** A library error as a rejection: its name is the category, its message verbatim. */
export function libraryRejection(error: unknown): { status: 'rejected'; error: Rejection } {
  if (error instanceof CannotExpress) {
    return { status: 'rejected', error: { code: 'ADAPTER_CANNOT_EXPRESS', message: `didcomm-node's API cannot do this: ${error.message}` } };
  }
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'rejected', error: { code: name || 'Error', message: message.slice(0, 10_000) } };
}

function curveOfJwk(jwk: unknown): string | undefined {
  return jwk && typeof jwk === 'object' ? ((jwk as Json)['crv'] as string | undefined) : undefined;
}

function curveOfMethodType(type: string): string | undefined {
  if (type.startsWith('X25519')) return 'X25519';
  if (type.startsWith('Ed25519')) return 'Ed25519';
  if (type.startsWith('EcdsaSecp256k1')) return 'secp256k1';
  return undefined;
}

const didResolver = createDidResolver({ examples: false });

async function selfResolving(did: string): Promise<NodeDidDoc | null> {
  if (!/^did:(peer|key):/.test(did)) return null;
  try {
    return toNodeDidDoc((await didResolver.resolve(did)) as unknown as Json);
  } catch {
    return null;
  }
}

export class NodeAgent {
  readonly documents = new Map<string, NodeDidDoc>();
  readonly secrets = new Map<string, { id: string; type: string; privateKeyJwk: Json }>();

  /**
   * didcomm-node's `DIDResolver` is the application's: the documents handed over, then (for the live
   * suites, whose peers are never registered) did:peer and did:key, which resolve from the DID string
   * alone (src/did); anything else is not found (`null`), and the library says what it makes of that.
   */
  readonly resolver = {
    resolve: async (did: string): Promise<NodeDidDoc | null> => this.documents.get(did) ?? (await selfResolving(did)),
  };

  readonly secretsResolver = {
    get_secret: async (id: string) => this.secrets.get(id) ?? null,
    find_secrets: async (ids: string[]) => ids.filter((id) => this.secrets.has(id)),
  };

  registerDocument(document: Json): void {
    const doc = toNodeDidDoc(document);
    this.documents.set(doc.id, doc);
  }

  addSecrets(secrets: PrivateJwk[]): void {
    for (const { kid, ...jwk } of secrets) this.secrets.set(kid, { id: kid, type: 'JsonWebKey2020', privateKeyJwk: jwk });
  }

  /** The curve of a key id the agent knows, from the registered documents. */
  curveOfKid(kid: string): string | undefined {
    const method = this.documents.get(kid.split('#')[0]!)?.verificationMethod.find((m) => m.id === kid);
    return method ? curveOfJwk(method.publicKeyJwk) ?? curveOfMethodType(method.type) : undefined;
  }

  /** The keyAgreement key ids of `did` on `curve`, in document order. */
  keyAgreementOn(did: string, curve: string): string[] {
    return (this.documents.get(did)?.keyAgreement ?? []).filter((kid) => this.curveOfKid(kid) === curve);
  }

  /**
   * `curve` given: didcomm-node negotiates the curve itself from a DID (the sender's key for authcrypt,
   * the recipient's first keyAgreement key for anoncrypt); its API selects a curve only through a key id.
   */
  private withCurve(didOrKid: string, curve: string | undefined): string {
    if (!curve || didOrKid.includes('#')) return didOrKid;
    const kids = this.keyAgreementOn(didOrKid, curve);
    if (kids.length === 0) return didOrKid; // let the library say what it makes of it
    const first = this.documents.get(didOrKid)?.keyAgreement[0];
    return first !== undefined && this.curveOfKid(first) === curve ? didOrKid : kids[0]!;
  }

  async pack(params: PackParams): Promise<PackResult> {
    const { message, envelope, to, from, signBy, enc, curve, protectSender, forward } = params;
    try {
      if ((to?.length ?? 0) > 1) throw new CannotExpress(`one recipient DID or key id per message (asked for ${to!.length})`);
      const message_ = new Message(message as never);
      try {
        if (envelope === 'plaintext') {
          return { status: 'packed', packed: await message_.pack_plaintext(this.resolver as never), mediaType: 'application/didcomm-plain+json' };
        }
        if (envelope === 'signed') {
          if (!signBy) throw new CannotExpress('pack_signed needs a signing key id or DID (signBy)');
          const [packed] = await message_.pack_signed(signBy, this.resolver as never, this.secretsResolver as never);
          return { status: 'packed', packed, mediaType: 'application/didcomm-signed+json' };
        }
        const recipient = to?.[0] ?? (Array.isArray(message['to']) ? (message['to'] as string[])[0] : undefined);
        if (!recipient) throw new CannotExpress('pack_encrypted needs a recipient (to)');
        const options: Json = { forward: forward === true };
        let sender: string | null = null;
        if (envelope === 'authcrypt') {
          const fromDid = from ?? (typeof message['from'] === 'string' ? message['from'] : undefined);
          if (!fromDid) throw new CannotExpress('authcrypt needs a sender (from)');
          sender = this.withCurve(fromDid, curve);
          if (protectSender) options['protect_sender'] = true;
          if (enc) {
            // The anoncrypt layer of anoncrypt(authcrypt) takes enc; authcrypt itself is A256CBC-HS512 only.
            if (protectSender && ENC_ALG_ANON[enc]) options['enc_alg_anon'] = ENC_ALG_ANON[enc];
            else if (!protectSender && enc !== 'A256CBC-HS512') throw new CannotExpress(`authcrypt content encryption is A256CBC-HS512 only; ${enc} cannot be asked for`);
          }
        } else if (enc) {
          if (!ENC_ALG_ANON[enc]) throw new CannotExpress(`anoncrypt content encryption ${enc}`);
          options['enc_alg_anon'] = ENC_ALG_ANON[enc];
        }
        const target = envelope === 'anoncrypt' ? this.withCurve(recipient, curve) : recipient;
        const [packed] = await message_.pack_encrypted(target, sender, signBy ?? null, this.resolver as never, this.secretsResolver as never, options as never);
        return { status: 'packed', packed, mediaType: 'application/didcomm-encrypted+json' };
      } finally {
        message_.free();
      }
    } catch (error) {
      return libraryRejection(error);
    }
  }

  async unpack(packed: string): Promise<UnpackResult> {
    let unpacked: [Message, NodeUnpackMetadata];
    try {
      // The library's own option for a receiver that also holds the keys a forward is addressed to: unpack
      // through the forward (metadata.re_wrapped_in_forward says so). Off, it hands back the forward itself.
      unpacked = await Message.unpack(packed, this.resolver as never, this.secretsResolver as never, { unwrap_re_wrapping_forward: true });
    } catch (error) {
      return libraryRejection(error);
    }
    const [message, metadata] = unpacked;
    try {
      return { status: 'accepted', message: message.as_value() as Json, metadata: translateMetadata(metadata) };
    } finally {
      message.free();
    }
  }
}

/** didcomm-node's unpack metadata in the protocol's vocabulary; layers are read from it, outermost first. */
function translateMetadata(m: NodeUnpackMetadata): import('../../src/adapter/protocol/v1/types.generated.js').UnpackMetadata {
  const layers: Json[] = [];
  if (m.enc_alg_anon) {
    layers.push({ kind: 'anoncrypt', alg: 'ECDH-ES+A256KW', enc: ENC_OF_ANON[m.enc_alg_anon] ?? m.enc_alg_anon, ...(m.enc_alg_auth ? {} : { recipientKids: m.encrypted_to_kids ?? [] }) });
  }
  if (m.enc_alg_auth) {
    layers.push({ kind: 'authcrypt', alg: 'ECDH-1PU+A256KW', enc: 'A256CBC-HS512', recipientKids: m.encrypted_to_kids ?? [], ...(m.encrypted_from_kid ? { senderKid: m.encrypted_from_kid } : {}) });
  }
  if (m.non_repudiation) layers.push({ kind: 'signed', ...(m.sign_alg ? { alg: m.sign_alg } : {}), ...(m.sign_from ? { signerKid: m.sign_from } : {}) });
  layers.push({ kind: 'plaintext' });
  return {
    encrypted: m.encrypted,
    authenticated: m.authenticated,
    nonRepudiation: m.non_repudiation,
    anonymousSender: m.anonymous_sender,
    ...(m.encrypted_from_kid ? { senderKid: m.encrypted_from_kid } : {}),
    ...(m.sign_from ? { signerKid: m.sign_from } : {}),
    ...(m.encrypted_to_kids ? { recipientKids: m.encrypted_to_kids } : {}),
    forwarded: m.re_wrapped_in_forward,
    layers,
    ...(m.from_prior_issuer_kid ? { fromPriorIssuerKid: m.from_prior_issuer_kid } : {}),
  };
}
