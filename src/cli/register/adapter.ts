/**
 * Registers `adapter check`, `adapter build` and `adapter init` (implemented in commands/adapter.ts and
 * commands/adapter-build.ts).
 * @module
 */
import type { Command } from 'commander';
import { KIT_LANGUAGES } from '../../adapter/kits.js';
import { adapterHeaderOption } from '../adapter-header-option.js';
import type { BuildOptions } from '../commands/adapter-build.js';

const checkAndInit = () => import('../commands/adapter.js');
const build = () => import('../commands/adapter-build.js');

export function registerAdapterCommand(program: Command): void {
  const adapter = program.command('adapter').description('work with adapters');
  adapter
    .command('check')
    .description('validate an adapter before a run: describe, identities, a pack and an unpack of each claimed envelope kind, the live methods if a transport is claimed, schemas, deadlines, shutdown; a hint per failure')
    .argument('<adapter>', 'a name under adapters/, a path to adapter.json or its folder, or an http(s) URL')
    .option('--json', 'print the checklist as JSON')
    .addOption(adapterHeaderOption())
    .action(async (ref: string, options: { json?: boolean; adapterHeader?: string[] }) => (await checkAndInit()).adapterCheckAction(ref, options));
  adapter
    .command('build')
    .description('build adapters written in other languages into the cache now (run, start, matrix and adapter check build them on first use)')
    .argument('[adapters...]', 'names under adapters/ or paths to adapter.json or its folder')
    .option('--all', 'every bundled adapter with a build section')
    .option('--ci', 'with --all: leave out adapters marked "ci": false in their build section (too slow for CI)')
    .option('--exclude <names>', 'leave these out (comma-separated, repeatable)', (value: string, previous: string[]) => [...previous, ...value.split(',').map((n) => n.trim()).filter(Boolean)], [] as string[])
    .action(async (refs: string[], options: BuildOptions) => (await build()).adapterBuildAction(refs, options));
  adapter
    .command('init')
    .description('write a runnable plaintext-only adapter into DIR from the kit of a language (adapters/_kits/<lang>/)')
    .argument('<dir>', 'a new or empty folder')
    .requiredOption('--lang <lang>', `${KIT_LANGUAGES.join('|')} (ts and py for short)`)
    .option('--name <name>', 'the adapter\'s name (default: the folder\'s name)')
    .action(async (dir: string, options: { lang: string; name?: string }) => (await checkAndInit()).adapterInitAction(dir, options));
}
