/**
 * Registers `replay` (implemented in commands/replay.ts).
 * @module
 */
import type { Command } from 'commander';
import { adapterHeaderOption } from '../adapter-header-option.js';

const implementation = () => import('../commands/replay.js');

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('re-run the one case of a repro bundle (same seed); exit 1 when the failure reproduces')
    .argument('<bundle>', 'a repro folder (reports/<run>/repro/<case-id>) or its repro.json')
    .option('--adapter <name|path|url>', 'adapter to run it against (default: the one that failed)')
    .option('--out <dir>', 'output folder (default: <bundle>/replay)')
    .addOption(adapterHeaderOption())
    .action(async (bundle: string, options: { adapter?: string; out?: string; adapterHeader?: string[] }) => (await implementation()).replayAction(bundle, options));
}
