/**
 * One cross-language throughput run: every bundled adapter that implements `benchmark`, every mode it
 * claims, interleaved rounds (each round asks every adapter for every mode once, so load on the machine
 * hits them alike), every answer checked (src/adapter/benchmark.ts) before its figure counts.
 * @module
 */
import { benchmarkOnce, setUpBenchmark, unclaimed, type BenchmarkOutcome } from '../../src/adapter/benchmark.js';
import type { BenchmarkMode } from '../../src/adapter/benchmark-modes.js';
import { resolveAdapter, type ResolvedAdapter } from '../../src/adapter/manifest.js';
import { measureCeiling } from '../../src/adapter/benchmark-ceiling.js';
import { AdapterSession } from '../../src/adapter/session.js';
import { isAdapterError } from '../../src/errors/adapter-error.js';
import { stats } from './measure.js';
import type { ThroughputCell } from '../../src/site/throughput.js';

export interface CrossLanguageOptions {
  adapters: string[];
  modes: readonly BenchmarkMode[];
  rounds: number;
  /** About how long each adapter spends on one mode in one round (pack and unpack together). */
  targetMs: number;
  progress?: (line: string) => void;
}

/** One adapter x mode cell of the table (the results site reads the same shape). */
export type Cell = ThroughputCell;

interface Contender {
  name: string;
  implementation: string;
  session: AdapterSession;
  deadlineMs: number;
}

const CALIBRATION = 8;

/** Runs the table; returns one cell per adapter x mode (n/a cells say why). */
export async function crossLanguageRun(options: CrossLanguageOptions): Promise<Cell[]> {
  const say = options.progress ?? (() => undefined);
  const cells: Cell[] = [];
  const contenders: Contender[] = [];
  const samples = new Map<string, { iterations: number; pack: number[]; unpack: number[]; verified: number }>();
  const ceilings = new Map(options.modes.map((mode) => [mode.name, measureCeiling(mode)]));
  const key = (adapter: string, mode: string): string => `${adapter}\u0000${mode}`;
  const settle = (adapter: string, implementation: string, mode: string, outcome: Exclude<BenchmarkOutcome, { kind: 'measured' }>): void => {
    samples.delete(key(adapter, mode));
    const at = cells.findIndex((c) => c.adapter === adapter && c.mode === mode);
    const cell: Cell = { adapter, implementation, mode, status: outcome.kind, reason: outcome.reason, verified: 0 };
    if (at >= 0) cells[at] = cell;
    else cells.push(cell);
  };

  for (const name of options.adapters) {
    const opened = await open(name);
    if (typeof opened === 'string') {
      for (const mode of options.modes) settle(name, name, mode.name, { kind: 'n/a', reason: opened });
      say(`${name}: ${opened}`);
      continue;
    }
    const implementation = `${opened.session.description.implementation.name} ${opened.session.description.implementation.version}`;
    const contender: Contender = { name, implementation, session: opened.session, deadlineMs: Math.max(opened.adapter.limits.deadlineMs, 60_000) };
    try {
      await setUpBenchmark(contender.session);
    } catch (error) {
      // Without importIdentity the harness cannot hand over the parties whose keys check the sample.
      const outcome: Exclude<BenchmarkOutcome, { kind: 'measured' }> = isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED'
        ? { kind: 'n/a', reason: 'no importIdentity: the benchmark parties cannot be handed to it' }
        : { kind: 'errored', reason: `setting up the parties: ${(error as Error).message}` };
      for (const mode of options.modes) settle(name, implementation, mode.name, outcome);
      await contender.session.close();
      continue;
    }
    let any = false;
    for (const mode of options.modes) {
      const notClaimed = unclaimed(contender.session.description.capabilities, mode);
      if (notClaimed) {
        settle(name, implementation, mode.name, { kind: 'n/a', reason: notClaimed });
        continue;
      }
      // Calibration (and warm-up): how many messages make one round of about targetMs.
      const first = await benchmarkOnce(contender.session, mode, CALIBRATION, { deadlineMs: contender.deadlineMs, ceiling: ceilings.get(mode.name), warmUp: true });
      contender.session.takeTranscript();
      if (first.kind !== 'measured') {
        settle(name, implementation, mode.name, first);
        say(`${name} ${mode.name}: ${first.kind}: ${first.reason}`);
        if (first.reason === 'no benchmark method') break;
        continue;
      }
      const perMessageMs = 1000 / first.packPerSecond + 1000 / first.unpackPerSecond;
      const iterations = Math.max(CALIBRATION, Math.min(200_000, Math.round(options.targetMs / perMessageMs)));
      samples.set(key(name, mode.name), { iterations, pack: [], unpack: [], verified: 0 });
      cells.push({ adapter: name, implementation, mode: mode.name, status: 'measured', verified: 0 });
      any = true;
    }
    if (any) contenders.push(contender);
    else await contender.session.close();
    if (cells.some((c) => c.adapter === name && c.reason === 'no benchmark method')) {
      for (const mode of options.modes) if (!cells.some((c) => c.adapter === name && c.mode === mode.name)) settle(name, implementation, mode.name, { kind: 'n/a', reason: 'no benchmark method' });
    }
  }

  for (let round = 0; round < options.rounds; round++) {
    say(`round ${round + 1} of ${options.rounds}`);
    for (const mode of options.modes) {
      for (const contender of contenders) {
        const sampled = samples.get(key(contender.name, mode.name));
        if (!sampled) continue;
        const outcome = await benchmarkOnce(contender.session, mode, sampled.iterations, { deadlineMs: contender.deadlineMs, ceiling: ceilings.get(mode.name) });
        contender.session.takeTranscript();
        if (outcome.kind !== 'measured') {
          settle(contender.name, contender.implementation, mode.name, outcome);
          say(`${contender.name} ${mode.name}: ${outcome.kind}: ${outcome.reason}`);
          continue;
        }
        sampled.pack.push(outcome.packPerSecond);
        sampled.unpack.push(outcome.unpackPerSecond);
        sampled.verified += 1;
      }
    }
  }
  for (const contender of contenders) await contender.session.close();

  for (const cell of cells) {
    const sampled = samples.get(key(cell.adapter, cell.mode));
    if (cell.status !== 'measured' || !sampled) continue;
    Object.assign(cell, { iterations: sampled.iterations, pack: stats(sampled.pack), unpack: stats(sampled.unpack), verified: sampled.verified });
  }
  const order = (c: Cell): number => options.modes.findIndex((m) => m.name === c.mode) * 1000 + options.adapters.indexOf(c.adapter);
  return cells.sort((a, b) => order(a) - order(b));
}

/** The adapter started and described, or why it cannot take part. */
async function open(name: string): Promise<{ adapter: ResolvedAdapter; session: AdapterSession } | string> {
  let adapter: ResolvedAdapter;
  try {
    adapter = resolveAdapter(name);
  } catch (error) {
    return `not found: ${(error as Error).message}`;
  }
  if (adapter.build && !adapter.build.folder) return `not built (node dist/src/cli/main.js adapter build ${name})`;
  try {
    return { adapter, session: await AdapterSession.open(adapter.target, adapter.limits) };
  } catch (error) {
    return `did not start: ${(error as Error).message}`.slice(0, 300);
  }
}
