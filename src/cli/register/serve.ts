/**
 * Registers `serve` (implemented in commands/serve.ts).
 * @module
 */
import type { Command } from 'commander';
import type { ServeFlags } from '../commands/serve.js';

const implementation = () => import('../commands/serve.js');

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the reference agent (--mediator: also a mediator) on 127.0.0.1; prints {did, http, ws} as JSON')
    .option('--mediator', 'grant mediation, queue forwards for registered recipients, answer pickup 3.0')
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)')
    .action(async (flags: ServeFlags) => (await implementation()).serveAction(flags));
}
