/**
 * Registers `start` (implemented in commands/start.ts).
 * @module
 */
import type { Command } from 'commander';
import { adapterHeaderOption } from '../adapter-header-option.js';
import { nonNegativeInteger, positiveInteger } from './number-options.js';

const implementation = () => import('../commands/start.js');

/**
 * Adapter runs at once. Measured on 2 cores with the four bundled adapters: 4 at once 277 s, 2 at once
 * 360 s, one after the other 464 s (their live cases mostly wait on loopback deadlines).
 */
export const DEFAULT_JOBS = 4;

/** Suite files at once within each adapter's run (a lone `run` takes one per core). */
export const DEFAULT_RUN_WORKERS = 1;

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('the main job: every bundled adapter, all suites, the interop matrix, all reports in reports/latest/')
    .option('--out <dir>', 'output folder (default reports/latest)')
    .option('--adapters <a,b>', 'instead of every bundled adapter')
    .option('--seed <n>', 'seed for every run (default 1: runs of the same commit give the same inputs)', nonNegativeInteger)
    .option('--baseline <file>', 'compare each adapter with this expectations file (exit 1 on a new failure or xpass)')
    .option('--no-matrix', 'skip the interop matrix')
    .option('--jobs <n>', `adapter runs at once, each in its own process (default ${DEFAULT_JOBS})`, positiveInteger)
    .option('--workers <n>', `suite files at once within each adapter's run (default ${DEFAULT_RUN_WORKERS}: the runs and the matrix already share the cores)`, positiveInteger)
    .option('--key <file>', 'certifier key for the certificates (default: your key in the config folder, generated on first use)')
    .addOption(adapterHeaderOption())
    .action(async (options: { out?: string; adapters?: string; seed?: number; baseline?: string; matrix: boolean; jobs?: number; workers?: number; key?: string; adapterHeader?: string[] }) => (await implementation()).startAction(options));
}
