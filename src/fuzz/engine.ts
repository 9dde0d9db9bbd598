/**
 * Seeded fuzzing of the reference `unpack`: every case takes a positive vector, applies one to three
 * mutations and unpacks the result. Every outcome must be a typed rejection (`DidcommError`) or an accept
 * that is right: a protected (encrypted or signed) result must be exactly the base's plaintext (the mutation
 * touched nothing authenticated). An untyped exception, an accept of altered protected content, or a slow
 * case is a failure, which is shrunk to the fewest mutations.
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import type { PlaintextMessage } from '../didcomm/types.js';
import { isDidcommError } from '../errors/didcomm-error.js';
import { expectationFor, loadVectorCases } from '../vectors/expectations.js';
import { loadKeySet, type KeySetName } from '../vectors/key-sets.js';
import { vectorInput } from '../vectors/verify.js';
import { MUTATORS, prng } from './mutators.js';

export interface CorpusEntry {
  id: string;
  text: string;
  keys: KeySetName;
  plaintext: PlaintextMessage;
}

/** Every vector a strict receiver accepts, with the plaintext it carries. */
export async function loadCorpus(): Promise<CorpusEntry[]> {
  const corpus: CorpusEntry[] = [];
  for (const vector of loadVectorCases()) {
    if (expectationFor(vector, 'strict').outcome !== 'accept' || vector.input.as === 'from-prior-jwt') continue;
    const text = vectorInput(vector);
    const keySet = loadKeySet(vector.keys);
    const result = await unpackMessage(text, keySet, { specVersion: vector.specVersion ?? '2.1' });
    corpus.push({ id: vector.id, text, keys: vector.keys, plaintext: result.message });
  }
  return corpus;
}

export type FuzzVerdict =
  | { kind: 'rejected'; code: string }
  | { kind: 'accepted' }
  | { kind: 'failure'; reason: 'untyped-exception' | 'altered-content-accepted' | 'slow'; detail: string };

export interface FuzzCase {
  seed: number;
  base: string;
  mutations: string[];
  text: string;
  verdict: FuzzVerdict;
  ms: number;
}

const SLOW_MS = 2_000;

/** Mutations chosen for `seed`: the base and one to three (mutator, sub-seed) steps. */
function plan(seed: number, corpus: CorpusEntry[]): { base: CorpusEntry; steps: Array<{ mutator: number; seed: number }> } {
  const random = prng(seed);
  const base = corpus[Math.floor(random() * corpus.length)]!;
  const steps = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ mutator: Math.floor(random() * MUTATORS.length), seed: Math.floor(random() * 2 ** 31) }));
  return { base, steps };
}

function applySteps(text: string, steps: Array<{ mutator: number; seed: number }>): { text: string; applied: string[] } {
  const applied: string[] = [];
  for (const step of steps) {
    const mutator = MUTATORS[step.mutator]!;
    const next = mutator.apply(text, prng(step.seed));
    if (next !== undefined && next !== text) {
      text = next;
      applied.push(mutator.name);
    }
  }
  return { text, applied };
}

async function judge(entry: CorpusEntry, text: string): Promise<{ verdict: FuzzVerdict; ms: number }> {
  const started = performance.now();
  let verdict: FuzzVerdict;
  try {
    const result = await unpackMessage(text, loadKeySet(entry.keys));
    // A plaintext has no integrity: altered content is legitimately accepted. Anything encrypted or signed
    // must come out exactly as it went in, or the envelope failed to protect it.
    const protectedContent = result.metadata.encrypted || result.metadata.authenticated;
    verdict = !protectedContent || isDeepStrictEqual(result.message, entry.plaintext)
      ? { kind: 'accepted' }
      : { kind: 'failure', reason: 'altered-content-accepted', detail: JSON.stringify(result.message).slice(0, 300) };
  } catch (error) {
    verdict = isDidcommError(error)
      ? { kind: 'rejected', code: error.code }
      : { kind: 'failure', reason: 'untyped-exception', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  const ms = performance.now() - started;
  if (verdict.kind !== 'failure' && ms > SLOW_MS) verdict = { kind: 'failure', reason: 'slow', detail: `${Math.round(ms)} ms` };
  return { verdict, ms };
}

/** Runs the case of `seed`; a failure is shrunk to the fewest steps that still fail the same way. */
export async function runFuzzCase(seed: number, corpus: CorpusEntry[]): Promise<FuzzCase> {
  const { base, steps } = plan(seed, corpus);
  let { text, applied } = applySteps(base.text, steps);
  let { verdict, ms } = await judge(base, text);
  if (verdict.kind === 'failure') {
    let kept = steps;
    for (let i = kept.length - 1; i >= 0 && kept.length > 1; i--) {
      const fewer = kept.filter((_, j) => j !== i);
      const attempt = applySteps(base.text, fewer);
      const again = await judge(base, attempt.text);
      if (again.verdict.kind === 'failure' && verdict.kind === 'failure' && again.verdict.reason === verdict.reason) {
        kept = fewer;
        ({ text, applied } = attempt);
        ({ verdict, ms } = again);
      }
    }
  }
  return { seed, base: base.id, mutations: applied, text, verdict, ms };
}

export interface FuzzSummary {
  cases: number;
  accepted: number;
  rejectedByCode: Record<string, number>;
  failures: FuzzCase[];
  slowestMs: number;
  /** Heap growth over the run; exact only under `node --expose-gc`. */
  heapGrowthBytes: number;
}

/** Runs `count` cases from `seed` on (case i uses seed + i). */
export async function fuzz(count: number, seed: number, onCase?: (c: FuzzCase) => void): Promise<FuzzSummary> {
  const corpus = await loadCorpus();
  const summary: FuzzSummary = { cases: 0, accepted: 0, rejectedByCode: {}, failures: [], slowestMs: 0, heapGrowthBytes: 0 };
  (globalThis as { gc?: () => void }).gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) {
    const result = await runFuzzCase(seed + i, corpus);
    summary.cases += 1;
    summary.slowestMs = Math.max(summary.slowestMs, result.ms);
    if (result.verdict.kind === 'accepted') summary.accepted += 1;
    else if (result.verdict.kind === 'rejected') summary.rejectedByCode[result.verdict.code] = (summary.rejectedByCode[result.verdict.code] ?? 0) + 1;
    else summary.failures.push(result);
    onCase?.(result);
  }
  (globalThis as { gc?: () => void }).gc?.();
  summary.heapGrowthBytes = process.memoryUsage().heapUsed - heapBefore;
  return summary;
}
