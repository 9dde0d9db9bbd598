/**
 * `serve`: the reference agent (or mediator) standalone on 127.0.0.1, printing its DID and endpoints as one
 * JSON line, until SIGINT/SIGTERM.
 * @module
 */
import type { Command } from 'commander';
import { ReferenceAgent } from '../../agent/agent.js';
import { UsageError } from '../usage-error.js';

interface ServeFlags {
  mediator?: boolean;
  port?: string;
}

/** Registers `serve` on `program`. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the reference agent (--mediator: also a mediator) on 127.0.0.1; prints {did, http, ws} as JSON')
    .option('--mediator', 'grant mediation, queue forwards for registered recipients, answer pickup 3.0')
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)')
    .action(async (flags: ServeFlags) => {
      const port = flags.port === undefined ? 0 : Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: ${JSON.stringify(flags.port)} is not a port number`);
      const agent = await ReferenceAgent.start({ mediator: !!flags.mediator, port });
      const http = await agent.createIdentity({ transport: 'http' });
      const ws = await agent.createIdentity({ transport: 'ws' });
      process.stdout.write(`${JSON.stringify({ did: http.did, wsDid: ws.did, http: agent.httpUrl, ws: agent.wsUrl, mediator: !!flags.mediator })}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await agent.close();
    });
}
