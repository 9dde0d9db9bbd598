/**
 * `didcomm-conformance run`: run the suites against one adapter and write reports/<run-id>/ (under the working
 * directory, or --out): run.jsonl and every report. Progress: a live line on a terminal, a line per case in CI;
 * at the end, what to fix in order. A suite selection that matches no file is refused before anything is
 * written; Ctrl-C renders what was recorded and says so.
 * Exit codes: 0 clean, 1 a case failed or errored (outside known issues), 2 usage or harness error (a
 * missing or too old toolchain for an adapter built on first use, a failed build, an interrupted run).
 * Registered by register/run.ts.
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AdapterNotFound, packageRoot } from '../../adapter/manifest.js';
import { newRunId, RunSetupError, suiteGlobs } from '../../runner/run.js';
import { readCaseCounts, rememberCaseCounts, selectedSuiteFiles, suitesDigest } from '../../report/case-counts.js';
import { ProgressState, RunProgress } from '../../report/progress.js';
import { loadRun } from '../../report/run-data.js';
import { writeReports } from '../../report/write-reports.js';
import { runJob } from '../../runner/job.js';
import { BaselineInvalid, describeComparison } from '../../report/baseline.js';
import { printJobEnd } from './job-output.js';
import { prepareOrExit } from './prepare-adapter.js';
import { applyAdapterHeaders } from '../apply-adapter-headers.js';
import type { ProfileName } from '../../spec/profiles.js';
import { printable } from '../../report/terminal-text.js';
import { OUTCOMES } from '../../report/outcomes.js';
import type { ProfileResult } from '../../runner/verdicts.js';

/** The options of `run`, as register/run.ts parses them. */
export interface RunOptions {
  adapter?: string;
  adapterHeader?: string[];
  profile?: ProfileName;
  suite?: string;
  case?: string[];
  shard?: string;
  out?: string;
  seed?: number;
  clock?: number;
  retries?: number;
  baseline?: string;
  updateBaseline?: boolean;
  workers?: number;
  json?: boolean;
  reports: boolean;
}

function usage(message: string): void {
  process.stderr.write(printable(`didcomm-conformance run: ${message}`) + '\n');
  process.exitCode = 2;
}

/** The suite folders, for an error message. */
function suiteFolders(root: string): string {
  return [...new Set((selectedSuiteFiles(root, suiteGlobs('**')) ?? []).map((file) => file.split('/')[1]!))].join(', ');
}

/**
 * After Ctrl-C the test runner ends the process before `run` can render: this renders, on the way out,
 * whatever the run recorded (the footer says interrupted), and says where.
 */
function renderOnExit(out: string): () => void {
  return () => {
    try {
      if (!existsSync(join(out, 'run.jsonl'))) return;
      const run = loadRun(out);
      const written = writeReports([run], out);
      process.stderr.write(`\ninterrupted: rendered the ${run.cases.length} case(s) recorded so far (the run is incomplete)\nreport: ${pathToFileURL(written.html).href}\n`);
    } catch (error) {
      process.stderr.write(`\ninterrupted: the records are in ${out}/run.jsonl; render them with: didcomm-conformance report ${out} (${(error as Error).message})\n`);
    }
  };
}

/** `run`: the suites against one adapter, its records and reports; the exit code says how it went. */
export async function runAction(options: RunOptions): Promise<void> {
  if (!options.adapter) return usage('--adapter is required: a name under adapters/, a path to adapter.json or its folder, or an http(s) URL (adapter init writes one)');
  if (!applyAdapterHeaders('run', options.adapterHeader)) return;
  const root = packageRoot();
  const files = selectedSuiteFiles(root, suiteGlobs(options.suite ?? '**'));
  if (options.suite && files?.length === 0) return usage(`no suite file matches "${options.suite}" (folders: ${suiteFolders(root)}; or a file such as envelope/plaintext.test.ts; didcomm-conformance list suites shows them all)`);
  // Without --suite every file would load to find one case, and verdicts would read the run as complete.
  if (options.case && !options.suite) return usage('--case needs --suite naming the case\'s file (the file is in the case\'s record and in report.html)');
  // An adapter with a build section is built first (or found in the cache); progress on stderr.
  const adapter = await prepareOrExit('run', options.adapter);
  if (!adapter) return;
  const runId = newRunId();
  const out = resolve(options.out ?? join(process.cwd(), 'reports', runId));
  const digest = suitesDigest(root);
  const progress = options.json ? undefined : new RunProgress(adapter.name, new ProgressState(files, readCaseCounts(digest)));
  if (progress) process.stdout.write(printable(`${adapter.name}: starting ${options.suite ? `suites ${options.suite}` : 'every suite'}${options.profile ? `, profile ${options.profile}` : ''} …`) + '\n');
  const onExit = options.reports ? renderOnExit(out) : () => undefined;
  process.once('exit', onExit);
  try {
    const job = await runJob({
      runId,
      out,
      ...(options.case ? { caseIds: options.case } : {}),
      ...(options.retries ? { retries: options.retries } : {}),
      ...(options.baseline ? { baseline: options.baseline } : {}),
      ...(options.updateBaseline ? { updateBaseline: true } : {}),
      adapter: options.adapter,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.suite ? { suite: options.suite } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      ...(progress ? { onCase: progress.onCase } : {}),
      ...(options.reports ? {} : { render: false }),
    });
    process.off('exit', onExit);
    progress?.stop();
    const summary = job.summary;
    if (!summary.interrupted && !options.case) rememberCaseCounts(digest, job.run.cases);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ ...summary, exitCode: job.exitCode, flaky: job.flaky, report: job.reports?.html, baseline: job.comparison ? { exitCode: job.comparison.exitCode, newFailures: job.comparison.newFailures, xpass: job.comparison.xpass } : undefined })}\n`);
    } else {
      const totals = OUTCOMES.map((outcome) => `${summary.totals[outcome]} ${outcome}`).join(', ');
      process.stdout.write(`\n${printable(summary.adapter)}: ${totals}${summary.interrupted ? ' (interrupted)' : ''}\n`);
      for (const [name, result] of Object.entries(summary.profiles)) {
        if (result.verdict === 'not-run') continue;
        process.stdout.write(printable(profileLine(name, result)) + '\n');
      }
      for (const error of summary.harnessErrors) process.stdout.write(printable(`harness error: ${error}`) + '\n');
      process.stdout.write(`records: ${summary.runFile}\n`);
      if (job.comparison) for (const line of describeComparison(job.comparison)) process.stdout.write(printable(line) + '\n');
      if (options.updateBaseline && options.baseline) process.stdout.write(`baseline written: ${options.baseline}\n`);
      printJobEnd(job);
    }
    process.exitCode = job.exitCode;
  } catch (error) {
    process.off('exit', onExit);
    progress?.stop();
    if (error instanceof AdapterNotFound || error instanceof RunSetupError || error instanceof BaselineInvalid) {
      process.stderr.write(printable(`didcomm-conformance run: ${error.message}`) + '\n');
      if (error instanceof RunSetupError) process.stderr.write(`  hint: ${error.hint}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}


/**
 * One profile's line at the end of a run, counted as the profile counts them (report.html's table): a blocked
 * case failed on a cause outside the profile and is not one of its failures (the line read "2 failed, 26
 * skipped, of which 2 blocked", wrong both ways).
 */
export function profileLine(name: string, result: ProfileResult): string {
  const blocked = result.blocked ?? 0;
  const counted = { ...result.totals, failed: result.totals.failed - blocked };
  const why = result.incompleteBecause ? `: ${result.incompleteBecause}` : '';
  const counts = [
    ...OUTCOMES.filter((outcome) => outcome !== 'skipped' && counted[outcome] > 0).map((outcome) => `${counted[outcome]} ${outcome}`),
    ...(blocked ? [why.includes('blocked') ? `${blocked} blocked` : `${blocked} blocked by failures outside the profile`] : []),
    ...(counted.skipped ? [`${counted.skipped} skipped`] : []),
    ...(result.knownIssues ? [`${result.knownIssues} known issue(s)`] : []),
  ].join(', ');
  return `profile ${name}: ${result.verdict}${why} (${counts})`;
}
