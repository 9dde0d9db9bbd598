/**
 * Expose adapter handlers over stdio or HTTP with one call. An adapter's `main` is usually just
 * `await serveAdapter(handlers)`: stdio by default, HTTP with `--http PORT` (or `DIDCOMM_ADAPTER_HTTP=PORT`).
 * @module
 */
import { createInterface } from 'node:readline';
import type { AddressInfo } from 'node:net';
import { createDispatcher, type AdapterHandlers, type DispatcherOptions } from './dispatcher.js';

/** A running HTTP adapter. */
export interface HttpAdapterServer {
  url: string;
  close(): Promise<void>;
}

export interface HttpServeOptions extends DispatcherOptions {
  /** Port; 0 picks a free one. */
  port?: number;
  /** Interface to bind; loopback by default. */
  host?: string;
  /** Largest request body accepted. Default 32 MiB. */
  maxRequestBytes?: number;
}

/**
 * Serves `handlers` on stdin/stdout: one request per line, one reply per line, in order. While serving,
 * `console.log` is sent to stderr so a stray log line cannot corrupt the protocol stream.
 * Resolves when stdin ends or after `shutdown` has been answered.
 */
export async function serveStdio(handlers: AdapterHandlers, options: DispatcherOptions = {}): Promise<void> {
  const dispatcher = createDispatcher(handlers, options);
  console.log = console.error;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { reply, method } = await dispatcher.handle(line);
    await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(reply)}\n`, () => resolve()));
    if (method === 'shutdown' && 'result' in reply) break;
  }
  lines.close();
}

/** Serves `handlers` as `POST /` JSON-RPC on loopback. */
export async function serveHttp(handlers: AdapterHandlers, options: HttpServeOptions = {}): Promise<HttpAdapterServer> {
  const dispatcher = createDispatcher(handlers, options);
  // Loaded here, not at import: every stdio adapter loads this module, and express costs ~60 ms of CPU to load.
  const { default: express } = await import('express');
  const app = express();
  app.post('/', express.text({ type: () => true, limit: options.maxRequestBytes ?? 32 * 1024 * 1024 }), (req, res, next) => {
    dispatcher.handle(typeof req.body === 'string' ? req.body : '').then(({ reply }) => {
      res.type('application/json').send(JSON.stringify(reply));
    }, next);
  });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The one call an adapter's main makes: stdio unless `--http PORT` is among `argv` (or
 * `DIDCOMM_ADAPTER_HTTP` is set), in which case it serves HTTP and prints its URL on stderr.
 */
export async function serveAdapter(handlers: AdapterHandlers, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const flag = argv.indexOf('--http');
  const port = flag >= 0 ? argv[flag + 1] : process.env['DIDCOMM_ADAPTER_HTTP'];
  if (port === undefined) {
    await serveStdio(handlers);
    return;
  }
  const server = await serveHttp(handlers, { port: Number(port) });
  process.stderr.write(`adapter listening on ${server.url}\n`);
}
