/**
 * The harness side of the optional `benchmark` method (issue 17): set an adapter up with the benchmark's
 * parties, ask it to pack and unpack N messages of one mode in its own process, and check what it reports.
 * A benchmark that can lie is worthless, so every answer is checked before its figure counts: the counts
 * must be N, the times positive, and the returned sample must unpack with the reference to the very message
 * asked for, in the envelope asked for (signer, sender and recipient keys included).
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import { isAdapterError } from '../errors/adapter-error.js';
import { missingCapabilities } from '../runner/applicability.js';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { loadKeySet, withOnlySecrets } from '../vectors/key-sets.js';
import type { MethodName, ParamsOf, ResultOf } from './protocol/v1/methods.js';
import type { ExchangeLimits } from './transport/transport.js';
import type { Capabilities } from './protocol/v1/types.generated.js';
import { CEILING_HEADROOM, type Ceiling } from './benchmark-ceiling.js';
import { benchmarkMessage, benchmarkParties, BENCH_RECIPIENT, type BenchmarkMode } from './benchmark-modes.js';

/** What a benchmark call needs from a session (AdapterSession and AdapterClient both fit). */
export interface BenchmarkCaller {
  call<M extends MethodName>(method: M, params: ParamsOf<M>, limits?: Partial<ExchangeLimits>): Promise<ResultOf<M>>;
}

/** One benchmark call's outcome. */
export type BenchmarkOutcome =
  | { kind: 'measured'; iterations: number; packPerSecond: number; unpackPerSecond: number }
  /** The adapter has no `benchmark`, does not claim the mode, or its library refused to pack it. */
  | { kind: 'n/a'; reason: string }
  /** The adapter answered, but its answer does not hold up: no figure. */
  | { kind: 'flagged'; reason: string }
  /** Adapter trouble (timeout, crash, schema). */
  | { kind: 'errored'; reason: string };

/** Why `capabilities` rule `mode` out (it must both pack and unpack it), or undefined when claimed. */
export function unclaimed(capabilities: Capabilities, mode: BenchmarkMode): string | undefined {
  const bothWays: Capabilities = { ...capabilities, receiveOnly: {}, sendOnly: {} };
  const missing = new Set([...missingCapabilities(bothWays, mode.needs, 'sender'), ...missingCapabilities(bothWays, mode.needs, 'receiver')]);
  return missing.size === 0 ? undefined : `not claimed both ways: ${[...missing].join(', ')}`;
}

/** Resets the adapter and makes it the holder of every benchmark party (it packs as the sender, unpacks as Bob). */
export async function setUpBenchmark(session: BenchmarkCaller): Promise<void> {
  await session.call('reset', {});
  for (const party of benchmarkParties()) await session.call('importIdentity', party);
}

/** How one benchmark call is made and checked. */
export interface BenchmarkCallOptions {
  deadlineMs: number;
  /** The mode's native ceiling (benchmark-ceiling.ts), when it has one. */
  ceiling?: Ceiling | undefined;
  /**
   * A warm-up call: the adapter's first call of a method may compile or load things outside the timed loops
   * (validators, code paths), so untimed time is not held against it.
   */
  warmUp?: boolean;
}

/** Asks for `iterations` messages of `mode` and checks the answer. */
export async function benchmarkOnce(session: BenchmarkCaller, mode: BenchmarkMode, iterations: number, options: BenchmarkCallOptions): Promise<BenchmarkOutcome> {
  const { deadlineMs } = options;
  let result: ResultOf<'benchmark'>;
  const started = performance.now();
  try {
    result = await session.call('benchmark', { mode: mode.name, iterations, pack: { ...mode.pack, message: benchmarkMessage(mode) } }, { deadlineMs });
  } catch (error) {
    // -32601: the adapter has no benchmark (or, from an SDK's Unsupported, cannot benchmark this mode).
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') {
      return { kind: 'n/a', reason: /method not found/i.test(error.message) ? 'no benchmark method' : error.message.slice(0, 300) };
    }
    return { kind: 'errored', reason: isAdapterError(error) ? `${error.code}: ${error.message}` : String(error) };
  }
  const callMs = performance.now() - started;
  if (result.status === 'rejected') return { kind: 'n/a', reason: `the library refused to pack it: ${result.error.code}: ${result.error.message}`.slice(0, 300) };
  const wrong = await checkBenchmark(mode, iterations, result) ?? checkTimes(result, options.warmUp ? Infinity : callMs, options.ceiling);
  if (wrong) return { kind: 'flagged', reason: wrong };
  return { kind: 'measured', iterations, packPerSecond: perSecond(result.packed, result.packMs), unpackPerSecond: perSecond(result.unpacked, result.unpackMs) };
}

const perSecond = (count: number, ms: number): number => (count / ms) * 1000;

/**
 * Why the reported times cannot be believed: more time than the whole call took as the harness saw it, much
 * less than it (work done outside the timed loops), or a rate above the native ceiling of this machine.
 * `callMs` is Infinity for a warm-up call (the call's own time is then not compared).
 */
export function checkTimes(result: Extract<ResultOf<'benchmark'>, { status: 'measured' }>, callMs: number, ceiling?: Ceiling): string | undefined {
  const claimed = result.packMs + result.unpackMs;
  if (Number.isFinite(callMs) && claimed > callMs + 1) return `reported ${claimed.toFixed(1)} ms of work in a call that took ${callMs.toFixed(1)} ms`;
  // Decoding the request and encoding the reply take a few ms whatever N is; the loops must be most of the rest.
  if (Number.isFinite(callMs) && claimed < callMs / 2 - 50) return `reported ${claimed.toFixed(1)} ms of work in a call that took ${callMs.toFixed(1)} ms: most of it went untimed`;
  if (ceiling) {
    const pack = perSecond(result.packed, result.packMs);
    const unpack = perSecond(result.unpacked, result.unpackMs);
    if (pack > ceiling.pack) return `reported ${Math.round(pack)} packs/s, over ${CEILING_HEADROOM}x what the mode's key agreement or signature alone allows on this machine (${Math.round(ceiling.pack / CEILING_HEADROOM)}/s)`;
    if (unpack > ceiling.unpack) return `reported ${Math.round(unpack)} unpacks/s, over ${CEILING_HEADROOM}x what the mode's key agreement or signature alone allows on this machine (${Math.round(ceiling.unpack / CEILING_HEADROOM)}/s)`;
  }
  return undefined;
}

/** Why a `measured` answer cannot be believed, or undefined when it holds up. */
export async function checkBenchmark(mode: BenchmarkMode, iterations: number, result: Extract<ResultOf<'benchmark'>, { status: 'measured' }>): Promise<string | undefined> {
  if (result.packed !== iterations) return `packed ${result.packed} of ${iterations} messages`;
  if (result.unpacked !== iterations) return `its library unpacked ${result.unpacked} of the ${iterations} messages it packed`;
  if (!(result.packMs > 0) || !(result.unpackMs > 0) || !Number.isFinite(result.packMs + result.unpackMs)) {
    return `reported ${result.packMs} ms to pack and ${result.unpackMs} ms to unpack: not a measurement`;
  }
  const keys = loadKeySet('sicpa');
  // The reference holds only the recipient key the mode encrypts for: the sample must be for that key.
  const recipient = mode.expect.recipientKid;
  const context = recipient ? withOnlySecrets(keys, [recipient]) : withOnlySecrets(keys, []);
  let unpacked;
  try {
    // Receiver MUSTs only: the sample proves the work was done; judging the sender is the suites' job.
    unpacked = await unpackMessage(result.sample, context, { strict: false });
  } catch (error) {
    return `the sample does not unpack with the reference: ${(error as Error).message}`.slice(0, 300);
  }
  const { message, metadata } = unpacked;
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(message)), benchmarkMessage(mode))) return 'the sample holds another message than the one asked for';
  const want = mode.expect;
  for (const flag of ['encrypted', 'authenticated', 'nonRepudiation', 'anonymousSender'] as const) {
    if (metadata[flag] !== want[flag]) return `the sample is not ${mode.name}: ${flag} is ${metadata[flag]}`;
  }
  if (want.signerKid && metadata.signerKid !== want.signerKid) return `the sample is signed by ${metadata.signerKid}, not ${want.signerKid}`;
  if (want.senderDid && metadata.senderKid?.split('#')[0] !== want.senderDid) return `the sample's sender key ${metadata.senderKid} is not ${want.senderDid}'s`;
  if (recipient && !metadata.recipientKids.includes(recipient)) return `the sample is not encrypted for ${recipient}`;
  if (mode.pack.enc || mode.pack.curve) {
    const layer = metadata.layers.find((l) => l.kind === 'anoncrypt' || l.kind === 'authcrypt');
    if (layer && 'curve' in layer && mode.pack.curve && layer.curve !== mode.pack.curve) return `the sample uses ${layer.curve}, not ${mode.pack.curve}`;
    if (layer && 'enc' in layer && mode.pack.enc && layer.enc !== mode.pack.enc) return `the sample uses ${String(layer.enc)}, not ${mode.pack.enc}`;
  }
  if (metadata.recipientKids.some((kid) => !kid.startsWith(`${BENCH_RECIPIENT}#`))) return 'the sample is encrypted for keys beyond the recipient\'s';
  return undefined;
}
