/**
 * One envelope cell's exchange: the sender produces the envelope (its `pack`, or for a sender with a
 * transport but no `pack` its `send`, captured: created-identities.ts), the receiver unpacks it, and the
 * harness checks the message and the metadata the receiver reports against what the feature promises.
 * The same judging serves the spec's vector parties and identities the adapters create.
 * @module
 */
import { createHash } from 'node:crypto';
import type { AdapterSession } from '../adapter/session.js';
import type { PackParams, PlaintextMessage } from '../adapter/protocol/v1/types.generated.js';
import { isAdapterError } from '../errors/adapter-error.js';
import type { Feature } from './features.js';
import { featureMismatch } from './feature-on-wire.js';
import type { CellStatus } from './run.js';

/** Who sends to whom in a cell: the DIDs, and the key the sender signs with (signed only). */
export interface Addressing {
  from: string;
  to: string;
  signBy?: string;
}

/** The spec's vector parties as the features name them (features.ts). */
export const VECTOR_ADDRESSING: Addressing = { from: 'did:example:alice', to: 'did:example:bob' };

const EPOCH = 1_700_000_000;

/** The message of one cell: id and time fixed by the seed, `from` only where the envelope names a sender. */
export function messageFor(feature: Feature, pair: string, seed: number, addressing: Addressing): PlaintextMessage {
  const id = createHash('sha256').update(`${seed}/${pair}/${feature.id}`).digest('hex').slice(0, 32);
  return {
    id,
    type: 'https://didcomm.org/basicmessage/2.0/message',
    ...(feature.envelope === 'authcrypt' || feature.envelope === 'signed' ? { from: addressing.from } : {}),
    to: [addressing.to],
    created_time: EPOCH + seed,
    body: { content: `interop ${feature.id}` },
  };
}

/** The `pack` params of `feature` between the parties of `addressing`. */
export function packParams(feature: Feature, addressing: Addressing, message: PlaintextMessage): PackParams {
  return {
    ...feature.pack, message, to: [addressing.to],
    ...(feature.pack.from !== undefined ? { from: addressing.from } : {}),
    ...(feature.pack.signBy !== undefined && addressing.signBy !== undefined ? { signBy: addressing.signBy } : {}),
  };
}

/** What the sender made of the cell: the envelope's exact text, or the cell's outcome when there is none. */
export type Produced = { packed: string; contentType?: string } | { status: CellStatus; detail: string };

/** The sender's `pack`. An adapter whose library cannot express the combination offers no cell (n/a). */
export async function packOn(sender: AdapterSession, params: PackParams): Promise<Produced> {
  const packed = await sender.call('pack', params);
  // Claims are per algorithm, not per combination (one content encryption per envelope kind, say).
  if (packed.status === 'rejected' && packed.error.code === 'ADAPTER_CANNOT_EXPRESS') return { status: 'n/a', detail: `the sender's adapter cannot express it: ${packed.error.message}` };
  if (packed.status === 'rejected') return { status: 'pack-rejected', detail: `sender refused to pack: ${packed.error.code}: ${packed.error.message}` };
  return { packed: packed.packed };
}

/** What the receiver's `unpack` says against what was sent: `pass`, or `fail` with every difference. */
export async function unpackAndJudge(receiver: AdapterSession, packed: string, feature: Feature, message: PlaintextMessage): Promise<{ status: CellStatus; detail?: string }> {
  const unpacked = await receiver.call('unpack', { packed });
  if (unpacked.status === 'rejected') return { status: 'fail', detail: `receiver rejected: ${unpacked.error.code}: ${unpacked.error.message}` };
  const problems: string[] = [];
  if (unpacked.message['id'] !== message['id']) problems.push('message id differs');
  if (JSON.stringify(unpacked.message['body']) !== JSON.stringify(message['body'])) problems.push('body differs');
  for (const key of ['encrypted', 'authenticated', 'nonRepudiation'] as const) {
    if (unpacked.metadata[key] !== feature.expect[key]) problems.push(`metadata.${key} is ${String(unpacked.metadata[key])}, expected ${String(feature.expect[key])}`);
  }
  return problems.length > 0 ? { status: 'fail', detail: problems.join('; ') } : { status: 'pass' };
}

/** The outcome of one exchange, with the envelope's text when there was one (for the evidence). */
export interface ExchangeOutcome {
  status: CellStatus;
  detail?: string;
  packed?: string;
  contentType?: string;
}

/** `produce` on the sender, unpack on `receiver`; adapter trouble is `error`, never `fail`. */
export async function exchange(produce: () => Promise<Produced>, receiver: AdapterSession, feature: Feature, message: PlaintextMessage): Promise<ExchangeOutcome> {
  try {
    const produced = await produce();
    if ('status' in produced) return produced;
    // A pass stands for the feature it names: an envelope of another curve, algorithm or content encryption
    // did not exercise it. The adapter broke its contract (`pack` honours what it is asked, or answers
    // ADAPTER_CANNOT_EXPRESS), not the spec: error, never pass and never fail.
    const mismatch = featureMismatch(feature, produced.packed);
    if (mismatch !== undefined) return { status: 'error', detail: `the sender's envelope is not ${feature.id}: ${mismatch}, so the cell's feature was not exercised (an adapter whose library cannot choose it answers ADAPTER_CANNOT_EXPRESS)`, packed: produced.packed };
    const judged = await unpackAndJudge(receiver, produced.packed, feature, message);
    return { ...judged, packed: produced.packed, ...(produced.contentType ? { contentType: produced.contentType } : {}) };
  } catch (error) {
    // A method the cell needs and the adapter does not implement (-32601): the harness cannot drive it, n/a.
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') return { status: 'n/a', detail: `an adapter does not implement a method the cell needs: ${error.message}` };
    return { status: 'error', detail: isAdapterError(error) ? `${error.code}: ${error.message}` : (error as Error).message };
  }
}
