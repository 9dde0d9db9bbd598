/**
 * The reference implementation behind adapter protocol v1: every method maps onto the library's public
 * API (packMessage, unpackMessage, the DID resolver and identity factory). A rejection by the library
 * becomes a `rejected` result carrying its code and requirement ID.
 * @module
 */
import { isDidcommError, packMessage, unpackMessage, SecretStore } from '../../src/index.js';
import type { ContentEncryption, KeyAgreementCurve, PackOptions } from '../../src/index.js';
import { createDidResolver, type DidcommDidResolver } from '../../src/did/resolver.js';
import {
  AUTHENTICATION_KEY_TYPES, IDENTITY_METHODS, KEY_AGREEMENT_KEY_TYPES, createIdentity,
  type AuthenticationKeyType, type IdentityMethod, type KeyAgreementKeyType,
} from '../../src/did/identity.js';
import { benchmarkThrough, type AdapterHandlers } from '../../src/adapter/sdk/index.js';
import { withLiveHandlers } from './live.js';
import type { AgentOptions } from '../../src/agent/agent.js';
import type { Capabilities, Rejection } from '../../src/adapter/protocol/v1/types.generated.js';

const KEY_AGREEMENT = ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256CBC-HS512', 'A256GCM', 'XC20P'] as const;
const CONTENT_ENCRYPTION: readonly string[] = ['A256CBC-HS512', 'A256GCM', 'XC20P'] satisfies ContentEncryption[];
const KEY_AGREEMENT_CURVES: readonly string[] = ['X25519', 'P-256', 'P-384', 'P-521'] satisfies KeyAgreementCurve[];

/** What the reference claims: everything its envelope layer and DID layer implement. */
export const REFERENCE_CAPABILITIES: Capabilities = {
  envelopes: ['plaintext', 'signed', 'anoncrypt', 'authcrypt'],
  algorithms: {
    X25519: [...KEY_AGREEMENT],
    'P-256': [...KEY_AGREEMENT, 'ES256'],
    'P-384': [...KEY_AGREEMENT],
    'P-521': [...KEY_AGREEMENT],
    Ed25519: ['EdDSA'],
    secp256k1: ['ES256K'],
  },
  didMethods: ['example', 'key', 'peer:0', 'peer:2', 'peer:4', 'web'],
  protocols: [],
  transports: [],
  roles: ['sender', 'receiver'],
};

interface State {
  resolver: DidcommDidResolver;
  secrets: SecretStore;
}

function freshState(): State {
  // did:web documents are fetched from loopback only, over HTTP (the harness serves them; no other network).
  return { resolver: createDidResolver({ examples: false, web: { allowLoopbackHttp: true } }), secrets: new SecretStore() };
}

function rejection(error: unknown): { status: 'rejected'; error: Rejection } | undefined {
  if (!isDidcommError(error)) return undefined;
  const { code, requirement, message: full } = error.toJSON();
  // The protocol caps a rejection message at 10,000 characters; a message quoting a huge input value is cut.
  const message = full.slice(0, 10_000);
  return { status: 'rejected', error: requirement === undefined ? { code, message } : { code, requirement, message } };
}

/** The reference adapter's handlers; each call of this function is a fresh agent (`agentOptions`: adapters/faux only). */
export function referenceHandlers(version: string, agentOptions: Pick<AgentOptions, 'rewriteOutgoing' | 'packOutgoing' | 'makeMediator' | 'makeRotation'> = {}): AdapterHandlers {
  let state = freshState();
  const ctx = () => ({ resolver: state.resolver, secrets: state.secrets });
  const handlers = withLiveHandlers({
    describe: () => ({
      protocolVersion: 1,
      implementation: {
        name: 'didcomm-conformance reference',
        version,
        language: 'TypeScript',
        homepage: 'https://github.com/didcomm-conformance/didcomm-conformance',
      },
      capabilities: REFERENCE_CAPABILITIES,
    }),
    reset: () => {
      state = freshState();
      return {};
    },
    importIdentity: ({ didDocument, secrets }) => {
      state.resolver.addDocument(didDocument as never);
      for (const secret of secrets) state.secrets.add(secret.kid, secret as never);
      return { did: didDocument.id };
    },
    registerDidDocument: ({ didDocument }) => {
      state.resolver.addDocument(didDocument as never);
      return {};
    },
    createIdentity: async ({ didMethod, keyAgreement, authentication, endpoint, routingKeys }) => {
      if (!(IDENTITY_METHODS as readonly string[]).includes(didMethod)) throw new Error(`cannot create did:${didMethod} identities`);
      const identity = await createIdentity({
        method: didMethod as IdentityMethod,
        ...(keyAgreement ? { keyAgreement: keyAgreement.filter((c): c is KeyAgreementKeyType => (KEY_AGREEMENT_KEY_TYPES as readonly string[]).includes(c)) } : {}),
        ...(authentication ? { authentication: authentication.filter((c): c is AuthenticationKeyType => (AUTHENTICATION_KEY_TYPES as readonly string[]).includes(c)) } : {}),
        ...(endpoint ? { endpoint } : {}),
        ...(routingKeys ? { routingKeys } : {}),
      });
      state.resolver.addDocument(identity.didDocument);
      for (const secret of identity.secrets) state.secrets.add(secret.kid, secret.privateJwk);
      return { did: identity.did, didDocument: identity.didDocument };
    },
    pack: async ({ message, envelope, to, from, signBy, enc, curve, protectSender, forward }) => {
      const options: PackOptions = {
        mode: envelope,
        ...(to ? { to } : {}),
        ...(from ? { from } : {}),
        ...(signBy ? { signBy } : {}),
        ...(enc && CONTENT_ENCRYPTION.includes(enc) ? { enc: enc as ContentEncryption } : {}),
        ...(curve && KEY_AGREEMENT_CURVES.includes(curve) ? { curve: curve as KeyAgreementCurve } : {}),
        ...(protectSender === undefined ? {} : { protectSender }),
      };
      if (forward) {
        // Issue 5 wires routing (resolving the recipient's service routing keys); until then say so plainly.
        return { status: 'rejected', error: { code: 'ERR_PACK_ARGUMENT', message: 'the reference adapter does not wrap forwards yet' } };
      }
      try {
        // adapters/faux only: a packer with a deliberate envelope bug.
        const packed = await (agentOptions.packOutgoing ?? packMessage)(message as never, options, ctx());
        return { status: 'packed', packed: packed.packed, mediaType: packed.mediaType };
      } catch (error) {
        const rejected = rejection(error);
        if (rejected) return rejected;
        throw error;
      }
    },
    unpack: async ({ packed }) => {
      try {
        const { message, metadata } = await unpackMessage(packed, ctx());
        return { status: 'accepted', message, metadata: metadata as never };
      } catch (error) {
        const rejected = rejection(error);
        if (rejected) return rejected;
        throw error;
      }
    },
  }, ctx, agentOptions);
  // Issue 17: pack then unpack N messages in this process, for the cross-language throughput table.
  return { ...handlers, benchmark: benchmarkThrough(handlers) };
}
