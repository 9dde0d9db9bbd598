/**
 * The live cells of one ordered pair (A sends, B receives), run once per pair on the pair's own adapter
 * processes after the envelope cells. A cell is `n/a` when a side does not claim the feature's transport
 * or protocol (naming which), `error` on adapter trouble, and a failing cell is retried through the
 * reference (A -> reference, reference -> B) to say who is at fault. Evidence: both transcripts.
 * @module
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedAdapter } from '../adapter/manifest.js';
import { AdapterSession } from '../adapter/session.js';
import type { Capabilities } from '../adapter/protocol/v1/types.generated.js';
import { LIVE_FEATURES, missingLiveClaims, type LiveFeature } from './live-features.js';
import { runLiveExchange, type LiveExchangeOptions } from './live-exchange.js';
import { LiveParty } from './live-party.js';
import type { MatrixCell } from './run.js';
import { triangulate } from './triangulation.js';

/**
 * The wire deadline of one live exchange, ms. A loopback round trip takes well under a second (the first
 * of a process, still warming up, up to ~0.9 s under a loaded matrix); only a failing cell waits it out.
 */
export const LIVE_DEADLINE_MS = 2500;

/** One side of the pair as the envelope cells left it. */
export interface LiveSide {
  name: string;
  capabilities?: Capabilities;
  session?: AdapterSession;
  error?: string;
}

export interface LivePairOptions {
  /** Evidence folder of the pair, relative to `out`. */
  evidenceDir: string;
  out: string;
  pairName: string;
  seed: number;
  deadlineMs: number;
  /** The reference, to triangulate failing cells; absent when not installed. */
  reference?: ResolvedAdapter;
}

/** Which side lacks which claim of `feature`, as an n/a reason; undefined when both claim it. */
function unclaimed(sender: LiveSide, receiver: LiveSide, feature: LiveFeature): string | undefined {
  const lacking = ([[sender, 'sender'], [receiver, 'receiver']] as const).flatMap(([side, role]) => {
    const missing = missingLiveClaims(side.capabilities!, feature, role);
    return missing.length > 0 ? [`${side.name} claims no ${missing.join(' and no ')}`] : [];
  });
  // A self-pair lacks the same claims on both sides: say it once.
  return lacking.length > 0 ? [...new Set(lacking)].join('; ') : undefined;
}

/** The reference as the third party of triangulation, opened on first need. */
class ReferenceParty {
  #party: Promise<LiveParty | undefined> | undefined;
  constructor(private readonly reference: ResolvedAdapter) {}
  get(): Promise<LiveParty | undefined> {
    return (this.#party ??= AdapterSession.open(this.reference.target, this.reference.limits)
      .then((session) => new LiveParty(`${this.reference.name} (third party)`, session), () => undefined));
  }
  async close(): Promise<void> {
    await (await this.#party)?.session.close();
  }
}

/** Runs every live feature for the pair `sender` -> `receiver`; writes one evidence file per tried cell. */
export async function runLivePair(sender: LiveSide, receiver: LiveSide, options: LivePairOptions): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  const a = sender.session ? new LiveParty(sender.name, sender.session) : undefined;
  const b = receiver.session ? new LiveParty(receiver.name, receiver.session) : undefined;
  const third = options.reference ? new ReferenceParty(options.reference) : undefined;
  try {
    for (const feature of LIVE_FEATURES) {
      const base = { feature: feature.id, group: 'live' as const };
      if (!sender.capabilities || !receiver.capabilities) {
        cells.push({ ...base, status: 'error', detail: 'an adapter did not describe itself' });
        continue;
      }
      const reason = unclaimed(sender, receiver, feature);
      if (reason) {
        cells.push({ ...base, status: 'n/a', detail: reason });
        continue;
      }
      if (!a || !b) {
        cells.push({ ...base, status: 'error', detail: `setup failed: ${sender.error ?? receiver.error}` });
        continue;
      }
      const exchange: LiveExchangeOptions = {
        deadlineMs: options.deadlineMs,
        content: `live interop ${createHash('sha256').update(`${options.seed}/${options.pairName}/${feature.id}`).digest('hex').slice(0, 16)}`,
      };
      const outcome = await runLiveExchange(a, b, feature, exchange);
      const cell: MatrixCell = { ...base, status: outcome.status, ...(outcome.detail ? { detail: outcome.detail } : {}) };
      const evidence: Record<string, unknown> = {
        sender: sender.name, receiver: receiver.name, feature, status: outcome.status, detail: outcome.detail, ...outcome.observed,
        senderTranscript: a.session.takeTranscript(), receiverTranscript: b.session.takeTranscript(),
      };
      const reference = outcome.status === 'fail' ? await third?.get() : undefined;
      if (reference) {
        // The same feature, same transport, with the reference in one role each time.
        const senderLeg = await runLiveExchange(a, reference, feature, exchange);
        const senderLegTranscripts = { senderTranscript: a.session.takeTranscript(), referenceTranscript: reference.session.takeTranscript() };
        const receiverLeg = await runLiveExchange(reference, b, feature, exchange);
        const receiverLegTranscripts = { referenceTranscript: reference.session.takeTranscript(), receiverTranscript: b.session.takeTranscript() };
        cell.via = triangulate(sender.name, receiver.name, outcome.status, senderLeg.status, receiverLeg.status);
        evidence['via'] = {
          ...cell.via,
          legs: { senderToReference: { ...senderLeg, ...senderLegTranscripts }, referenceToReceiver: { ...receiverLeg, ...receiverLegTranscripts } },
        };
      }
      const file = join(options.evidenceDir, `${feature.id}.json`);
      writeFileSync(join(options.out, file), `${JSON.stringify(evidence, null, 2)}\n`);
      cell.evidence = file;
      cells.push(cell);
    }
  } finally {
    await third?.close();
  }
  return cells;
}
