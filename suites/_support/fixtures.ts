/**
 * Fixtures shared by suites: the spec's vector identities (DID documents and private keys) and messages,
 * read from vectors/upstream (verbatim copies), and the setup calls that hand them to an adapter.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CaseContext } from '../../src/runner/case.js';
import type { DidDocument, PlaintextMessage, PrivateJwk } from '../../src/adapter/protocol/v1/types.generated.js';

const SPEC_VECTORS = new URL('../../vectors/upstream/didcomm-spec/', import.meta.url);

function readVector<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, SPEC_VECTORS)), 'utf8')) as T;
}

/** A vector party: its DID document and its private keys. */
export interface VectorIdentity {
  did: string;
  didDocument: DidDocument;
  secrets: PrivateJwk[];
}

const documents = readVector<Record<string, DidDocument>>('did-docs.json');
const rawSecrets = readVector<{ sender: Array<Record<string, unknown>>; recipient: Array<Record<string, unknown>> }>('secrets.json');

/** The spec's Appendix A.2 spells one member "kid " (trailing space, VEC-002); hand adapters the intended "kid". */
function normalised(jwks: Array<Record<string, unknown>>): PrivateJwk[] {
  return jwks.map(({ ['kid ']: typo, ...jwk }) => ({ ...jwk, kid: (jwk['kid'] ?? typo) as string }) as PrivateJwk);
}

const secrets = { sender: normalised(rawSecrets.sender), recipient: normalised(rawSecrets.recipient) };

/** Alice, the spec's sender (did:example:alice). */
export const ALICE: VectorIdentity = { did: 'did:example:alice', didDocument: documents['did:example:alice']!, secrets: secrets.sender };
/** Bob, the spec's recipient (did:example:bob). */
export const BOB: VectorIdentity = { did: 'did:example:bob', didDocument: documents['did:example:bob']!, secrets: secrets.recipient };

/** The spec's plaintext example (Appendix C.1), a fresh copy each call. */
export function specPlaintext(): PlaintextMessage & { id: string; type: string } {
  return readVector('plaintext.json');
}

/** Every vector DID document, for the reference implementation's resolver. */
export function vectorDidDocuments(): DidDocument[] {
  return Object.values(documents);
}

/** Makes the adapter the holder of `self` and teaches it the documents of `peers` (replayed after a restart). */
export async function becomeParty(ctx: CaseContext, self: VectorIdentity, peers: VectorIdentity[]): Promise<void> {
  await ctx.call('importIdentity', { didDocument: self.didDocument, secrets: self.secrets });
  for (const peer of peers) await ctx.call('registerDidDocument', { didDocument: peer.didDocument });
}
