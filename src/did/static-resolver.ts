/**
 * A resolver over a fixed set of DID documents, as the vector files give them (`did:example`).
 * @module
 */
import { DidcommError } from '../errors/didcomm-error.js';
import type { DidDocument, DidDocumentResolver } from './document.js';

/** Resolves only the documents it was given; anything else is `ERR_DID_NOT_RESOLVED`. */
export class StaticDidResolver implements DidDocumentResolver {
  readonly #documents = new Map<string, DidDocument>();

  constructor(documents: Iterable<DidDocument> = []) {
    for (const doc of documents) this.add(doc);
  }

  add(doc: DidDocument): this {
    this.#documents.set(doc.id, doc);
    return this;
  }

  has(did: string): boolean {
    return this.#documents.has(did);
  }

  async resolve(did: string): Promise<DidDocument> {
    const doc = this.#documents.get(did);
    if (!doc) throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} cannot be resolved`, { requirement: 'KEYS-001' });
    return doc;
  }
}
