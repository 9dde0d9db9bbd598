/**
 * Registers `matrix` (implemented in commands/matrix.ts).
 * @module
 */
import type { Command } from 'commander';
import { adapterHeaderOption } from '../adapter-header-option.js';
import { nonNegativeInteger } from './number-options.js';

const implementation = () => import('../commands/matrix.js');

export function registerMatrixCommand(program: Command): void {
  program
    .command('matrix')
    .description('interop matrix: every sender x receiver pair over every envelope x algorithm x curve and every live exchange both claim')
    .requiredOption('--adapters <a,b,c>', 'comma-separated adapters (names, paths or URLs)')
    .option('--out <dir>', 'output folder (default reports/matrix-<time>)')
    .option('--seed <n>', 'fixes message ids and times', nonNegativeInteger)
    .option('--json', 'print matrix.json on stdout')
    .option('--no-live', 'skip the live cells (agent to agent over HTTP/WebSocket)')
    .addOption(adapterHeaderOption())
    .action(async (options: { adapters: string; out?: string; seed?: number; json?: boolean; live: boolean; adapterHeader?: string[] }) => (await implementation()).matrixAction(options));
}
