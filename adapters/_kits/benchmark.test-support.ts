/**
 * The optional `benchmark` of a kit's template adapter, driven for real as the cross-language table drives it
 * (src/adapter/benchmark.ts): the parties imported, plaintext (the one mode every template packs) measured and
 * checked, a mode the template refuses answered as a rejection, and bad params answered -32602. Shared by the
 * kits' own tests (go/kit.test.ts, java/java-kit.test.ts); not copied by `adapter init` (kits.ts skips it).
 */
import { expect } from 'vitest';
import { benchmarkOnce, setUpBenchmark } from '../../src/adapter/benchmark.js';
import { BENCHMARK_MODES, benchmarkMessage, type BenchmarkMode } from '../../src/adapter/benchmark-modes.js';
import { AdapterClient } from '../../src/adapter/client.js';
import { createTransport, type ResolvedAdapter } from '../../src/adapter/manifest.js';
import { AdapterSession } from '../../src/adapter/session.js';
import { unpackMessage } from '../../src/didcomm/envelope/unpack.js';
import { loadKeySet, withOnlySecrets } from '../../src/vectors/key-sets.js';

const mode = (name: string): BenchmarkMode => BENCHMARK_MODES.find((m) => m.name === name)!;
const PLAINTEXT = mode('plaintext');
/** Enough iterations that the loops, not the call's fixed costs, are most of the call (checkTimes). */
const ITERATIONS = 500;
const DEADLINE_MS = 60_000;

/** Checks the benchmark of the adapter `adapter` (a built template: its target launches the binary). */
export async function expectTemplateBenchmark(adapter: ResolvedAdapter): Promise<void> {
  const session = await AdapterSession.open(adapter.target, adapter.limits);
  try {
    await setUpBenchmark(session);
    const request = { mode: PLAINTEXT.name, iterations: ITERATIONS, pack: { ...PLAINTEXT.pack, message: benchmarkMessage(PLAINTEXT) } };
    const started = performance.now();
    const result = await session.call('benchmark', request, { deadlineMs: DEADLINE_MS });
    const callMs = performance.now() - started;
    expect(result).toMatchObject({ status: 'measured', packed: ITERATIONS, unpacked: ITERATIONS });
    if (result.status !== 'measured') return;
    // Timed inside the adapter: positive, and together no more than the call took as the harness saw it.
    expect(result.packMs).toBeGreaterThan(0);
    expect(result.unpackMs).toBeGreaterThan(0);
    expect(result.packMs + result.unpackMs).toBeLessThanOrEqual(callMs);
    // The sample is real work: the reference, holding no key, unpacks it to the very message asked for.
    const unpacked = await unpackMessage(result.sample, withOnlySecrets(loadKeySet('sicpa'), []));
    expect(unpacked.message).toEqual(benchmarkMessage(PLAINTEXT));
    expect(unpacked.metadata).toMatchObject({ encrypted: false, authenticated: false, nonRepudiation: false });

    // The harness's own checks (counts, sample, times against the call) let the figure count.
    const outcome = await benchmarkOnce(session, PLAINTEXT, ITERATIONS, { deadlineMs: DEADLINE_MS });
    expect(outcome).toMatchObject({ kind: 'measured', iterations: ITERATIONS });
    if (outcome.kind === 'measured') expect(outcome.packPerSecond).toBeGreaterThan(0);

    // A mode the template's library refuses is a rejection with its reason, shown n/a: never measured.
    const signed = mode('signed EdDSA');
    const refused = await session.call('benchmark', { mode: signed.name, iterations: 3, pack: { ...signed.pack, message: benchmarkMessage(signed) } });
    expect(refused).toMatchObject({ status: 'rejected', error: { code: 'unsupported-envelope' } });
    expect(await benchmarkOnce(session, signed, 3, { deadlineMs: DEADLINE_MS })).toMatchObject({ kind: 'n/a', reason: expect.stringMatching(/^the library refused to pack it: unsupported-envelope: /) });
  } finally {
    await session.close();
  }
  await expectInvalidParams(adapter);
}

/** Params the schema forbids (the harness never sends them, so a raw client does): each answered -32602. */
async function expectInvalidParams(adapter: ResolvedAdapter): Promise<void> {
  const transport = createTransport(adapter.target);
  await transport.start();
  try {
    const client = new AdapterClient(transport, { deadlineMs: DEADLINE_MS });
    const pack = { envelope: 'plaintext', message: benchmarkMessage(PLAINTEXT) };
    for (const params of [{ mode: 'plaintext', pack }, { mode: 'plaintext', iterations: 0, pack }, { mode: 'plaintext', iterations: 2.5, pack }, { mode: 'plaintext', iterations: '3', pack }, { mode: 'plaintext', iterations: 3 }, { mode: 'plaintext', iterations: 3, pack: 'plaintext' }]) {
      const answer = await client.callUnknown('benchmark', params).then(() => 'answered', (error: unknown) => error);
      expect(answer, JSON.stringify(params)).toMatchObject({ code: 'ERR_ADAPTER_METHOD_FAILED', details: { rpcError: { code: -32602 } } });
    }
  } finally {
    await transport.close();
  }
}
