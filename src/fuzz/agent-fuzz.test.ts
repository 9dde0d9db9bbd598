import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveAdapter } from '../adapter/manifest.js';
import { loadRun } from '../report/run-data.js';
import { FuzzAgent } from './agent.js';
import { buildInput, loadBases, planCase } from './cases.js';
import { runFuzzJob } from './job.js';
import { replayFuzzBundle } from './replay.js';
import { observe, shrinkFinding } from './shrink.js';
import { prng } from './mutators.js';
import { RECIPES } from './recipe-corpus.js';
import { recipeMutator } from './recipe-mutators.js';

const out = mkdtempSync(join(tmpdir(), 'fuzz-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const lax = resolveAdapter(join(import.meta.dirname, 'fixtures', 'lax'));

describe('fuzzing agents through their adapters', () => {
  test('the reference, fuzzed through its stdio adapter, has no finding and nothing errored', async () => {
    const job = await runFuzzJob({ adapters: [resolveAdapter('reference')], seed: 11, cases: 100, jobs: 1, out: join(out, 'reference') });
    const tally = job.campaign.tallies[0]!;
    expect(job.campaign.cases).toBe(100);
    expect([...tally.findings.keys()]).toEqual([]);
    expect(tally.counts.errored).toBe(0);
    expect(tally.counts.asked).toBe(100);
    expect(Object.keys(tally.unusableBases)).toEqual([]);
    expect(job.exitCode).toBe(0);
    const run = loadRun(join(out, 'reference'));
    expect(run.cases.map((c) => [c.id, c.outcome])).toEqual([['fuzz.campaign.envelope-kinds', 'passed']]);
  }, 180_000);

  test('a lax agent: its layer-consistency and JWS gaps are found, shrunk, recorded and replayed', async () => {
    const job = await runFuzzJob({ adapters: [lax], seed: 7, cases: 150, jobs: 2, out: join(out, 'lax') });
    const found = job.campaign.shrunk.findings.map((f) => `${f.requirement} ${f.behaviour}`).sort();
    expect(found).toEqual(expect.arrayContaining(['ENV-NEST-008 accepts-invalid', 'ENV-NEST-010 accepts-invalid', 'ENV-SIGN-004 rejects-valid']));
    // Its other behaviour is the reference's: every finding is one of its gaps (JOSE-001 and the U+202E crash show more rarely).
    expect(found.every((f) => /^(ENV-NEST-008|ENV-NEST-010|ENV-SIGN-004) |^JOSE-001 accepts-invalid| crash$/.test(f)), found.join('; ')).toBe(true);
    for (const finding of job.campaign.shrunk.findings) {
      expect(finding.reproduced, finding.requirement).toBe(true);
      expect(finding.observation.steps.length).toBeLessThanOrEqual(finding.from.steps);
    }
    expect(job.exitCode).toBe(1);
    const run = loadRun(join(out, 'lax'));
    const nest = run.cases.find((c) => c.id === 'fuzz.accepts-invalid.env-nest-008')!;
    expect(nest).toMatchObject({ outcome: 'failed', requirements: ['ENV-NEST-008'], error: { requirement: 'ENV-NEST-008' } });
    expect((nest as unknown as { fuzz: { candidate: string } }).fuzz.candidate).toMatch(/^candidates\/fuzz\//);
    const candidate = JSON.parse(readFileSync(join(out, 'lax', 'candidates', 'expectations', 'fuzz-fuzz-lax-accepts-invalid-env-nest-008.json'), 'utf8')) as Array<{ expect: unknown }>;
    expect(candidate[0]!.expect).toEqual({ outcome: 'reject', code: 'ERR_LAYER_MISMATCH', requirement: 'ENV-NEST-008' });
    expect(readFileSync(join(out, 'lax', 'report.html'), 'utf8')).toContain('id="fuzzing"');
    const replayed = await replayFuzzBundle(join(out, 'lax', 'repro', 'fuzz.accepts-invalid.env-nest-008'));
    expect(replayed.reproduced, replayed.lines.join('\n')).toBe(true);
  }, 240_000);

  test('an interrupted campaign keeps what ran: cases 0..n-1 recorded, findings replayed, an interrupted footer', async () => {
    const stop = new AbortController();
    const job = await runFuzzJob({
      adapters: [lax], seed: 7, cases: 100_000, jobs: 1, out: join(out, 'interrupted'), signal: stop.signal,
      onProgress: (done) => { if (done === 40) stop.abort(); },
    });
    const { campaign } = job;
    expect(campaign.interrupted).toBe(true);
    expect(campaign.cases).toBe(40);
    expect(job.exitCode).toBe(2);
    const tally = campaign.tallies[0]!;
    expect(tally.counts.asked + tally.counts.notAsked).toBe(40);
    // Every finding seen before the stop is in the run, replayed as it was (no shrinking asked for).
    expect(campaign.shrunk.findings.length).toBe(tally.findings.size);
    expect(campaign.shrunk.findings.length).toBeGreaterThan(0);
    for (const finding of campaign.shrunk.findings) expect(finding.observation.steps.length).toBe(finding.from.steps);
    const run = loadRun(join(out, 'interrupted'));
    expect(run.footer?.interrupted).toBe(true);
    expect(run.cases.find((c) => c.id === 'fuzz.campaign.envelope-kinds')?.reason).toMatch(/^interrupted after cases 0\.\.39/);
    expect(run.cases.filter((c) => c.id.startsWith('fuzz.') && c.id !== 'fuzz.campaign.envelope-kinds' && !c.id.startsWith('fuzz.errored')).length).toBe(tally.findings.size);
  }, 120_000);

  test('shrinking keeps only the step that shows the finding', async () => {
    const bases = await loadBases();
    const steps = [
      { kind: 'wire' as const, mutator: 'json-whitespace', seed: 1 },
      { kind: 'recipe' as const, mutator: 'sender-swap', seed: 2 },
      { kind: 'wire' as const, mutator: 'member-order', seed: 3 },
    ];
    const agent = await FuzzAgent.open(lax);
    try {
      const shrunk = await shrinkFinding(agent, { name: lax.name, capabilities: agent.capabilities } as never, bases, {
        requirement: 'ENV-NEST-008', behaviour: 'accepts-invalid', detail: '', count: 1, best: [{ index: 0, base: 'recipe/authcrypt-x25519', steps, size: 0 }],
      });
      expect(shrunk.observation.steps.map((s) => s.mutator)).toEqual(['sender-swap']);
      expect(shrunk.reproduced).toBe(true);
    } finally {
      await agent.close();
    }
  }, 60_000);

  test('a crash is confirmed on a restarted process and reported under the duty the agent owed', async () => {
    const bases = await loadBases();
    // The seed of a unicode-body step that writes a right-to-left override, which the lax agent dies on.
    let seed = 0;
    for (;;) {
      const recipe = structuredClone(RECIPES['recipe/anoncrypt-x25519-a256cbc-hs512']!);
      recipeMutator('unicode-body')!.apply(recipe, prng(seed));
      if (JSON.stringify(recipe.message).includes('\u202e')) break;
      seed += 1;
    }
    const agent = await FuzzAgent.open(lax);
    try {
      const seen = await observe(agent, { capabilities: agent.capabilities }, bases, 'recipe/anoncrypt-x25519-a256cbc-hs512', [{ kind: 'recipe', mutator: 'unicode-body', seed }]);
      expect(seen.answer.status).toBe('crash');
      expect(seen.judgement).toMatchObject({ kind: 'finding', behaviour: 'crash', requirement: 'ENC-ALG-003' });
      expect(agent.trouble.restarts).toBeGreaterThan(0);
    } finally {
      await agent.close();
    }
  }, 60_000);

  test('a case is its seed: the same plan and the same bytes every time', async () => {
    const bases = await loadBases();
    for (const index of [0, 1, 2, 3, 4, 5]) {
      const plan = planCase(99, index, bases);
      expect(planCase(99, index, bases)).toEqual(plan);
      const [a, b] = [await buildInput(plan, bases), await buildInput(plan, bases)];
      expect(b.text).toBe(a.text);
    }
  });
});
