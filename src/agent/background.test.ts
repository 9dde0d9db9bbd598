import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, test } from 'vitest';
import { BackgroundWork } from './background.js';
import { deliver, type DeliveryResult } from './transport.js';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A loopback endpoint that accepts connections and never answers (an agent that hangs). */
async function silentEndpoint(): Promise<number> {
  const server = createServer((socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return (server.address() as { port: number }).port;
}

describe('background work of the reference agent', () => {
  test('settling ends deliveries still under way after the grace period (HTTP and WebSocket), as failed deliveries', async () => {
    const port = await silentEndpoint();
    const work = new BackgroundWork();
    const results: DeliveryResult[] = [];
    for (const uri of [`http://127.0.0.1:${port}/didcomm`, `ws://127.0.0.1:${port}/ws`]) {
      work.add(deliver(uri, '{}', { contentType: 'application/didcomm-encrypted+json', timeoutMs: 60_000, expectReplies: 1, signal: work.signal }).then((r) => results.push(r)));
    }
    await work.settle(100);
    // Both ended by the abort, long before their own 60 s deadline.
    expect(results.map((r) => [r.status, r.error])).toEqual([[0, 'the agent closed'], [0, 'the agent closed']]);
    expect(work.signal.aborted).toBe(true);
  });

  test('work that ends within the grace period is waited for and not aborted', async () => {
    const work = new BackgroundWork();
    let done = false;
    work.add(new Promise((r) => setTimeout(r, 20)).then(() => (done = true)));
    work.add(Promise.reject(new Error('a failed background reply is its own')));
    await work.settle(60_000);
    expect(done).toBe(true);
  });

  test('a process exits as soon as its background work is settled: the grace period leaves no timer behind', async () => {
    const module = join(import.meta.dirname, '..', '..', 'dist', 'src', 'agent', 'background.js');
    const script = `const { BackgroundWork } = await import(${JSON.stringify(module)}); const w = new BackgroundWork(); w.add(Promise.resolve()); await w.settle(60000); console.log('settled');`;
    // With the grace timer left running, the process would live 60 s and this would time out.
    const child = await execa('node', ['--input-type=module', '-e', script], { timeout: 20_000, reject: false });
    expect([child.stdout, child.timedOut]).toEqual(['settled', false]);
  });
});
