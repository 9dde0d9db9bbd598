/**
 * Registers `run` (implemented in commands/run.ts) and checks its option values as they are parsed.
 * @module
 */
import { InvalidArgumentError, type Command } from 'commander';
import { isProfileName, PROFILES, type ProfileName } from '../../spec/profiles.js';
import { adapterHeaderOption } from '../adapter-header-option.js';
import type { RunOptions } from '../commands/run.js';
import { nonNegativeInteger, positiveInteger } from './number-options.js';

const implementation = () => import('../commands/run.js');

function profile(value: string): ProfileName {
  if (!isProfileName(value)) throw new InvalidArgumentError(`one of ${Object.keys(PROFILES).join(', ')}`);
  return value;
}

function shard(value: string): string {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[1]) > Number(match[2])) throw new InvalidArgumentError('i/n with 1 <= i <= n');
  return value;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the conformance suites against an adapter; exit 0 clean, 1 failures, 2 usage or harness error')
    // Checked in the action, not by commander: a mandatory option is checked before unknown ones, so a typo
    // (--adapterr) read "required option --adapter not specified" and the typo itself was never named.
    .option('--adapter <name|path|url>', 'adapter (required): a name under adapters/, a path to adapter.json or its folder, or an http(s) URL')
    .addOption(adapterHeaderOption())
    .option('--profile <profile>', `only cases of this profile (${Object.keys(PROFILES).join(', ')})`, profile)
    .option('--suite <glob>', 'suites under suites/: folders (envelope), globs ending in .ts (envelope/plaintext.test.ts), or a comma-separated list of them (transport,routing); see list suites')
    .option('--case <id...>', 'only these case IDs (with --suite naming their file; a failed case is easier to rerun with the replay command the run prints)')
    .option('--shard <i/n>', 'run the i-th of n slices of the suite files', shard)
    .option('--out <dir>', 'output folder (default ./reports/<run-id>, under the working directory)')
    .option('--seed <n>', 'seed for generated inputs (default random, recorded in the header)', nonNegativeInteger)
    .option('--clock <epoch-seconds>', 'the reference side\'s fixed time for the run (default: now, recorded in the header)', nonNegativeInteger)
    .option('--retries <n>', 'run each failed or errored case N more times; mixed outcomes are marked flaky (never passed)', nonNegativeInteger)
    .option('--baseline <file>', 'compare with an expectations file keyed by case ID: exit 1 on a new failure or an expected failure that now passes (xpass)')
    .option('--update-baseline', 'write the --baseline file from this run (every failure expected) instead of comparing')
    .option('--workers <n>', 'suite files run at once (default: one per core, up to 4; 1 = one at a time)', positiveInteger)
    .option('--json', 'print one JSON summary on stdout instead of progress lines')
    .option('--no-reports', 'write run.jsonl only, no rendered reports (start renders every adapter together)')
    .action(async (options: RunOptions) => (await implementation()).runAction(options));
}
