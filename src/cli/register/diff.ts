/**
 * Registers `diff` (implemented in commands/diff.ts).
 * @module
 */
import type { Command } from 'commander';

const implementation = () => import('../commands/diff.js');

export function registerDiffCommand(program: Command): void {
  program
    .command('diff')
    .description('per-case transitions between two runs grouped by requirement; exit 1 on a regression')
    .argument('<old>', 'run folder (or run.jsonl) to compare from')
    .argument('<new>', 'run folder (or run.jsonl) to compare to')
    .option('--json', 'print the transitions as JSON')
    .action(async (oldPath: string, newPath: string, options: { json?: boolean }) => (await implementation()).diffAction(oldPath, newPath, options));
}
