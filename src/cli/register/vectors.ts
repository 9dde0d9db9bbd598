/**
 * Registers `vectors verify` (implemented in commands/vectors.ts).
 * @module
 */
import type { Command } from 'commander';

const implementation = () => import('../commands/vectors.js');

export function registerVectorCommands(program: Command): void {
  const vectors = program.command('vectors').description('the bundled test vectors');
  vectors
    .command('verify')
    .description('check every vector (spec, SICPA, generated) against its expectation')
    .option('--json', 'print the results as JSON')
    .action(async (flags: { json?: boolean }) => (await implementation()).vectorsVerifyAction(flags));
}
