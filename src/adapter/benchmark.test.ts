/**
 * The optional `benchmark` method (issue 17) and the harness's checks of it: the reference adapter's answer
 * holds up (its sample unpacks with the reference to the message asked for), and each way a faux adapter lies
 * (adapters/faux/bench-liar.ts) is flagged with no figure. No timing is asserted: the times below are the
 * adapter's own reports, checked for consistency, never compared with a speed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { benchmarkOnce, checkTimes, setUpBenchmark } from './benchmark.js';
import { measureCeiling } from './benchmark-ceiling.js';
import { BENCHMARK_MODES, benchmarkMessage, type BenchmarkMode } from './benchmark-modes.js';
import { resolveAdapter } from './manifest.js';
import { AdapterSession } from './session.js';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import { loadKeySet, withOnlySecrets } from '../vectors/key-sets.js';

const mode = (name: string): BenchmarkMode => BENCHMARK_MODES.find((m) => m.name === name)!;
const ANONCRYPT = mode('anoncrypt X25519 A256CBC-HS512');

async function open(name: string, args?: string[]): Promise<AdapterSession> {
  const adapter = resolveAdapter(name);
  const target = adapter.target.kind === 'stdio' && args ? { ...adapter.target, args } : adapter.target;
  return AdapterSession.open(target, adapter.limits);
}

describe('the reference adapter\'s benchmark', () => {
  let session: AdapterSession;
  beforeAll(async () => {
    session = await open('reference');
    await setUpBenchmark(session);
  });
  afterAll(() => session.close());

  test.each(BENCHMARK_MODES.map((m) => [m.name]))('%s: counts as asked, a sample the reference unpacks to the message', async (name) => {
    const m = mode(name);
    const result = await session.call('benchmark', { mode: m.name, iterations: 3, pack: { ...m.pack, message: benchmarkMessage(m) } });
    expect(result).toMatchObject({ status: 'measured', packed: 3, unpacked: 3 });
    if (result.status !== 'measured') return;
    const recipient = m.expect.recipientKid;
    const unpacked = await unpackMessage(result.sample, withOnlySecrets(loadKeySet('sicpa'), recipient ? [recipient] : []));
    expect(unpacked.message).toEqual(benchmarkMessage(m));
    expect(unpacked.metadata).toMatchObject({ encrypted: m.expect.encrypted, authenticated: m.expect.authenticated, nonRepudiation: m.expect.nonRepudiation });
    // The harness's own check agrees (the warm-up form: no comparison with the call's duration).
    expect(await benchmarkOnce(session, m, 3, { deadlineMs: 10_000, warmUp: true })).toMatchObject({ kind: 'measured', iterations: 3 });
  });
});

describe('a lying benchmark is flagged, never measured', () => {
  const lies: Array<[string, BenchmarkMode, RegExp]> = [
    ['bogus-sample', ANONCRYPT, /the sample does not unpack with the reference/],
    ['other-mode', ANONCRYPT, /the sample is not anoncrypt X25519 A256CBC-HS512: encrypted is false/],
    ['other-message', mode('signed EdDSA'), /the sample holds another message than the one asked for/],
    ['short-count', ANONCRYPT, /packed 2 of 3 messages/],
    ['no-work', ANONCRYPT, /packs\/s, over 5x what the mode's key agreement or signature alone allows/],
  ];
  test.each(lies)('faux/bench-liar --lie %s', async (lie, m, reason) => {
    const session = await open('faux/bench-liar', ['../../../dist/adapters/faux/bench-liar.js', '--lie', lie]);
    try {
      await setUpBenchmark(session);
      const outcome = await benchmarkOnce(session, m, 3, { deadlineMs: 10_000, ceiling: measureCeiling(m), warmUp: true });
      expect(outcome.kind).toBe('flagged');
      expect(outcome.kind === 'flagged' && outcome.reason).toMatch(reason);
    } finally {
      await session.close();
    }
  });

  test('the bundled faux/bench-liar (bogus sample) is flagged as adapter.json starts it', async () => {
    const session = await open('faux/bench-liar');
    try {
      await setUpBenchmark(session);
      expect(await benchmarkOnce(session, ANONCRYPT, 3, { deadlineMs: 10_000 })).toMatchObject({ kind: 'flagged' });
    } finally {
      await session.close();
    }
  });

  test('reported times are compared with the call as the harness saw it (synthetic figures)', () => {
    const result = { status: 'measured' as const, packed: 10, unpacked: 10, packMs: 60, unpackMs: 60, sample: '' };
    expect(checkTimes(result, 100)).toMatch(/reported 120\.0 ms of work in a call that took 100\.0 ms/);
    expect(checkTimes({ ...result, packMs: 1, unpackMs: 1 }, 1000)).toMatch(/most of it went untimed/);
    expect(checkTimes(result, 130)).toBeUndefined();
    expect(checkTimes({ ...result, packMs: 1, unpackMs: 1 }, Infinity)).toBeUndefined();
  });
});

test('an adapter without benchmark is n/a with the reason, not an error', async () => {
  const session = await open('faux/slow');
  try {
    expect(await benchmarkOnce(session, mode('plaintext'), 3, { deadlineMs: 10_000 })).toEqual({ kind: 'n/a', reason: 'no benchmark method' });
  } finally {
    await session.close();
  }
});
