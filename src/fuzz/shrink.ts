/**
 * After a campaign: each finding's smallest occurrence is shrunk to the fewest steps that still show the
 * same (requirement, behaviour), then replayed once more with its transcript kept, which is the evidence
 * and the proof that it reproduces. Disagreements are shrunk the same way, keeping their whole pattern.
 * @module
 */
import type { TranscriptEntry } from '../adapter/transcript.js';
import type { FuzzTarget } from './agent.js';
import { patienceFor } from './live-oracle.js';
import { baseOf, buildInput, type Base, type Step } from './cases.js';
import { cellOf, disagreementKey, type Cell } from './cells.js';
import type { AdapterTally, CampaignResult, Disagreement, FindingTally, Occurrence } from './campaign.js';
import type { Answer, Behaviour, Judgement } from './judge.js';
import { expectationFor, type Expectation } from './oracle.js';

/** One input sent to one agent: what was built, what the reference expects, what the agent did. */
export interface Observation {
  base: string;
  steps: Step[];
  /** Live mode: the nonce the message id was made from. */
  nonce?: string;
  text: string;
  expectation: Expectation;
  answer: Answer;
  judgement: Judgement;
  transcript: TranscriptEntry[];
}

export interface ShrunkFinding {
  adapter: string;
  requirement: string;
  behaviour: Behaviour;
  /** Cases of the campaign that showed it. */
  count: number;
  /** The case it was shrunk from, and how many steps that case had. */
  from: { index: number; steps: number };
  observation: Observation;
  /** The shrunk input showed the same (requirement, behaviour) again on a last replay. */
  reproduced: boolean;
}

export interface ShrunkDisagreement {
  expectation: string;
  cells: Record<string, Cell>;
  count: number;
  from: { index: number; steps: number };
  base: string;
  steps: Step[];
  /** Live mode: the nonce of the shrunk input's message id. */
  nonce?: string;
  text: string;
  /** Each adapter's judgement on the shrunk input (`agrees`, a finding, an open difference, n/a). */
  judgements: Record<string, Judgement>;
}

/**
 * Builds `steps` on `base` and asks `agent`; a crash or hang must repeat after a good base to count. Live
 * mode: `nonce` makes the message id (each attempt its own, so no late answer is taken for another's).
 */
export async function observe(agent: FuzzTarget, _tally: Pick<AdapterTally, 'capabilities'>, bases: readonly Base[], base: string, steps: Step[], keepTranscript = false, nonce?: string): Promise<Observation> {
  const built = await buildInput({ base, steps, ...(nonce ? { nonce } : {}) }, bases);
  const origin = baseOf(bases, base);
  const expectation = await expectationFor(built.text, { authentic: built.authentic, base: origin });
  let { answer, transcript } = await agent.ask(built.text, { ...(built.message ? { message: built.message } : {}), keep: keepTranscript, patience: patienceFor(expectation) });
  if ((answer.status === 'crash' || answer.status === 'hang') && !(await agent.confirm(answer.status, built.text, { text: origin.text, ...(origin.recipe ? { message: origin.recipe.message } : {}) }, built.message))) {
    answer = { status: 'errored', code: 'ERR_FUZZ_UNCONFIRMED', detail: `a ${answer.status} that did not repeat: ${answer.detail}` };
  }
  return { base, steps: built.applied, ...(nonce ? { nonce } : {}), text: built.text, expectation, answer, judgement: agent.judge(expectation, answer), transcript };
}

/** The nonce of attempt `attempt` of shrinking the case of `nonce` (undefined outside live mode). */
function attemptNonce(nonce: string | undefined, attempt: string): string | undefined {
  return nonce === undefined ? undefined : `${nonce}/${attempt}`;
}

/** Removes steps one at a time, as long as `shows` holds for the rest; repeats until no step can go. */
async function fewestSteps(steps: Step[], shows: (steps: Step[]) => Promise<Step[] | undefined>): Promise<Step[]> {
  let current = steps;
  for (let changed = true; changed && current.length > 1;) {
    changed = false;
    for (let i = current.length - 1; i >= 0; i--) {
      const kept = await shows(current.filter((_, j) => j !== i));
      if (kept) {
        current = kept;
        changed = true;
        break;
      }
    }
  }
  return current;
}

const sameFinding = (judgement: Judgement, finding: Pick<FindingTally, 'requirement' | 'behaviour'>): boolean =>
  judgement.kind === 'finding' && judgement.requirement === finding.requirement && judgement.behaviour === finding.behaviour;

/**
 * What a shrunk input must still show. A refusal of a valid message is filed under the one duty its steps
 * added (oracle.ts), which need not be what the agent refused: a typ without `application/` plus reordered
 * recipients, refused for the order. So a refusal shrinks on the behaviour alone, and is filed under the
 * duty of the smallest input still refused.
 */
const stillShows = (judgement: Judgement, finding: Pick<FindingTally, 'requirement' | 'behaviour'>): boolean =>
  finding.behaviour === 'rejects-valid' ? judgement.kind === 'finding' && judgement.behaviour === 'rejects-valid' : sameFinding(judgement, finding);

/** `shrink: false` (an interrupted campaign): the smallest occurrence is only replayed, as it was. */
export interface ShrinkOptions {
  shrink?: boolean;
}

export async function shrinkFinding(agent: FuzzTarget, tally: AdapterTally, bases: readonly Base[], finding: FindingTally, options: ShrinkOptions = {}): Promise<ShrunkFinding> {
  const start: Occurrence = finding.best[0]!;
  let attempt = 0;
  const steps = options.shrink === false ? start.steps : await fewestSteps(start.steps, async (fewer) => {
    const seen = await observe(agent, tally, bases, start.base, fewer, false, attemptNonce(start.nonce, `shrink-${attempt++}`));
    return stillShows(seen.judgement, finding) ? seen.steps : undefined;
  });
  const last = await observe(agent, tally, bases, start.base, steps, true, attemptNonce(start.nonce, 'replay'));
  const requirement = stillShows(last.judgement, finding) && last.judgement.kind === 'finding' ? last.judgement.requirement : finding.requirement;
  return {
    adapter: tally.name, requirement, behaviour: finding.behaviour, count: finding.count,
    from: { index: start.index, steps: start.steps.length }, observation: last, reproduced: stillShows(last.judgement, finding),
  };
}

async function shrinkDisagreement(agents: Array<FuzzTarget | undefined>, result: CampaignResult, disagreement: Disagreement, options: ShrinkOptions): Promise<ShrunkDisagreement> {
  const start = disagreement.best[0]!;
  let attempt = 0;
  const ask = async (steps: Step[]): Promise<{ key?: string; steps: Step[]; nonce?: string; text: string; judgements: Record<string, Judgement> }> => {
    const nonce = attemptNonce(start.nonce, `shrink-${attempt++}`);
    const cells: Record<string, Cell> = {};
    const judgements: Record<string, Judgement> = {};
    let expectation: Expectation | undefined;
    let applied = steps;
    let text = '';
    for (const [a, tally] of result.tallies.entries()) {
      const agent = agents[a];
      if (!agent) continue;
      if (tally.unusableBases[start.base] !== undefined) {
        cells[tally.name] = 'n/a';
        judgements[tally.name] = { kind: 'not-applicable', detail: tally.unusableBases[start.base]! };
        continue;
      }
      const seen = await observe(agent, tally, result.bases, start.base, steps, false, nonce);
      expectation = seen.expectation;
      applied = seen.steps;
      text = seen.text;
      cells[tally.name] = cellOf(seen.expectation, seen.answer, seen.judgement);
      judgements[tally.name] = seen.judgement;
    }
    const key = expectation ? disagreementKey(expectation, cells) : undefined;
    return { ...(key ? { key: key.key } : {}), steps: applied, ...(nonce ? { nonce } : {}), text, judgements };
  };
  const wanted = `${disagreement.expectation} | ${Object.entries(disagreement.cells).map(([name, cell]) => `${name}=${cell}`).join(' ')}`;
  const steps = options.shrink === false ? start.steps : await fewestSteps(start.steps, async (fewer) => {
    const seen = await ask(fewer);
    return seen.key === wanted ? seen.steps : undefined;
  });
  const last = await ask(steps);
  return { expectation: disagreement.expectation, cells: disagreement.cells, count: disagreement.count, from: { index: start.index, steps: start.steps.length }, base: start.base, steps: last.steps, ...(last.nonce ? { nonce: last.nonce } : {}), text: last.text, judgements: last.judgements };
}

/** Shrinks every finding of every adapter and every disagreement, with the agents of one job. */
export async function shrinkAll(result: CampaignResult, agents: Array<FuzzTarget | undefined>, options: ShrinkOptions = {}): Promise<{ findings: ShrunkFinding[]; disagreements: ShrunkDisagreement[] }> {
  const findings: ShrunkFinding[] = [];
  for (const [a, tally] of result.tallies.entries()) {
    const agent = agents[a];
    if (!agent) continue;
    const ordered = [...tally.findings.values()].sort((x, y) => x.requirement.localeCompare(y.requirement) || x.behaviour.localeCompare(y.behaviour));
    const shrunk: ShrunkFinding[] = [];
    for (const finding of ordered) {
      const one = await shrinkFinding(agent, tally, result.bases, finding, options);
      // Refusals re-filed under another duty while shrinking join the finding already under it (one per requirement and behaviour).
      const same = shrunk.find((f) => f.requirement === one.requirement && f.behaviour === one.behaviour);
      if (!same) shrunk.push(one);
      else if (one.observation.steps.length < same.observation.steps.length) shrunk.splice(shrunk.indexOf(same), 1, { ...one, count: one.count + same.count });
      else same.count += one.count;
    }
    findings.push(...shrunk);
  }
  const disagreements: ShrunkDisagreement[] = [];
  for (const [, disagreement] of [...result.disagreements].sort(([x], [y]) => x.localeCompare(y))) {
    disagreements.push(await shrinkDisagreement(agents, result, disagreement, options));
  }
  return { findings, disagreements };
}
