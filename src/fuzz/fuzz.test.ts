import { describe, expect, test } from 'vitest';
import { fuzz, loadCorpus, runFuzzCase } from './engine.js';
import { MUTATORS, prng } from './mutators.js';

describe('fuzzing the reference unpack', () => {
  test('2,000 seeded cases: only typed rejections or correct accepts, none slow', async () => {
    const summary = await fuzz(2_000, 424242);
    expect(summary.failures.map((f) => ({ seed: f.seed, base: f.base, mutations: f.mutations, verdict: f.verdict }))).toEqual([]);
    expect(summary.cases).toBe(2_000);
    // The mutators reach deep: many different rejection codes, some accepts.
    expect(Object.keys(summary.rejectedByCode).length).toBeGreaterThanOrEqual(10);
    expect(summary.accepted).toBeGreaterThan(0);
    expect(summary.slowestMs).toBeLessThan(2_000);
  }, 120_000);

  test('a case replays exactly from its seed', async () => {
    const corpus = await loadCorpus();
    const a = await runFuzzCase(77, corpus);
    const b = await runFuzzCase(77, corpus);
    expect(b).toMatchObject({ base: a.base, mutations: a.mutations, text: a.text, verdict: a.verdict });
  });

  test('every mutator changes some message of the corpus', async () => {
    const corpus = await loadCorpus();
    for (const mutator of MUTATORS) {
      const changed = corpus.some((entry, i) => {
        const out = mutator.apply(entry.text, prng(i));
        return out !== undefined && out !== entry.text;
      });
      expect(changed, mutator.name).toBe(true);
    }
  });
});
