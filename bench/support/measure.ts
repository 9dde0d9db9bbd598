/**
 * Timing for benchmarks: each sample runs an operation for a fixed time slice; implementations are
 * measured interleaved (A, B, A, B, …) so that load on the machine hits both alike. The slice is wall time,
 * or the process's CPU time (user + system): on a machine shared with other jobs a wall-time slice also
 * counts the time the process waited for a core, which differs from slice to slice; CPU time does not.
 * @module
 */

export type Clock = 'wall' | 'cpu';

/** Milliseconds on `clock` since an arbitrary origin. */
function now(clock: Clock): number {
  if (clock === 'wall') return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface Stats {
  min: number;
  median: number;
  max: number;
}

/**
 * Operations per second (of `clock`) of `operation` over about `sliceMs`; the clock is read every `batch` calls
 * (more than one where a call costs a few µs, so that reading the clock is not part of what is measured).
 */
export async function opsPerSecond(operation: () => unknown, sliceMs: number, clock: Clock = 'wall', batch = 1): Promise<number> {
  let count = 0;
  const started = now(clock);
  let at = started;
  while (at - started < sliceMs) {
    for (let i = 0; i < batch; i++) await operation();
    count += batch;
    at = now(clock);
  }
  return (count / (at - started)) * 1000;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! };
}

/** Runs each named operation `rounds` times, interleaved, and returns per-name stats in ops/s. */
export async function interleaved(operations: Record<string, () => Promise<unknown>>, rounds: number, sliceMs: number, clock: Clock = 'wall'): Promise<Record<string, Stats>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(operations).map((name) => [name, []]));
  for (const operation of Object.values(operations)) await opsPerSecond(operation, sliceMs / 4, clock);
  for (let round = 0; round < rounds; round++) {
    for (const [name, operation] of Object.entries(operations)) samples[name]!.push(await opsPerSecond(operation, sliceMs, clock));
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, stats(values)]));
}

export const fmt = (value: number): string => (value >= 100 ? Math.round(value).toString() : value.toFixed(1));
