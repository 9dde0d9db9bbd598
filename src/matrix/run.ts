/**
 * `matrix --adapters a,b,c`: every ordered pair (sender, receiver) over every feature both claim. Envelope
 * cells (envelope-cells.ts): the sender packs, the receiver unpacks, and the harness checks the message and
 * metadata it reports, between the spec's vector parties or identities the adapters create. Live cells (live-pair.ts): the two adapter processes exchange messages agent to agent over
 * loopback HTTP/WebSocket. A cell that fails is triangulated through the reference implementation as a
 * third party (triangulation.ts): does the reference accept what the sender sent, and does the receiver
 * accept what the reference sends? That says which side is at fault. Pairs run in parallel (one process
 * per side), up to the machine's cores.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isAdapterError } from '../errors/adapter-error.js';
import { packageRoot, resolveAdapter, type ResolvedAdapter } from '../adapter/manifest.js';
import type { AdapterSession } from '../adapter/session.js';
import { SessionPool } from '../adapter/session-pool.js';
import { OneAgentAtATime } from './one-agent-at-a-time.js';
import type { DescribeResult } from '../adapter/protocol/v1/types.generated.js';
import { CaptureEndpoint } from './capture-endpoint.js';
import { runEnvelopeCells } from './envelope-cells.js';
import { FEATURES } from './features.js';
import { vectorParties, type Party } from './identities.js';
import { LIVE_FEATURES } from './live-features.js';
import { LIVE_DEADLINE_MS, runLivePair } from './live-pair.js';
import type { Triangulation } from './triangulation.js';

export type CellStatus = 'pass' | 'fail' | 'pack-rejected' | 'error' | 'n/a';

/** `envelope`: pack on one side, unpack on the other; `live`: agent to agent over a real transport. */
export type FeatureGroup = 'envelope' | 'live';

export interface MatrixCell {
  feature: string;
  /** Absent in matrix.json files written before live cells: `envelope`. */
  group?: FeatureGroup;
  status: CellStatus;
  detail?: string;
  /** Relative path of the evidence file (transcripts, exact bytes). */
  evidence?: string;
  /** The triangulation through the reference, for a failing cell. */
  via?: Triangulation;
  /** `created`: an envelope cell between identities the adapters created (absent: the spec's vector parties). */
  identities?: 'created';
}

export interface MatrixPair {
  sender: string;
  receiver: string;
  cells: MatrixCell[];
}

export interface MatrixResult {
  format: 1;
  generatedAt: string;
  seed: number;
  adapters: Array<{ name: string; implementation: DescribeResult['implementation']; capabilities: DescribeResult['capabilities'] } | { name: string; error: string }>;
  /** The envelope features (columns of the envelope group). */
  features: string[];
  /** The live features (columns of the live group); absent in matrix.json files written before them. */
  liveFeatures?: string[];
  pairs: MatrixPair[];
  /** Adapters asked for but left out, with the reason (the toolchain their build needs is missing, their build failed). */
  leftOut?: Array<{ adapter: string; reason: string }>;
}

export interface MatrixOptions {
  adapters: string[];
  out: string;
  /** Default: the machine's cores. */
  concurrency?: number;
  /** Fixes message ids and times (default 0). */
  seed?: number;
  /** Run the live cells (default true). */
  live?: boolean;
  /** Wire deadline of one live exchange, ms (default LIVE_DEADLINE_MS). */
  liveDeadlineMs?: number;
  onPair?: (pair: MatrixPair) => void;
  /** Once aborted, no further pair starts (those under way end); the result then lacks the pairs not run. */
  signal?: AbortSignal;
}

const REFERENCE = 'reference';
interface Side {
  adapter: ResolvedAdapter;
  session?: AdapterSession;
  error?: string;
  /** Why the side cannot take envelope cells though its session is up (a method it does not implement). */
  unsupported?: string;
}

async function openSide(pool: SessionPool, adapter: ResolvedAdapter, self: Party, peers: Party[]): Promise<Side> {
  let session: AdapterSession | undefined;
  let method = 'importIdentity';
  try {
    session = await pool.take(adapter);
    await session.call('importIdentity', { didDocument: self.didDocument, secrets: self.secrets });
    method = 'registerDidDocument';
    for (const peer of peers) await session.call('registerDidDocument', { didDocument: peer.didDocument });
    session.takeTranscript();
    return { adapter, session };
  } catch (error) {
    // An adapter that cannot hold the vector parties has no envelope cells, yet its live cells use its own DIDs.
    if (session && isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') {
      session.takeTranscript();
      return { adapter, session, unsupported: `${adapter.name} does not implement ${method}, so it cannot hold the spec's vector parties` };
    }
    if (session) await pool.give(adapter, session);
    return { adapter, error: (error as Error).message };
  }
}

/** A side's session, or why it has none. */
function sideState(side: Side): { session?: AdapterSession; error?: string } {
  return { ...(side.session ? { session: side.session } : {}), ...(side.error !== undefined ? { error: side.error } : {}) };
}

/** Runs one ordered pair. */
async function runPair(pool: SessionPool, senderAdapter: ResolvedAdapter, receiverAdapter: ResolvedAdapter, descriptions: Map<string, DescribeResult>, parties: { alice: Party; bob: Party }, reference: ResolvedAdapter | undefined, options: Required<Pick<MatrixOptions, 'out' | 'seed' | 'live' | 'liveDeadlineMs'>> & { capture: CaptureEndpoint }): Promise<MatrixPair> {
  const pairName = `${senderAdapter.name}__${receiverAdapter.name}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const evidenceDir = join(options.out, 'evidence', pairName);
  mkdirSync(evidenceDir, { recursive: true });
  // Side by side: a side that needs a new process (a self-pair's second one) takes seconds to start for some agents.
  const [sender, receiver] = await Promise.all([
    openSide(pool, senderAdapter, parties.alice, [parties.bob]),
    openSide(pool, receiverAdapter, parties.bob, [parties.alice]),
  ]);
  let referenceSide: Side | undefined;
  const senderCaps = descriptions.get(senderAdapter.name)?.capabilities;
  const receiverCaps = descriptions.get(receiverAdapter.name)?.capabilities;
  const envelopeSide = (side: Side, capabilities: DescribeResult['capabilities'] | undefined) => ({
    name: side.adapter.name, ...(capabilities ? { capabilities } : {}), ...sideState(side), ...(side.unsupported ? { unsupported: side.unsupported } : {}),
  });
  const cells: MatrixCell[] = await runEnvelopeCells(envelopeSide(sender, senderCaps), envelopeSide(receiver, receiverCaps), {
    out: options.out, evidenceDir: join('evidence', pairName), pairName, seed: options.seed, capture: options.capture,
    ...(reference ? {
      reference: async () => {
        if (!referenceSide) {
          // The third party holds both vector parties: it unpacks what the sender packed for Bob, and packs as Alice.
          referenceSide = await openSide(pool, reference, parties.alice, [parties.bob]);
          await referenceSide.session?.call('importIdentity', { didDocument: parties.bob.didDocument, secrets: parties.bob.secrets }).catch(() => undefined);
        }
        return referenceSide.session;
      },
    } : {}),
  });
  if (options.live) {
    cells.push(...await runLivePair(
      { name: senderAdapter.name, ...(senderCaps ? { capabilities: senderCaps } : {}), ...sideState(sender) },
      { name: receiverAdapter.name, ...(receiverCaps ? { capabilities: receiverCaps } : {}), ...sideState(receiver) },
      { evidenceDir: join('evidence', pairName), out: options.out, pairName, seed: options.seed, deadlineMs: options.liveDeadlineMs, ...(reference ? { reference } : {}) },
    ));
  }
  // Back to the pool: the next pair gets them reset, not a new process each.
  await Promise.all([[senderAdapter, sender], [receiverAdapter, receiver], [reference, referenceSide]].map(async ([adapter, side]) => {
    const held = side as Side | undefined;
    if (held?.session) await pool.give(adapter as ResolvedAdapter, held.session);
  }));
  return { sender: senderAdapter.name, receiver: receiverAdapter.name, cells };
}

/** Runs the matrix and writes evidence under `out/evidence/`; the caller renders it. */
export async function runMatrix(options: MatrixOptions): Promise<MatrixResult> {
  const root = packageRoot();
  const seed = options.seed ?? 0;
  const live = options.live ?? true;
  const adapters = options.adapters.map((name) => resolveAdapter(name, root));
  const parties = vectorParties(root);
  const descriptions = new Map<string, DescribeResult>();
  const listed: MatrixResult['adapters'] = [];
  // One adapter process per adapter for the whole matrix where it can reset: the describe's session is the
  // first each pair takes, and every pair hands its sessions back for the next.
  const pool = new SessionPool();
  const capture = await CaptureEndpoint.start();
  const described = await Promise.all(adapters.map(async (adapter) => {
    try {
      const session = await pool.take(adapter);
      const { description } = session;
      await pool.give(adapter, session);
      return { adapter, description };
    } catch (error) {
      return { adapter, error: (error as Error).message };
    }
  }));
  for (const entry of described) {
    if (entry.description) {
      descriptions.set(entry.adapter.name, entry.description);
      listed.push({ name: entry.adapter.name, implementation: entry.description.implementation, capabilities: entry.description.capabilities });
    } else listed.push({ name: entry.adapter.name, error: entry.error! });
  }
  let reference: ResolvedAdapter | undefined;
  try {
    reference = resolveAdapter(REFERENCE, root);
  } catch {
    reference = undefined;
  }
  const jobs = adapters.flatMap((sender) => adapters.map((receiver) => [sender, receiver] as const));
  const pairs: MatrixPair[] = new Array(jobs.length);
  const agents = new OneAgentAtATime();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length && !options.signal?.aborted) {
      const index = next++;
      const [sender, receiver] = jobs[index]!;
      pairs[index] = await agents.with([sender, receiver], () => runPair(pool, sender, receiver, descriptions, parties, reference, { out: options.out, seed, live, liveDeadlineMs: options.liveDeadlineMs ?? LIVE_DEADLINE_MS, capture }));
      options.onPair?.(pairs[index]!);
    }
  };
  mkdirSync(options.out, { recursive: true });
  const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), jobs.length));
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
    await capture.close();
  }
  return {
    format: 1, generatedAt: new Date().toISOString(), seed, adapters: listed, features: FEATURES.map((f) => f.id),
    ...(live ? { liveFeatures: LIVE_FEATURES.map((f) => f.id) } : {}), pairs: pairs.filter((pair) => pair !== undefined),
  };
}
