/**
 * `didcomm-conformance run`: run the suites against one adapter and write reports/<run-id>/run.jsonl.
 * Exit codes: 0 clean, 1 a case failed or errored (outside known issues), 2 usage or harness error (a
 * missing or too old toolchain for an adapter built on first use, a failed build).
 * @module
 */
import { Command, InvalidArgumentError } from 'commander';
import { AdapterNotFound } from '../../adapter/manifest.js';
import { RunSetupError } from '../../runner/run.js';
import { runJob } from '../../runner/job.js';
import { BaselineInvalid, describeComparison } from '../../report/baseline.js';
import { printJobEnd } from './job-output.js';
import { prepareOrExit } from './prepare-adapter.js';
import { isProfileName, PROFILES, type ProfileName } from '../../spec/profiles.js';
import { printable } from '../../report/terminal-text.js';
import type { CaseRecord } from '../../report/run-records.js';
import { OUTCOMES, type Outcome } from '../../report/outcomes.js';

const MARK: Record<Outcome, string> = { passed: '✔', failed: '✘', warning: '!', skipped: '-', errored: 'E' };

function profile(value: string): ProfileName {
  if (!isProfileName(value)) throw new InvalidArgumentError(`one of ${Object.keys(PROFILES).join(', ')}`);
  return value;
}

function shard(value: string): string {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[1]) > Number(match[2])) throw new InvalidArgumentError('i/n with 1 <= i <= n');
  return value;
}

function seed(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('a non-negative integer');
  return parsed;
}

function printCase(record: CaseRecord): void {
  const known = record.knownIssue ? ` (known issue: ${record.knownIssue.key})` : '';
  const reason = record.reason && record.outcome !== 'passed' ? ` — ${record.reason.split('\n')[0]!.slice(0, 200)}` : '';
  process.stdout.write(printable(`${MARK[record.outcome]} ${record.outcome.padEnd(7)} ${record.id}${known}${reason}`) + '\n');
}

/** Registers `run`. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the conformance suites against an adapter; exit 0 clean, 1 failures, 2 usage or harness error')
    .requiredOption('--adapter <name|path|url>', 'adapter: a name under adapters/, a path to adapter.json or its folder, or an http(s) URL')
    .option('--profile <profile>', `only cases of this profile (${Object.keys(PROFILES).join(', ')})`, profile)
    .option('--suite <glob>', 'suites under suites/: folders (plaintext), globs ending in .ts, or a comma-separated list of them (transport,routing)')
    .option('--shard <i/n>', 'run the i-th of n slices of the suite files', shard)
    .option('--out <dir>', 'output folder (default reports/<run-id>)')
    .option('--seed <n>', 'seed for generated inputs (default random, recorded in the header)', seed)
    .option('--clock <epoch-seconds>', 'the reference side\'s fixed time for the run (default: now, recorded in the header)', seed)
    .option('--retries <n>', 'run each failed or errored case N more times; mixed outcomes are marked flaky (never passed)', seed)
    .option('--baseline <file>', 'compare with an expectations file keyed by case ID: exit 1 on a new failure or an expected failure that now passes (xpass)')
    .option('--update-baseline', 'write the --baseline file from this run (every failure expected) instead of comparing')
    .option('--workers <n>', 'suite files run at once (default: one per core; 1 = one at a time)', seed)
    .option('--json', 'print one JSON summary on stdout instead of progress lines')
    .option('--no-reports', 'write run.jsonl only, no rendered reports (start renders every adapter together)')
    .action(async (options: { adapter: string; profile?: ProfileName; suite?: string; shard?: string; out?: string; seed?: number; json?: boolean; retries?: number; baseline?: string; updateBaseline?: boolean; workers?: number; clock?: number; reports: boolean }) => {
      // An adapter with a build section is built first (or found in the cache); progress on stderr.
      if (!await prepareOrExit('run', options.adapter)) return;
      try {
        const job = await runJob({
          ...(options.retries ? { retries: options.retries } : {}),
          ...(options.baseline ? { baseline: options.baseline } : {}),
          ...(options.updateBaseline ? { updateBaseline: true } : {}),
          adapter: options.adapter,
          ...(options.profile ? { profile: options.profile } : {}),
          ...(options.suite ? { suite: options.suite } : {}),
          ...(options.shard ? { shard: options.shard } : {}),
          ...(options.out ? { out: options.out } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(options.workers ? { workers: options.workers } : {}),
          ...(options.clock !== undefined ? { clock: options.clock } : {}),
          ...(options.json ? {} : { onCase: printCase }),
          ...(options.reports ? {} : { render: false }),
        });
        const summary = job.summary;
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...summary, exitCode: job.exitCode, flaky: job.flaky, report: job.reports?.html, baseline: job.comparison ? { exitCode: job.comparison.exitCode, newFailures: job.comparison.newFailures, xpass: job.comparison.xpass } : undefined })}\n`);
        } else {
          const totals = OUTCOMES.map((outcome) => `${summary.totals[outcome]} ${outcome}`).join(', ');
          process.stdout.write(`\n${printable(summary.adapter)}: ${totals}${summary.interrupted ? ' (interrupted)' : ''}\n`);
          for (const [name, result] of Object.entries(summary.profiles)) {
            if (result.verdict === 'not-run') continue;
            const counts = OUTCOMES.filter((outcome) => result.totals[outcome] > 0).map((outcome) => `${result.totals[outcome]} ${outcome}`).join(', ');
            const blocked = result.blocked ? `, of which ${result.blocked} blocked by failures outside the profile` : '';
            const why = result.incompleteBecause ? `: ${result.incompleteBecause}` : '';
            process.stdout.write(printable(`profile ${name}: ${result.verdict}${why} (${counts}${blocked}${result.knownIssues ? `, ${result.knownIssues} known issue(s)` : ''})`) + '\n');
          }
          for (const error of summary.harnessErrors) process.stdout.write(printable(`harness error: ${error}`) + '\n');
          process.stdout.write(`records: ${summary.runFile}\n`);
          if (job.comparison) for (const line of describeComparison(job.comparison)) process.stdout.write(printable(line) + '\n');
          if (options.updateBaseline && options.baseline) process.stdout.write(`baseline written: ${options.baseline}\n`);
          printJobEnd(job);
        }
        process.exitCode = job.exitCode;
      } catch (error) {
        if (error instanceof AdapterNotFound || error instanceof RunSetupError || error instanceof BaselineInvalid) {
          process.stderr.write(printable(`didcomm-conformance run: ${error.message}`) + '\n');
          if (error instanceof RunSetupError) process.stderr.write(`  hint: ${error.hint}\n`);
          process.exitCode = 2;
          return;
        }
        throw error;
      }
    });
}
