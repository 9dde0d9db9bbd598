/**
 * did:example fixtures: the DID documents of the published test vectors (VEC-001, VEC-010), so the
 * reference implementation resolves Alice, Bob, Charlie and the mediators without a file argument.
 *
 * `fixtures/spec-did-docs.json` is DIDComm Messaging Appendix B (decentralized-identity/didcomm-messaging
 * `docs/spec-files/appendix.md`, commit c78bcc425f9546200e77151d2752b8317d3eae00);
 * `fixtures/sicpa-did-docs.json` is sicpa-dlab/didcomm-rust `src/test_vectors/` (commit
 * 4388350def84b6d7f6b65cf4a451607200035d8d) transcribed to JSON. Both are byte-for-byte copies of
 * `shared/didcomm-spec/vectors/{,sicpa-didcomm-rust/}did-docs.json`.
 * @module
 */
import type { DidDocument } from './document.js';
import specDocs from './fixtures/spec-did-docs.json' with { type: 'json' };
import sicpaDocs from './fixtures/sicpa-did-docs.json' with { type: 'json' };

/** Which published set of did:example documents to use. */
export type ExampleDidSet = 'spec' | 'sicpa';

/**
 * The did:example documents of one vector set, fresh copies each call.
 * - `spec`: Alice and Bob of the spec's Appendix B (no services).
 * - `sicpa`: Alice, Bob (with a service routed through Mediator1), Charlie (DID-as-endpoint via
 *   Mediator3, ROUTE-011) and Mediator1-3. The `_WITH_NO_SECRETS` / `_NO_SECRETS` variants of Alice and
 *   Bob, which reuse the same DIDs, are left out.
 */
export function exampleDidDocuments(set: ExampleDidSet): DidDocument[] {
  if (set === 'spec') return Object.values(structuredClone(specDocs)) as DidDocument[];
  const docs = structuredClone(sicpaDocs) as Record<string, DidDocument>;
  return ['ALICE_DID_DOC', 'BOB_DID_DOC', 'CHARLIE_DID_DOC', 'MEDIATOR1_DID_DOC', 'MEDIATOR2_DID_DOC', 'MEDIATOR3_DID_DOC'].map((name) => docs[name]!);
}

/** The SICPA documents by their constant name, including the no-secrets variants. */
export function sicpaDidDocumentsByName(): Record<string, DidDocument> {
  return structuredClone(sicpaDocs) as Record<string, DidDocument>;
}
