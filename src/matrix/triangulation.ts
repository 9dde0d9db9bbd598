/**
 * Who is at fault in a failing cell: the same exchange is retried through the reference implementation as
 * a third party, sender -> reference and reference -> receiver. The leg that fails names the odd one out.
 * @module
 */
import type { CellStatus } from './run.js';

/** Both legs through the reference and what they say. */
export interface Triangulation {
  senderToReference?: CellStatus;
  referenceToReceiver?: CellStatus;
  verdict: string;
}

/** The side the two legs single out: the one whose leg through the reference fails while the other's passes. */
export function oddOneOut(legs: Pick<Triangulation, 'senderToReference' | 'referenceToReceiver'>): 'sender' | 'receiver' | undefined {
  const { senderToReference, referenceToReceiver } = legs;
  if (senderToReference === 'pass' && referenceToReceiver !== undefined && referenceToReceiver !== 'pass') return 'receiver';
  if (senderToReference !== undefined && senderToReference !== 'pass' && referenceToReceiver === 'pass') return 'sender';
  return undefined;
}

/** The verdict for a cell of `status` between `sender` and `receiver`, from its two legs through the reference. */
export function triangulate(sender: string, receiver: string, status: CellStatus, senderToReference: CellStatus | undefined, referenceToReceiver: CellStatus | undefined): Triangulation {
  const odd = oddOneOut({ ...(senderToReference ? { senderToReference } : {}), ...(referenceToReceiver ? { referenceToReceiver } : {}) });
  const verdict = odd === 'receiver' ? `the receiver (${receiver}) is the odd one out`
    : odd === 'sender' ? `the sender (${sender}) is the odd one out`
    : status === 'pack-rejected' ? `the sender (${sender}) cannot pack it${referenceToReceiver === 'pass' ? '; the receiver accepts the reference\'s' : ''}`
    : senderToReference === 'pass' && referenceToReceiver === 'pass' ? 'both legs through the reference pass: the two fail only with each other'
    : 'both legs through the reference disagree too: see the evidence';
  return { ...(senderToReference ? { senderToReference } : {}), ...(referenceToReceiver ? { referenceToReceiver } : {}), verdict };
}
