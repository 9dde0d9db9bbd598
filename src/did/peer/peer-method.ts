/**
 * The did:peer method for the numalgos DIDComm v2 agents use: 0 (≡ did:key), 2 and 4 (PEER-001..004).
 * One instance remembers every did:peer:4 long form it resolved, so the short form resolves afterwards.
 * @module
 */
import { DidcommError } from '../../errors/didcomm-error.js';
import type { DidDocument } from '../document.js';
import { keyOnlyDidDocument, type DidKeyOptions } from '../key.js';
import { resolvePeerDid2 } from './numalgo-2.js';
import {
  contextualizePeerDid4, decodePeerDid4, isShortFormPeerDid4, shortFormOfPeerDid4, type PeerDid4InputDocument,
} from './numalgo-4.js';

/** Resolves did:peer numalgo 0, 2 and 4 (long form, and short form once its long form was seen). */
export class PeerDidMethod {
  readonly #options: DidKeyOptions;
  /** short form -> long form and its decoded input document, for every long form seen (PEER-004). */
  readonly #longForms = new Map<string, { longForm: string; input: PeerDid4InputDocument }>();

  constructor(options: DidKeyOptions = {}) {
    this.#options = options;
  }

  /** Resolves `did`; throws `ERR_DID_NOT_RESOLVED` with the PEER requirement that failed. */
  resolve(did: string): DidDocument {
    const numalgo = /^did:peer:(\d)/.exec(did)?.[1];
    switch (numalgo) {
      case '0': {
        // PEER-001: numalgo 0 is did:key with another prefix.
        const match = /^did:peer:0(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(did);
        if (!match) throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} is not a did:peer:0 (did:peer:0z<multicodec key>)`, { requirement: 'PEER-001' });
        return keyOnlyDidDocument(did, match[1]!, 'PEER-001', this.#options);
      }
      case '2':
        return resolvePeerDid2(did);
      case '4':
        return this.#resolveNumalgo4(did);
      default:
        throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did}: only did:peer numalgo 0, 2 and 4 are supported`, { requirement: 'PEER-001' });
    }
  }

  /** Records a long-form did:peer:4 (after checking its hash) so that its short form resolves. */
  remember(longForm: string): void {
    const input = decodePeerDid4(longForm);
    this.#longForms.set(shortFormOfPeerDid4(longForm)!, { longForm, input });
  }

  /** The long form seen for a did:peer:4 short form, if any. */
  longFormOf(shortForm: string): string | undefined {
    return this.#longForms.get(shortForm)?.longForm;
  }

  #resolveNumalgo4(did: string): DidDocument {
    if (isShortFormPeerDid4(did)) {
      const seen = this.#longForms.get(did);
      if (!seen) {
        throw new DidcommError('ERR_DID_NOT_RESOLVED', `${did} is a did:peer:4 short form whose long form was never seen; it cannot be resolved`, {
          requirement: 'PEER-004',
        });
      }
      return contextualizePeerDid4(seen.input, did, seen.longForm);
    }
    const input = decodePeerDid4(did);
    const shortForm = shortFormOfPeerDid4(did)!;
    this.#longForms.set(shortForm, { longForm: did, input });
    return contextualizePeerDid4(input, did, shortForm);
  }
}
