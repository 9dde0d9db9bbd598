/**
 * One `fuzz` or `differential` job, as `run` does a conformance job: run the campaign, write the run records
 * (records.ts), a repro bundle and a candidate vector per finding, a bundle per disagreement, compare with a
 * baseline, render every report into the output folder. Exit code: 1 on a finding or errored input outside
 * known issues (with a baseline: on a new one), 0 otherwise, 2 when interrupted (its results are still written);
 * 2 is also the caller's (usage, harness trouble).
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot, type ResolvedAdapter } from '../adapter/manifest.js';
import { baselineFromRuns, compareWithBaseline, readBaseline, type BaselineComparison } from '../report/baseline.js';
import { loadRun, type RunData } from '../report/run-data.js';
import { writeReports, type WrittenReports } from '../report/write-reports.js';
import { safePathSegment } from '../report/safe-path.js';
import { runCampaign, type CampaignResult } from './campaign.js';
import { buildInput, type FuzzMode } from './cases.js';
import { writeCandidate } from './candidates.js';
import { differentialCaseId, findingCaseId, runDirOf, writeCampaignRuns, type CampaignInfo } from './records.js';
import { adapterRefOf, writeFuzzBundle } from './replay.js';
import type { ShrunkFinding } from './shrink.js';

export interface FuzzJobOptions {
  adapters: ResolvedAdapter[];
  /** Default envelope-kinds (through unpack); live delivers to each agent's endpoint. */
  mode?: FuzzMode;
  seed: number;
  cases?: number;
  budgetMs?: number;
  jobs: number;
  out: string;
  baseline?: string;
  updateBaseline?: boolean;
  onProgress?: (done: number) => void;
  /** Aborting it stops the campaign; what ran is still recorded and reported (exit code 2, as an interrupted run). */
  signal?: AbortSignal;
  /** Where each adapter's conformance run is (`<dir>/<adapter>/run.jsonl`), to compare findings with. */
  suiteRuns?: string;
}

export interface FuzzJobResult {
  campaign: CampaignResult;
  runs: RunData[];
  comparisons: Map<string, BaselineComparison>;
  reports: WrittenReports;
  exitCode: 0 | 1 | 2;
}

function shellPath(path: string): string {
  const shown = relative(process.cwd(), path);
  const chosen = shown.startsWith('..') ? path : shown;
  return /^[A-Za-z0-9_./:@=+-]+$/.test(chosen) ? chosen : `'${chosen.replace(/'/g, `'\\''`)}'`;
}

/**
 * "Already covered by a suite case": the cases of the adapter's conformance run (`--suite-run`, default
 * reports/latest/runs/<adapter>/run.jsonl as `start` writes it) that failed under the same requirement.
 */
function suiteFailuresByRequirement(path: string): Map<string, string[]> | undefined {
  if (!existsSync(path)) return undefined;
  const byRequirement = new Map<string, string[]>();
  for (const record of loadRun(path).cases) {
    if (record.outcome !== 'failed') continue;
    for (const id of new Set([record.error?.requirement, record.rootCause?.requirement].filter((r): r is string => r !== undefined))) {
      byRequirement.set(id, [...(byRequirement.get(id) ?? []), record.id]);
    }
  }
  return byRequirement;
}

/** The conformance run a finding of `adapter` is compared with: `start`'s layout, reports/latest/runs by default. */
export function suiteRunOf(root: string, adapter: string, dir?: string): string {
  return join(dir ?? join(root, 'reports', 'latest', 'runs'), safePathSegment(adapter), 'run.jsonl');
}

export async function runFuzzJob(options: FuzzJobOptions): Promise<FuzzJobResult> {
  const root = packageRoot();
  const startedAt = new Date().toISOString();
  const baseline = options.baseline && !options.updateBaseline ? readBaseline(options.baseline) : undefined;
  const mode = options.mode ?? 'envelope-kinds';
  const campaign = await runCampaign({
    adapters: options.adapters, mode, seed: options.seed, jobs: options.jobs,
    ...(options.cases ? { cases: options.cases } : { budgetMs: options.budgetMs }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const several = options.adapters.length > 1;
  const info: CampaignInfo = {
    kind: several ? 'differential' : 'fuzz', mode, seed: options.seed, jobs: options.jobs, startedAt, shrinkMs: campaign.shrinkMs,
    ...(options.cases ? { cases: options.cases } : { budgetMs: options.budgetMs ?? 0 }),
  };
  const covered = new Map(options.adapters.map((adapter) => [adapter.name, suiteFailuresByRequirement(suiteRunOf(root, adapter.name, options.suiteRuns))]));
  const candidates = new Map<ShrunkFinding, string | undefined>();
  for (const finding of campaign.shrunk.findings) {
    candidates.set(finding, await writeCandidate(join(runDirOf(options.out, finding.adapter, several), 'candidates'), finding));
  }
  const files = writeCampaignRuns(root, campaign, info, options.out, (finding) => {
    const candidate = candidates.get(finding);
    return {
      replay: (runDir, caseId) => `npx didcomm-conformance replay ${shellPath(join(runDir, 'repro', safePathSegment(caseId)))}`,
      ...(candidate ? { candidate: `candidates/${candidate}` } : {}),
      // Without a conformance run of the adapter there is nothing to compare with: left out, not "new".
      ...(covered.get(finding.adapter) ? { coveredBy: covered.get(finding.adapter)!.get(finding.requirement) ?? [] } : {}),
    };
  });
  const refs = Object.fromEntries(options.adapters.map((adapter) => [adapter.name, adapterRefOf(adapter)]));
  for (const finding of campaign.shrunk.findings) {
    writeFuzzBundle(runDirOf(options.out, finding.adapter, several), {
      kind: 'finding', caseId: findingCaseId(finding), seed: options.seed, mode, adapters: [refs[finding.adapter]!], base: finding.observation.base,
      steps: finding.observation.steps, ...(finding.observation.nonce ? { nonce: finding.observation.nonce } : {}), requirement: finding.requirement, behaviour: finding.behaviour,
    }, finding.observation.text);
  }
  for (const tally of campaign.tallies) {
    for (const item of tally.errored) {
      const built = await buildInput(item.plan, campaign.bases).catch(() => undefined);
      if (!built) continue;
      writeFuzzBundle(runDirOf(options.out, tally.name, several), {
        kind: 'errored', caseId: `fuzz.errored.case-${item.index}`, seed: options.seed, mode, adapters: [refs[tally.name]!], base: item.plan.base, steps: built.applied,
        ...(item.plan.nonce ? { nonce: item.plan.nonce } : {}),
      }, built.text);
    }
  }
  for (const disagreement of campaign.shrunk.disagreements) {
    writeFuzzBundle(join(options.out, 'differential'), {
      kind: 'disagreement', caseId: differentialCaseId(disagreement), seed: options.seed, mode, adapters: Object.values(refs), base: disagreement.base,
      ...(disagreement.nonce ? { nonce: disagreement.nonce } : {}),
      steps: disagreement.steps, pattern: `${disagreement.expectation} | ${Object.entries(disagreement.cells).map(([name, cell]) => `${name}=${cell}`).join(' ')}`,
    }, disagreement.text);
  }
  const runs = files.map((file) => loadRun(file));
  const comparisons = new Map<string, BaselineComparison>();
  if (options.baseline && options.updateBaseline) {
    let previous = {};
    try {
      previous = readBaseline(options.baseline);
    } catch {
      // no usable baseline yet: write a fresh one
    }
    writeFileSync(options.baseline, `${JSON.stringify(baselineFromRuns(runs, previous), null, 2)}\n`);
  } else if (baseline && options.baseline) {
    for (const run of runs) comparisons.set(run.header.adapter.name, compareWithBaseline(run, baseline, options.baseline));
  }
  const reports = writeReports(runs, options.out, comparisons);
  const unexpected = runs.some((run) => run.cases.some((c) => (c.outcome === 'failed' || c.outcome === 'errored') && !c.knownIssue));
  const exitCode = campaign.interrupted ? 2 : comparisons.size > 0 ? ([...comparisons.values()].some((c) => c.exitCode === 1) ? 1 : 0) : options.updateBaseline ? 0 : unexpected ? 1 : 0;
  return { campaign, runs, comparisons, reports, exitCode };
}
