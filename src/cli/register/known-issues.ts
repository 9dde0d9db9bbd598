/**
 * Registers `known-issues` (implemented in commands/known-issues.ts).
 * @module
 */
import type { Command } from 'commander';

const implementation = () => import('../commands/known-issues.js');

export function registerKnownIssuesCommand(program: Command): void {
  program
    .command('known-issues')
    .description("regenerate an adapter's knownIssues from a full run of it, keyed by the requirement each failure breaks; prints the changes, --write saves them")
    .requiredOption('--from <run>', 'run folder (or its run.jsonl) of a full run of the adapter')
    .requiredOption('--adapter <name|path>', 'the adapter whose adapter.json to update (a name under adapters/ or a path)')
    .option('--write', 'rewrite adapter.json (without it, only print the changes)')
    .action(async (options: { from: string; adapter: string; write?: boolean }) => (await implementation()).knownIssuesAction(options));
}
