/**
 * `didcomm-conformance fuzz --adapter NAME` and `differential --adapters a,b,c`: seeded structure-aware
 * mutations of valid messages addressed to the agent, through its adapter's `unpack` (or, `--mode live`,
 * delivered to its endpoint), judged by the reference (src/fuzz/). Findings are shrunk, replayable
 * (`replay <bundle>`) and written as run records with every report; `differential` sends the same inputs
 * to every adapter and tables their disagreements.
 * Exit codes: 0 no finding (or none new against --baseline), 1 a finding or an errored input, 2 usage or
 * harness error, or interrupted (what ran is still written). Registered by register/fuzz.ts.
 * @module
 */
import { randomInt } from 'node:crypto';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot, type ResolvedAdapter } from '../../adapter/manifest.js';
import { BaselineInvalid, describeComparison } from '../../report/baseline.js';
import { printable } from '../../report/terminal-text.js';
import { openTarget } from '../../fuzz/campaign.js';
import { DEFAULT_BUDGET_MS } from '../../fuzz/campaign-options.js';
import { FuzzUnsupported } from '../../fuzz/agent.js';
import type { FuzzMode } from '../../fuzz/cases.js';
import { runFuzzJob, type FuzzJobResult } from '../../fuzz/job.js';
import { oddOneOut } from '../../fuzz/records.js';
import { prepareOrExit, preparationProblem, resolveAndPrepare } from './prepare-adapter.js';
import { bundledAdapters } from '../bundled-adapters.js';

/** The options of `fuzz` and `differential`, as register/fuzz.ts parses them. */
export interface FuzzFlags {
  adapter?: string;
  adapters?: string;
  cases?: number;
  seed?: number;
  mode: FuzzMode;
  jobs: number;
  budget?: number;
  out?: string;
  baseline?: string;
  updateBaseline?: boolean;
  suiteRuns?: string;
}

function usage(command: string, message: string): void {
  process.stderr.write(printable(`didcomm-conformance ${command}: ${message}`) + '\n');
  process.exitCode = 2;
}

function printResult(job: FuzzJobResult): void {
  const out = (line: string): boolean => process.stdout.write(`${printable(line)}\n`);
  const { campaign } = job;
  const seconds = campaign.durationMs / 1000;
  if (campaign.interrupted) {
    out(campaign.cases === 0 ? 'interrupted before the first case' : `interrupted: cases 0..${campaign.cases - 1} ran and are recorded (--cases ${campaign.cases} --seed ${campaign.seed} runs them again); findings replayed, not shrunk`);
  }
  out(`${campaign.cases} cases from seed ${campaign.seed} in ${seconds.toFixed(1)} s (${(campaign.cases / Math.max(seconds, 0.001)).toFixed(1)} cases/s over ${campaign.jobs} job(s)); shrinking ${(campaign.shrinkMs / 1000).toFixed(1)} s`);
  for (const tally of campaign.tallies) {
    if (tally.unsupported) {
      out(`${tally.name}: not fuzzed — ${tally.unsupported}`);
      continue;
    }
    const unusable = Object.keys(tally.unusableBases).length;
    out(`${tally.name}: ${tally.counts.asked} asked, ${tally.counts.agrees} agree, ${campaign.shrunk.findings.filter((f) => f.adapter === tally.name).length} finding(s) in ${tally.counts.findings} case(s), ${tally.counts.openDifferences} open differences, ${tally.counts.notApplicable} not claimed, ${tally.counts.errored} errored; ${unusable} of ${campaign.bases.length} bases not asked (control failed)`);
    for (const finding of campaign.shrunk.findings.filter((f) => f.adapter === tally.name)) {
      out(`  ${finding.reproduced ? '✘' : 'E'} fuzz.${finding.behaviour}.${finding.requirement.toLowerCase()} ×${finding.count}: ${finding.observation.base} + ${finding.observation.steps.map((s) => s.mutator).join(' + ') || '(nothing)'}${finding.reproduced ? '' : ' (did not reproduce)'}`);
    }
  }
  if (campaign.tallies.length > 1) {
    out(`disagreements: ${campaign.shrunk.disagreements.length} pattern(s)`);
    for (const disagreement of campaign.shrunk.disagreements) {
      out(`  ×${disagreement.count} ${disagreement.expectation}: ${Object.entries(disagreement.cells).map(([name, cell]) => `${name}=${cell}`).join(' ')} — ${oddOneOut(disagreement).text}`);
    }
  }
  for (const comparison of job.comparisons.values()) for (const line of describeComparison(comparison)) out(line);
  for (const entry of job.reports.repro.slice(0, 15)) out(`repro ${entry.caseId}: ${entry.command}`);
  out(`report: ${pathToFileURL(job.reports.html).href}`);
}

/** Why `adapter` cannot be fuzzed live (one line), or undefined: it is opened and set up once to find out. */
async function liveRefusalOf(adapter: ResolvedAdapter): Promise<string | undefined> {
  try {
    const agent = await openTarget(adapter, 'live');
    await agent.close();
    return undefined;
  } catch (error) {
    if (error instanceof FuzzUnsupported) return error.message;
    throw error;
  }
}

async function fuzzCampaign(command: string, refs: string[], flags: FuzzFlags): Promise<void> {
  const adapters: ResolvedAdapter[] = [];
  if (refs.length === 1) {
    const adapter = await prepareOrExit(command, refs[0]!);
    if (!adapter) return;
    adapters.push(adapter);
  } else {
    // Several adapters (as start and matrix do): one that cannot be built here is left out with its reason,
    // the others still compared; a name that matches nothing is a usage error.
    for (const ref of refs) {
      try {
        adapters.push(await resolveAndPrepare(ref, process.stderr));
      } catch (error) {
        const problem = preparationProblem(error);
        if (!problem) throw error;
        if (problem.kind === 'usage') return usage(command, problem.message);
        process.stderr.write(printable(`didcomm-conformance ${command}: ${ref} left out: ${problem.kind === 'build' ? 'its build failed: ' : ''}${problem.message}`) + '\n');
      }
    }
    if (adapters.length < 2) return usage(command, `needs at least two adapters that can run here (${adapters.length} of ${refs.length})`);
  }
  if (flags.mode === 'live') {
    // The live waits follow one case at a time (src/agent/waits.ts), and an agent that cannot be fuzzed live is a usage error.
    if (flags.jobs > 1) return usage(command, '--mode live runs one job (--jobs 1): the harness watches one delivery at a time');
    if (adapters.length === 1) {
      const refusal = await liveRefusalOf(adapters[0]!);
      if (refusal) return usage(command, refusal);
    }
  }
  const seed = flags.seed ?? randomInt(0, 2 ** 31);
  const out = flags.out ?? join(packageRoot(), 'reports', `fuzz-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  // About a minute per adapter: the same inputs go to each of them in turn.
  const budgetMs = flags.budget !== undefined ? flags.budget * 1000 : DEFAULT_BUDGET_MS * adapters.length;
  process.stderr.write(printable(`didcomm-conformance ${command}: ${adapters.map((a) => a.name).join(', ')}, seed ${seed}, ${flags.cases ? `${flags.cases} cases` : `${budgetMs / 1000} s budget`}, ${flags.jobs} job(s), output ${relative(process.cwd(), out) || '.'}`) + '\n');
  let last = 0;
  // A first SIGINT/SIGTERM stops the campaign after the cases in flight and still writes its records and
  // reports (findings replayed, not shrunk); a second one ends the process at once.
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`didcomm-conformance ${command}: ${signal}: stopping after the cases in flight and writing what ran (again to quit at once)\n`);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const job = await runFuzzJob({
      signal: stop.signal,
      adapters, mode: flags.mode, seed, jobs: flags.jobs, out,
      ...(flags.cases ? { cases: flags.cases } : { budgetMs }),
      ...(flags.baseline ? { baseline: flags.baseline } : {}),
      ...(flags.updateBaseline ? { updateBaseline: true } : {}),
      ...(flags.suiteRuns ? { suiteRuns: flags.suiteRuns } : {}),
      onProgress: (done) => {
        if (done - last >= 1000) {
          last = done;
          process.stderr.write(`  ${done} cases\n`);
        }
      },
    });
    printResult(job);
    process.exitCode = job.exitCode;
  } catch (error) {
    if (error instanceof BaselineInvalid) return usage(command, error.message);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** `fuzz`: one adapter, or with `--adapters` several (the differential mode). */
export async function fuzzAction(flags: FuzzFlags): Promise<void> {
  if (flags.updateBaseline && !flags.baseline) return usage('fuzz', '--update-baseline needs --baseline FILE');
  const refs = flags.adapters ? flags.adapters.split(',').map((a) => a.trim()).filter(Boolean) : flags.adapter ? [flags.adapter] : [];
  if (refs.length === 0) return usage('fuzz', 'name the adapter: --adapter NAME (or --adapters a,b,c for the differential mode)');
  if (flags.adapter && flags.adapters) return usage('fuzz', 'give --adapter or --adapters, not both');
  await fuzzCampaign('fuzz', refs, flags);
}

/** `differential`: the same inputs to several adapters (default: every bundled one). */
export async function differentialAction(flags: FuzzFlags): Promise<void> {
  if (flags.updateBaseline && !flags.baseline) return usage('differential', '--update-baseline needs --baseline FILE');
  const refs = flags.adapters ? flags.adapters.split(',').map((a) => a.trim()).filter(Boolean) : bundledAdapters();
  if (refs.length < 2) return usage('differential', 'needs at least two adapters (--adapters a,b)');
  await fuzzCampaign('differential', refs, flags);
}
