/**
 * The Veramo adapter (@veramo/did-comm 7.0.1 in in-memory agents) over adapter protocol v1 on stdio.
 * Built to dist/adapters/veramo/main.js; see adapter.json and README.md.
 *
 * Served with the SDK's dispatcher, but `protocol` calls for an action Veramo cannot perform are answered
 * JSON-RPC -32601 here, before dispatch: the dispatcher answers any error a handler throws with -32603
 * (errored), and an action Veramo lacks is "unsupported" (skipped), never adapter trouble.
 * @module
 */
import { createInterface } from 'node:readline';
import { createDispatcher, JSONRPC_ERROR, type ReplyFrame } from '../../src/adapter/sdk/index.js';
import { canPerform } from './actions.js';
import { veramoHandlers } from './handlers.js';

/** The -32601 reply for a `protocol` request naming an action Veramo lacks; undefined for anything else. */
function unsupportedAction(line: string): ReplyFrame | undefined {
  try {
    const request = JSON.parse(line) as { id?: unknown; method?: unknown; params?: { piuri?: unknown; action?: unknown } };
    const { piuri, action } = request.params ?? {};
    if (request.method !== 'protocol' || typeof piuri !== 'string' || typeof action !== 'string' || canPerform(piuri, action)) return undefined;
    if (typeof request.id !== 'number' && typeof request.id !== 'string') return undefined;
    return { jsonrpc: '2.0', id: request.id, error: { code: JSONRPC_ERROR.METHOD_NOT_FOUND, message: `unsupported: Veramo 7.0.1 has no ${action} of ${piuri}` } };
  } catch {
    return undefined; // the dispatcher answers what does not parse
  }
}

const dispatcher = createDispatcher(veramoHandlers());
console.log = console.error; // stdout carries only replies
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  const early = unsupportedAction(line);
  const { reply, method } = early ? { reply: early, method: 'protocol' } : await dispatcher.handle(line);
  await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(reply)}\n`, () => resolve()));
  if (method === 'shutdown' && 'result' in reply) break;
}
lines.close();
// The live agent's loopback endpoint would keep the process alive after stdin ends.
process.exit(0);
