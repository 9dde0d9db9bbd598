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

/** The verdict for a cell of `status` between `sender` and `receiver`, from its two legs through the reference. */
export function triangulate(sender: string, receiver: string, status: CellStatus, senderToReference: CellStatus | undefined, referenceToReceiver: CellStatus | undefined): Triangulation {
  const verdict = senderToReference === 'pass' && referenceToReceiver !== undefined && referenceToReceiver !== 'pass' ? `the receiver (${receiver}) is the odd one out`
    : senderToReference !== undefined && senderToReference !== 'pass' && referenceToReceiver === 'pass' ? `the sender (${sender}) is the odd one out`
    : status === 'pack-rejected' ? `the sender (${sender}) cannot pack it${referenceToReceiver === 'pass' ? '; the receiver accepts the reference\'s' : ''}`
    : senderToReference === 'pass' && referenceToReceiver === 'pass' ? 'both legs through the reference pass: the two fail only with each other'
    : 'both legs through the reference disagree too: see the evidence';
  return { ...(senderToReference ? { senderToReference } : {}), ...(referenceToReceiver ? { referenceToReceiver } : {}), verdict };
}
