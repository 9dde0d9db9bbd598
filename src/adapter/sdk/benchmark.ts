/**
 * The `benchmark` method for an adapter written with this SDK: pack the requested message `iterations`
 * times through the adapter's own `pack` handler, then unpack each of those messages through its `unpack`
 * handler, timing each loop inside the process (no JSON-RPC, no pipe). The figure includes the adapter's
 * translation of the call into its library's API, which is part of what a caller of that library pays too.
 * @module
 */
import type { ParamsOf, ResultOf } from '../protocol/v1/methods.js';

type Awaitable<T> = T | Promise<T>;

/** The two handlers a benchmark drives. */
export interface BenchmarkedHandlers {
  pack?: ((params: ParamsOf<'pack'>) => Awaitable<ResultOf<'pack'>>) | undefined;
  unpack?: ((params: ParamsOf<'unpack'>) => Awaitable<ResultOf<'unpack'>>) | undefined;
}

/** A `benchmark` handler over `handlers.pack` and `handlers.unpack` (both needed). */
export function benchmarkThrough(handlers: BenchmarkedHandlers): (params: ParamsOf<'benchmark'>) => Promise<ResultOf<'benchmark'>> {
  const { pack, unpack } = handlers;
  if (!pack || !unpack) throw new TypeError('benchmarkThrough needs the adapter\'s pack and unpack handlers');
  return async ({ iterations, pack: request }) => {
    const packed: string[] = [];
    const packStarted = performance.now();
    for (let i = 0; i < iterations; i++) {
      const result = await pack(request);
      // A mode the library refuses is not measured: the harness shows the rejection as the reason.
      if (result.status !== 'packed') return { status: 'rejected', error: result.error };
      packed.push(result.packed);
    }
    const packMs = performance.now() - packStarted;
    let accepted = 0;
    const unpackStarted = performance.now();
    for (const text of packed) {
      if ((await unpack({ packed: text })).status === 'accepted') accepted++;
    }
    const unpackMs = performance.now() - unpackStarted;
    return { status: 'measured', packed: packed.length, unpacked: accepted, packMs, unpackMs, sample: packed[packed.length - 1]! };
  };
}
