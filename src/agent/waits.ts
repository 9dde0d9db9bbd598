/**
 * How long the harness waits on the wire, and when it stops waiting early.
 *
 * A wait for an expected message ends when the message arrives, at its deadline, or soon after its outcome is
 * decided without it: the harness refused what the agent sent, or the agent's endpoint answered the harness's
 * last message with an error. Then nothing the case waits for is coming (the case runner files the silence
 * under that refusal, src/runner/silence.ts), so the wait gives a late message one quiet window more and ends.
 *
 * A quiet wait (making sure the agent does NOT send something) lasts the quiet window: a few times the slowest
 * answer latency measured recently in this run (the agent answering the harness on loopback, the adapter's
 * `reset` and `received` calls), never under QUIET_FLOOR_MS and never over QUIET_CEILING_MS, unless adapter.json
 * sets `limits.quietMs` for an agent slower to answer than that suggests.
 * @module
 */
import type { WireEntry } from '../adapter/transcript.js';
import { onWire } from './wire-log.js';
import { isHarnessRefusal } from '../runner/silence.js';

/** How long the harness waits for a message it expects, ms. */
export const WAIT_MS = 3000;
/** The shortest quiet window, ms: an answer on an idle loopback takes a few milliseconds. */
export const QUIET_FLOOR_MS = 150;
/** The longest measured quiet window, ms (adapter.json `limits.quietMs` may set a longer one). */
export const QUIET_CEILING_MS = WAIT_MS;
/** The quiet window is this many times the slowest recent answer latency. */
const QUIET_FACTOR = 4;
/** Latency samples the window follows: recent ones, so it tracks the load on the machine as it changes. */
const RECENT_SAMPLES = 16;

/**
 * How long the harness waits to be sure a message does not come, ms: the quiet window now. A live binding
 * (read it when waiting, not at import), updated as latencies are measured.
 */
export let QUIET_MS = QUIET_FLOOR_MS;

let override: number | undefined;
const samples: number[] = [];

function update(): void {
  const slowest = samples.length > 0 ? Math.max(...samples) : 0;
  QUIET_MS = override ?? Math.min(QUIET_CEILING_MS, Math.max(QUIET_FLOOR_MS, Math.ceil(QUIET_FACTOR * slowest)));
}

/** adapter.json `limits.quietMs`: a fixed quiet window for this agent (undefined: measured). */
export function setQuietOverride(ms: number | undefined): void {
  override = ms;
  update();
}

/** One measured latency, ms: the agent answering a harness message, or a cheap adapter call. */
export function noteLatency(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) return;
  samples.push(ms);
  if (samples.length > RECENT_SAMPLES) samples.shift();
  update();
}

/** When the harness sent each message id (epoch ms), to time the agent's answer threaded to it. */
const sentAt = new Map<string, number>();

/** The harness is sending the message `id` now. */
export function noteSent(id: unknown): void {
  if (typeof id !== 'string') return;
  if (sentAt.size > 1000) sentAt.clear();
  sentAt.set(id, Date.now());
}

/** A message threaded to `thid` arrived: how long after the harness sent that message. */
export function noteAnswer(thid: unknown): void {
  if (typeof thid !== 'string') return;
  const sent = sentAt.get(thid);
  if (sent === undefined) return;
  sentAt.delete(thid);
  noteLatency(Date.now() - sent);
}

/** Why a wait is decided without its message, from what the wire showed since the previous wait. */
export type Decision = { reason: string };

/** Wire entries since the previous wait of the case ended (or the case began): what a wait may be decided by. */
let news: WireEntry[] = [];
const watchers = new Set<() => void>();
let stopWatching: (() => void) | undefined;

/** A case begins: from now on its wire entries are news for its waits. Returns the function that ends it. */
export function beginCaseWaits(quietOverrideMs?: number): () => void {
  setQuietOverride(quietOverrideMs);
  news = [];
  stopWatching?.();
  const stop = onWire((entry) => {
    news.push(entry);
    for (const watcher of [...watchers]) watcher();
  });
  stopWatching = stop;
  return () => {
    stop();
    if (stopWatching === stop) stopWatching = undefined;
    news = [];
  };
}

/** Relay entries carry deliberate faults: only what the harness agents themselves saw counts. */
function isRelayed(entry: WireEntry): boolean {
  return entry.outcome?.startsWith('relay fault') ?? false;
}

/** The wait's outcome is known without its message (see the module comment), or undefined. */
export function decided(): Decision | undefined {
  // Exactly the refusals src/runner/silence.ts files a failure under, so the failure names the one that ended the wait.
  const refused = news.find(isHarnessRefusal);
  if (refused) return { reason: `the harness refused what the agent sent (${refused.error!.code}, ${refused.error!.requirement})` };
  const lastSent = news.filter((e) => e.direction === 'out' && !isRelayed(e) && e.channel !== 'response').at(-1);
  if (lastSent && (lastSent.status ?? 0) >= 400) return { reason: `the agent's endpoint answered ${lastSent.status} to the harness's message` };
  return undefined;
}

/** How the last wait of the case ended: for a failure's reason. */
export interface WaitEnd {
  waitedMs: number;
  /** Set when it ended before its deadline because its outcome was decided. */
  decision?: Decision;
}

let lastEnd: WaitEnd | undefined;

/** A wait that began at `started` (epoch ms) ends now; what happened before it is old news for the next one. */
export function endWait(started: number, decision?: Decision): void {
  lastEnd = { waitedMs: Date.now() - started, ...(decision ? { decision } : {}) };
  news = [];
}

/** How the most recent wait of this case ended. */
export function lastWaitEnd(): WaitEnd | undefined {
  return lastEnd;
}

/**
 * Waits until `found()` gives a value or `timeoutMs` passes; `wake` registers a callback for when the answer
 * may have changed (an inbox touch). With `decisive`, a decided outcome (see `decided`) shortens what is left
 * to one quiet window. Resolves with the value or undefined.
 */
export function waitUntil<T>(found: () => T | undefined, timeoutMs: number, wake: (listener: () => void) => () => void, decisive = true): Promise<T | undefined> {
  const started = Date.now();
  const finish = (value: T | undefined, decision?: Decision): T | undefined => {
    endWait(started, decision);
    return value;
  };
  const now = found();
  if (now !== undefined) return Promise.resolve(finish(now));
  return new Promise((resolve) => {
    let decision: Decision | undefined;
    let timer: NodeJS.Timeout;
    const done = (value: T | undefined): void => {
      clearTimeout(timer);
      unwake();
      watchers.delete(check);
      resolve(finish(value, value === undefined ? decision : undefined));
    };
    const check = (): void => {
      const hit = found();
      if (hit !== undefined) return done(hit);
      if (!decisive || decision) return;
      decision = decided();
      if (!decision) return;
      // Give a late message one quiet window, but never wait past the deadline.
      const left = timeoutMs - (Date.now() - started);
      if (QUIET_MS < left) {
        clearTimeout(timer);
        timer = setTimeout(() => done(undefined), QUIET_MS);
      }
    };
    timer = setTimeout(() => done(undefined), timeoutMs);
    const unwake = wake(check);
    watchers.add(check);
    check();
  });
}
