/**
 * Repro bundles of fuzz findings and disagreements, and their replay. A bundle is `fuzz.json` (the plan:
 * base and named steps, with the seed and the adapters) beside `input.txt` (the exact bytes), in the case's
 * repro folder; `replay <folder>` rebuilds the bytes from the plan (and says so if they differ from the
 * file, which then wins), asks the agent again and reports whether the same finding (or pattern) shows.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAdapter, type ResolvedAdapter } from '../adapter/manifest.js';
import { safePathSegment } from '../report/safe-path.js';
import type { FuzzTarget } from './agent.js';
import { control, openTarget } from './campaign.js';
import { buildInput, loadBases, type FuzzMode, type Step } from './cases.js';
import { cellOf, disagreementKey, type Cell } from './cells.js';
import type { Answer } from './judge.js';
import { patienceFor } from './live-oracle.js';
import { expectationFor, type Expectation } from './oracle.js';
import type { PlaintextMessage } from '../didcomm/types.js';

export interface FuzzBundle {
  format: 1;
  /** `errored`: an input the harness could not judge (replayed to see whether the trouble repeats). */
  kind: 'finding' | 'disagreement' | 'errored';
  caseId: string;
  seed: number;
  /** `--adapter` values that find the adapters again (bundled name, else the adapter.json path). */
  adapters: string[];
  /** Absent in bundles written before live mode: envelope-kinds. */
  mode?: FuzzMode;
  base: string;
  steps: Step[];
  /** Live mode: the nonce the message id was made from. */
  nonce?: string;
  requirement?: string;
  behaviour?: string;
  /** The disagreement's pattern key (expectation and cells). */
  pattern?: string;
  inputFile: 'input.txt';
}

/** The `--adapter` value that finds `adapter` again. */
export function adapterRefOf(adapter: ResolvedAdapter): string {
  const path = adapter.manifestPath?.replace(/\\/g, '/');
  return !path || path.endsWith(`/adapters/${adapter.name}/adapter.json`) ? adapter.name : adapter.manifestPath!;
}

/** Writes the bundle of one case under `runDir/repro/<case-id>/`; returns the folder. */
export function writeFuzzBundle(runDir: string, bundle: Omit<FuzzBundle, 'format' | 'inputFile'>, text: string): string {
  const dir = join(runDir, 'repro', safePathSegment(bundle.caseId));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'input.txt'), text);
  writeFileSync(join(dir, 'fuzz.json'), `${JSON.stringify({ format: 1, ...bundle, inputFile: 'input.txt' }, null, 2)}\n`);
  return dir;
}

export function isFuzzBundle(dir: string): boolean {
  return existsSync(join(dir, 'fuzz.json'));
}

export interface ReplayOutcome {
  reproduced: boolean;
  lines: string[];
}

async function answerOf(agent: FuzzTarget, text: string, expectation: Expectation, base: { text: string; message?: PlaintextMessage }, message?: PlaintextMessage): Promise<Answer> {
  let { answer } = await agent.ask(text, { ...(message ? { message } : {}), patience: patienceFor(expectation) });
  if ((answer.status === 'crash' || answer.status === 'hang') && !(await agent.confirm(answer.status, text, base, message))) {
    answer = { status: 'errored', code: 'ERR_FUZZ_UNCONFIRMED', detail: `a ${answer.status} that did not repeat` };
  }
  return answer;
}

/**
 * Replays the bundle in `dir` against its adapters (or `adapterOverride` for a finding). `resolve` finds an
 * adapter by its reference; the CLI passes one that also builds it when its build is not cached yet.
 */
export async function replayFuzzBundle(dir: string, adapterOverride?: string, resolve: (ref: string) => Promise<ResolvedAdapter> = async (ref) => resolveAdapter(ref)): Promise<ReplayOutcome> {
  const bundle = JSON.parse(readFileSync(join(dir, 'fuzz.json'), 'utf8')) as FuzzBundle;
  const text = readFileSync(join(dir, bundle.inputFile), 'utf8');
  const lines: string[] = [];
  const mode = bundle.mode ?? 'envelope-kinds';
  const bases = await loadBases(mode);
  const base = bases.find((b) => b.id === bundle.base);
  let authentic: string | undefined;
  let message: PlaintextMessage | undefined;
  if (!base) lines.push(`the corpus no longer has the base ${bundle.base}: replaying the recorded bytes`);
  else {
    const built = await buildInput({ base: bundle.base, steps: bundle.steps, ...(bundle.nonce ? { nonce: bundle.nonce } : {}) }, bases);
    message = built.message;
    if (built.text === text) authentic = built.authentic;
    else lines.push('the plan now builds other bytes (the corpus or a mutator changed): replaying the recorded bytes');
  }
  const expectation = await expectationFor(text, { ...(authentic === undefined ? {} : { authentic }), ...(base ? { base } : {}) });
  const refs = adapterOverride && bundle.kind !== 'disagreement' ? [adapterOverride] : bundle.adapters;
  const cells: Record<string, Cell> = {};
  let reproduced = false;
  for (const ref of refs) {
    const agent = await openTarget(await resolve(ref), mode);
    try {
      // As in the campaign: an agent whose control fails on the base was not asked (n/a).
      const unusable = base ? await control(agent, base) : undefined;
      if (unusable) {
        cells[agent.name] = 'n/a';
        lines.push(`${agent.name}: not asked — ${unusable}`);
        continue;
      }
      const answer = await answerOf(agent, text, expectation, base ? { text: base.text, ...(base.recipe ? { message: base.recipe.message } : {}) } : { text }, message);
      const judgement = agent.judge(expectation, answer);
      cells[agent.name] = cellOf(expectation, answer, judgement);
      lines.push(`${agent.name}: ${answer.status}${answer.status === 'rejected' ? ` (${answer.code})` : ''} — ${judgement.kind === 'finding' ? `breaks ${judgement.requirement} (${judgement.behaviour}): ${judgement.detail}` : judgement.kind}`);
      if (bundle.kind === 'finding') reproduced = judgement.kind === 'finding' && judgement.requirement === bundle.requirement && judgement.behaviour === bundle.behaviour;
      if (bundle.kind === 'errored') reproduced = judgement.kind === 'errored';
    } finally {
      await agent.close();
    }
  }
  if (bundle.kind === 'disagreement') reproduced = disagreementKey(expectation, cells)?.key === bundle.pattern;
  lines.push(reproduced ? `reproduced (${bundle.caseId})` : `did not reproduce (${bundle.caseId})`);
  return { reproduced, lines };
}
