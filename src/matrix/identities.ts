/**
 * The spec's vector parties for the matrix: DID documents and private keys from vectors/upstream (the
 * verbatim copy of Appendix A), with the "kid " typo of the spec's secrets normalised (VEC-002).
 * Private keys are only handed to adapters; transcripts redact them.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DidDocument, PrivateJwk } from '../adapter/protocol/v1/types.generated.js';

export interface Party {
  did: string;
  didDocument: DidDocument;
  secrets: PrivateJwk[];
}

/** Alice (sender) and Bob (receiver) from `root`/vectors/upstream/didcomm-spec. */
export function vectorParties(root: string): { alice: Party; bob: Party } {
  const dir = join(root, 'vectors', 'upstream', 'didcomm-spec');
  const documents = JSON.parse(readFileSync(join(dir, 'did-docs.json'), 'utf8')) as Record<string, DidDocument>;
  const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<'sender' | 'recipient', Array<Record<string, unknown>>>;
  const normalised = (jwks: Array<Record<string, unknown>>): PrivateJwk[] =>
    jwks.map(({ ['kid ']: typo, ...jwk }) => ({ ...jwk, kid: (jwk['kid'] ?? typo) as string }) as PrivateJwk);
  return {
    alice: { did: 'did:example:alice', didDocument: documents['did:example:alice']!, secrets: normalised(secrets.sender) },
    bob: { did: 'did:example:bob', didDocument: documents['did:example:bob']!, secrets: normalised(secrets.recipient) },
  };
}
