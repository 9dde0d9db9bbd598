/**
 * Registers `fuzz` and `differential` (implemented in commands/fuzz.ts) and checks their option values as
 * they are parsed.
 * @module
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_BUDGET_MS, FUZZ_MODES, type FuzzMode } from '../../fuzz/campaign-options.js';
import type { FuzzFlags } from '../commands/fuzz.js';
import { positiveInteger } from './number-options.js';

const implementation = () => import('../commands/fuzz.js');

function nonNegative(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0 || parsed >= 2 ** 32) throw new InvalidArgumentError('an integer from 0 to 2^32-1');
  return parsed;
}

function mode(value: string): FuzzMode {
  if (!(FUZZ_MODES as readonly string[]).includes(value)) throw new InvalidArgumentError('envelope-kinds (every envelope stack the agent claims to receive, through unpack) or live (trust pings delivered to its endpoint)');
  return value as FuzzMode;
}

function withOptions(command: Command): Command {
  return command
    .option('--cases <n>', 'exactly N cases (default: as many as --budget allows)', positiveInteger)
    .option('--budget <seconds>', `time for the cases when --cases is not given (default ${DEFAULT_BUDGET_MS / 1000} per adapter)`, positiveInteger)
    .option('--seed <n>', 'seed: case i of seed S is always the same input (default random, recorded in the header)', nonNegative)
    .option('--mode <mode>', 'what is fuzzed: envelope-kinds (every envelope stack the agent claims to receive, through unpack) or live (trust pings to its endpoint over HTTP/WebSocket, judged by what it answers)', mode, 'envelope-kinds')
    .option('--jobs <n>', 'adapter processes per adapter, run at once (default 1)', positiveInteger, 1)
    .option('--out <dir>', 'output folder (default reports/fuzz-<time>)')
    .option('--baseline <file>', 'exit 1 only on a finding that is not in this baseline (keyed by case ID)')
    .option('--update-baseline', 'write the --baseline file from this campaign instead of comparing')
    .option('--suite-runs <dir>', 'conformance runs to compare findings with, as <dir>/<adapter>/run.jsonl (default reports/latest/runs, what start writes)');
}

export function registerFuzzCommands(program: Command): void {
  withOptions(program
    .command('fuzz')
    .description('fuzz an agent through its adapter\'s unpack (or, --mode live, at its endpoint), judged by the reference; exit 1 on a finding')
    .option('--adapter <name|path|url>', 'the adapter to fuzz')
    .option('--adapters <a,b,...>', 'several adapters, the same inputs to each: the differential mode'))
    .action(async (flags: FuzzFlags) => (await implementation()).fuzzAction(flags));
  withOptions(program
    .command('differential')
    .description('the same fuzzed inputs to several adapters: a table of their disagreements, the odd one out named against the reference')
    .option('--adapters <a,b,...>', 'the adapters (default: every bundled adapter)'))
    .action(async (flags: FuzzFlags) => (await implementation()).differentialAction(flags));
}
