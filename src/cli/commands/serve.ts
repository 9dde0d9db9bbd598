/**
 * `serve`: the reference agent (or mediator) standalone on 127.0.0.1, printing its DID and endpoints as one
 * JSON line, until SIGINT/SIGTERM. Registered by register/serve.ts.
 * @module
 */
import { ReferenceAgent } from '../../agent/agent.js';
import { UsageError } from '../usage-error.js';

export interface ServeFlags {
  mediator?: boolean;
  port?: string;
}

/** `serve`: the reference agent until SIGINT/SIGTERM. */
export async function serveAction(flags: ServeFlags): Promise<void> {
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
}
