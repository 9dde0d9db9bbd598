/**
 * Registers `list requirements|suites|profiles` (implemented in commands/list.ts).
 * @module
 */
import type { Command } from 'commander';

const implementation = () => import('../commands/list.js');

export function registerListCommand(program: Command): void {
  const list = program.command('list').description('list requirements (with their cases), suites or profiles');
  list
    .command('requirements')
    .description('every requirement with its level and the cases citing it; exit 1 when a MUST of the digest is neither covered nor untestable')
    .option('--area <prefix>', 'only requirements whose ID starts with this, e.g. ENC-AUTH')
    .option('--coverage', 'per area: MUSTs and SHOULDs covered by a case, untestable (with a reason), open')
    .option('--json', 'print JSON')
    .action(async (flags: { area?: string; coverage?: boolean; json?: boolean }) => (await implementation()).listRequirementsAction(flags));
  list
    .command('suites')
    .description('every suite file with its number of cases per profile')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await implementation()).listSuitesAction(flags));
  list
    .command('profiles')
    .description('every profile, what it certifies and how many requirements it names')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => (await implementation()).listProfilesAction(flags));
}
