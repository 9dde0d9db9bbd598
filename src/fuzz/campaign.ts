/**
 * A fuzz campaign: case i of seed S is planned, built and judged by the reference once, then sent to every
 * adapter asked (one session per adapter per job, `jobs` at a time). Each adapter's answer is judged
 * (judge.ts); findings are counted by (requirement, behaviour) and, with several adapters, inputs on which
 * they answer differently by their pattern. Only the smallest occurrences are kept: what a finding needs
 * (the plan) is shrunk and replayed afterwards (shrink.ts). The cases run are always 0..n-1, so
 * `--cases n --seed S` replays a campaign that a time budget or an interrupt (`signal`) cut at n.
 * @module
 */
import type { ResolvedAdapter } from '../adapter/manifest.js';
import type { Capabilities } from '../adapter/protocol/v1/types.generated.js';
import { FuzzAgent, FuzzUnsupported, type FuzzTarget } from './agent.js';
import { baseOf, buildInput, loadBases, planCase, type Base, type CasePlan, type FuzzMode, type Step } from './cases.js';
import { LiveFuzzAgent } from './live-agent.js';
import { cellOf, disagreementKey, type Cell } from './cells.js';
import { judgeAccepted, sameContent, type Answer, type Behaviour } from './judge.js';
import { acceptanceDuty, expectationFor } from './oracle.js';
import { patienceFor } from './live-oracle.js';
import { shrinkAll, type ShrunkDisagreement, type ShrunkFinding } from './shrink.js';
import { DEFAULT_BUDGET_MS } from './campaign-options.js';

/** A case that showed something, small enough to keep by the thousand. */
export interface Occurrence {
  index: number;
  base: string;
  steps: Step[];
  size: number;
  /** Live mode: the case's nonce (its message id). */
  nonce?: string;
}

/** How often something showed, and its smallest occurrences (fewest steps, then fewest bytes, then first). */
export interface Kept {
  count: number;
  best: Occurrence[];
}

const KEEP = 3;

function keep(kept: Kept, occurrence: Occurrence): void {
  kept.count += 1;
  kept.best.push(occurrence);
  kept.best.sort((a, b) => a.steps.length - b.steps.length || a.size - b.size || a.index - b.index);
  kept.best.length = Math.min(kept.best.length, KEEP);
}

export interface FindingTally extends Kept {
  requirement: string;
  behaviour: Behaviour;
  detail: string;
}

export interface AdapterTally {
  name: string;
  adapter: ResolvedAdapter;
  /** Why this adapter could not be fuzzed at all. */
  unsupported?: string;
  capabilities?: Capabilities;
  described?: object;
  /** Bases whose untouched control the agent did not accept with the right content: not asked about. */
  unusableBases: Record<string, string>;
  answers: Record<Answer['status'], number>;
  counts: { asked: number; agrees: number; findings: number; openDifferences: number; notApplicable: number; errored: number; notAsked: number };
  findings: Map<string, FindingTally>;
  /** Differences on open inputs, by the entry that leaves them open. */
  openDifferences: Map<string, number>;
  errored: Array<{ index: number; plan: CasePlan; detail: string }>;
  trouble: { sessions: number; restarts: number };
}

export interface Disagreement extends Kept {
  expectation: string;
  cells: Record<string, Cell>;
}

export interface CampaignResult {
  mode: FuzzMode;
  seed: number;
  cases: number;
  jobs: number;
  bases: Base[];
  usableBases: string[];
  tallies: AdapterTally[];
  disagreements: Map<string, Disagreement>;
  /** Milliseconds of the cases themselves (start-up, controls and shrinking apart): the figure behind cases/s. */
  durationMs: number;
  /** Milliseconds spent shrinking and replaying after the cases. */
  shrinkMs: number;
  /** Every finding shrunk and replayed, every disagreement shrunk (after the cases). */
  shrunk: { findings: ShrunkFinding[]; disagreements: ShrunkDisagreement[] };
  /** Stopped by `signal` before its cases or budget ran out: what ran is kept, replayed but not shrunk. */
  interrupted: boolean;
}

export interface CampaignOptions {
  adapters: ResolvedAdapter[];
  /** Default envelope-kinds (through unpack); live delivers to the agent's endpoint. */
  mode?: FuzzMode;
  seed: number;
  /** Exactly this many cases; without it, as many as `budgetMs` allows. */
  cases?: number;
  budgetMs?: number;
  jobs: number;
  onProgress?: (done: number, result: Pick<CampaignResult, 'tallies'>) => void;
  /** Aborting it stops the campaign after the cases in flight; their results are kept and recorded. */
  signal?: AbortSignal;
}

function newTally(adapter: ResolvedAdapter): AdapterTally {
  return {
    name: adapter.name, adapter, unusableBases: {},
    answers: { accepted: 0, rejected: 0, silent: 0, crash: 0, hang: 0, errored: 0 },
    counts: { asked: 0, agrees: 0, findings: 0, openDifferences: 0, notApplicable: 0, errored: 0, notAsked: 0 },
    findings: new Map(), openDifferences: new Map(), errored: [], trouble: { sessions: 0, restarts: 0 },
  };
}

/**
 * The untouched base must come back accepted with its content and true metadata (or, for a nested stack, as
 * its inner layer), or mutations of it prove nothing about this agent: it is not asked about them.
 */
export async function control(agent: FuzzTarget, base: Base): Promise<string | undefined> {
  const { answer } = await agent.ask(base.text, base.recipe ? { message: base.recipe.message } : {});
  if (answer.status !== 'accepted') return `the untouched base was ${answer.status}${answer.status === 'rejected' ? ` (${answer.code}: ${answer.message.slice(0, 160)})` : ''}`;
  const judged = judgeAccepted(answer, base.reference, acceptanceDuty(base.text) ?? 'ENV-PLAIN-001');
  if (judged.kind === 'finding') return `the untouched base came back wrong: ${judged.detail}`;
  return sameContent(answer.message, base.reference) || judged.kind === 'open-difference' ? undefined : 'the untouched base came back with other content';
}

/** Opens `adapter` to be fuzzed in `mode`; throws FuzzUnsupported when it cannot be. */
export function openTarget(adapter: ResolvedAdapter, mode: FuzzMode): Promise<FuzzTarget> {
  return mode === 'live' ? LiveFuzzAgent.open(adapter) : FuzzAgent.open(adapter);
}

/** Opens one agent per adapter, or records why the adapter cannot be fuzzed. */
async function openAgents(tallies: AdapterTally[], mode: FuzzMode): Promise<Array<FuzzTarget | undefined>> {
  return Promise.all(tallies.map(async (tally) => {
    if (tally.unsupported) return undefined;
    try {
      return await openTarget(tally.adapter, mode);
    } catch (error) {
      if (error instanceof FuzzUnsupported) {
        tally.unsupported = error.message;
        return undefined;
      }
      throw error;
    }
  }));
}

/** Runs a campaign; every adapter process it started is closed when it returns or throws. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const mode = options.mode ?? 'envelope-kinds';
  const bases = await loadBases(mode);
  const tallies = options.adapters.map(newTally);
  const jobs: Array<Array<FuzzTarget | undefined>> = [];
  try {
    jobs.push(await openAgents(tallies, mode));
    for (const [a, agent] of jobs[0]!.entries()) {
      if (!agent) continue;
      tallies[a]!.capabilities = agent.capabilities;
      tallies[a]!.described = agent.description.implementation;
      for (const base of bases) {
        const why = await control(agent, base);
        if (why) tallies[a]!.unusableBases[base.id] = why;
      }
    }
    const supported = tallies.filter((t) => !t.unsupported);
    // A base is used when every adapter can take it, or (differential) at least two can.
    const needed = Math.min(supported.length, 2) || 1;
    const usable = bases.filter((base) => supported.filter((t) => t.unusableBases[base.id] === undefined).length >= (supported.length === 1 ? 1 : needed));
    for (let j = 1; j < options.jobs && supported.length > 0; j++) jobs.push(await openAgents(tallies, mode));
    const disagreements = new Map<string, Disagreement>();
    let next = 0;
    let done = 0;
    const limit = options.cases ?? Number.MAX_SAFE_INTEGER;
    const loopStarted = performance.now();
    const deadline = options.cases === undefined ? loopStarted + (options.budgetMs ?? DEFAULT_BUDGET_MS) : Number.POSITIVE_INFINITY;
    const worker = async (agents: Array<FuzzTarget | undefined>): Promise<void> => {
      while (next < limit && performance.now() < deadline && usable.length > 0 && supported.length > 0 && !options.signal?.aborted) {
        const index = next++;
        await runCase(index, agents);
        done += 1;
        options.onProgress?.(done, { tallies });
      }
    };
    const runCase = async (index: number, agents: Array<FuzzTarget | undefined>): Promise<void> => {
      const plan = planCase(options.seed, index, usable, mode);
      let built: Awaited<ReturnType<typeof buildInput>>;
      let expectation: Awaited<ReturnType<typeof expectationFor>>;
      try {
        built = await buildInput(plan, bases);
        expectation = await expectationFor(built.text, { authentic: built.authentic, base: baseOf(bases, plan.base) });
      } catch (error) {
        // A harness bug on one input (a mutator, the oracle) errors that case for every adapter, never the campaign.
        for (const tally of tallies) {
          if (tally.unsupported) continue;
          tally.counts.errored += 1;
          if (tally.errored.length < 50) tally.errored.push({ index, plan, detail: `harness: ${error instanceof Error ? error.message : String(error)}` });
        }
        return;
      }
      const occurrence: Occurrence = { index, base: plan.base, steps: built.applied, size: built.text.length, ...(plan.nonce ? { nonce: plan.nonce } : {}) };
      const base = baseOf(bases, plan.base);
      const asked = { ...(built.message ? { message: built.message } : {}), patience: patienceFor(expectation) };
      const cells: Record<string, Cell> = {};
      for (const [a, tally] of tallies.entries()) {
        const agent = agents[a];
        if (!agent) continue;
        if (tally.unusableBases[plan.base] !== undefined) {
          tally.counts.notAsked += 1;
          cells[tally.name] = 'n/a';
          continue;
        }
        let { answer } = await agent.ask(built.text, asked);
        if ((answer.status === 'crash' || answer.status === 'hang') && !(await agent.confirm(answer.status, built.text, { text: base.text, ...(base.recipe ? { message: base.recipe.message } : {}) }, built.message))) {
          answer = { status: 'errored', code: 'ERR_FUZZ_UNCONFIRMED', detail: `a ${answer.status} that did not repeat after the untouched base was accepted: ${answer.detail}` };
        }
        tally.counts.asked += 1;
        tally.answers[answer.status] += 1;
        const judgement = agent.judge(expectation, answer);
        cells[tally.name] = cellOf(expectation, answer, judgement);
        if (judgement.kind === 'finding') {
          tally.counts.findings += 1;
          const key = `${judgement.requirement}|${judgement.behaviour}`;
          const kept = tally.findings.get(key) ?? { requirement: judgement.requirement, behaviour: judgement.behaviour, detail: judgement.detail, count: 0, best: [] };
          keep(kept, occurrence);
          tally.findings.set(key, kept);
        } else if (judgement.kind === 'open-difference') {
          tally.counts.openDifferences += 1;
          const id = judgement.because.split(':')[0]!;
          tally.openDifferences.set(id, (tally.openDifferences.get(id) ?? 0) + 1);
        } else if (judgement.kind === 'not-applicable') tally.counts.notApplicable += 1;
        else if (judgement.kind === 'errored') {
          tally.counts.errored += 1;
          if (tally.errored.length < 50) tally.errored.push({ index, plan, detail: judgement.detail });
        } else tally.counts.agrees += 1;
      }
      const key = disagreementKey(expectation, cells);
      if (key) {
        const kept = disagreements.get(key.key) ?? { expectation: key.expectation, cells: key.cells, count: 0, best: [] };
        keep(kept, occurrence);
        disagreements.set(key.key, kept);
      }
    };
    await Promise.all(jobs.map((agents) => worker(agents)));
    for (const [a, tally] of tallies.entries()) {
      const agent = jobs[0]![a];
      if (agent) tally.trouble = jobs.reduce((sum, agents) => ({ sessions: sum.sessions + (agents[a]?.trouble.sessions ?? 0), restarts: sum.restarts + (agents[a]?.trouble.restarts ?? 0) }), { sessions: 0, restarts: 0 });
    }
    const interrupted = options.signal?.aborted === true;
    const result: CampaignResult = {
      mode, seed: options.seed, cases: Math.min(next, limit), jobs: jobs.length, durationMs: 0, bases, usableBases: usable.map((b) => b.id), tallies, disagreements,
      shrinkMs: 0, shrunk: { findings: [], disagreements: [] }, interrupted,
    };
    // The figure is cases per second of the cases themselves; shrinking is reported apart.
    const loopEnded = performance.now();
    result.durationMs = loopEnded - loopStarted;
    // Interrupted: each finding is replayed once for its evidence, not shrunk (the user asked to stop).
    result.shrunk = await shrinkAll(result, jobs[0]!, { shrink: !interrupted });
    result.shrinkMs = performance.now() - loopEnded;
    return result;
  } finally {
    await Promise.all(jobs.flat().map((agent) => agent?.close()));
  }
}
