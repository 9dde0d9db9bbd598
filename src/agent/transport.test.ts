/**
 * HTTP delivery (node:http, no fetch) against a loopback server that records what it was sent: redirects
 * (TRANS-005: 307 only), the whole-exchange deadline, failures as status 0 naming their cause. That it loads
 * no `ws` is in lazy-modules.test.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { deliver } from './transport.js';

const requests: Array<{ method: string; path: string; contentType: string | undefined; body: string }> = [];
const servers: Server[] = [];

/** A server answering each path with `answer`; every request it read is in `requests`. */
async function serve(answer: (path: string, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method!, path: req.url!, contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      answer(req.url!, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  requests.length = 0;
});

const contentType = 'application/didcomm-encrypted+json';
const packed = '{"protected":"é"}';

describe('HTTP delivery', () => {
  test('a 307 is followed, its relative Location resolved against the URL, the same POST sent again; a 2xx JSON body is the reply', async () => {
    const base = await serve((path, res) => {
      if (path === '/in/first') return void res.writeHead(307, { location: 'second' }).end();
      res.writeHead(200, { 'content-type': 'application/didcomm-plain+json' }).end('{"reply":1}');
    });
    const result = await deliver(`${base}/in/first`, packed, { contentType });
    expect(result).toEqual({ status: 200, replies: [{ packed: '{"reply":1}', contentType: 'application/didcomm-plain+json' }] });
    expect(requests).toEqual([
      { method: 'POST', path: '/in/first', contentType, body: packed },
      { method: 'POST', path: '/in/second', contentType, body: packed },
    ]);
  });

  test('a 301 (and a 302) is returned as it is, not followed; a redirect loop stops after 3 redirects', async () => {
    const base = await serve((path, res) => {
      if (path === '/moved') return void res.writeHead(301, { location: '/elsewhere' }).end('{"moved":1}');
      if (path === '/found') return void res.writeHead(302, { location: '/elsewhere' }).end();
      res.writeHead(307, { location: '/loop' }).end();
    });
    expect(await deliver(`${base}/moved`, packed, { contentType })).toEqual({ status: 301, replies: [] });
    expect(await deliver(`${base}/found`, packed, { contentType })).toEqual({ status: 302, replies: [] });
    expect(requests.map((r) => r.path)).toEqual(['/moved', '/found']);
    requests.length = 0;
    expect(await deliver(`${base}/loop`, packed, { contentType })).toEqual({ status: 307, replies: [] });
    expect(requests.map((r) => r.path)).toEqual(['/loop', '/loop', '/loop', '/loop']);
  });

  test('a server that never answers: status 0 once the deadline passes, the error saying so', async () => {
    const base = await serve(() => undefined);
    const started = Date.now();
    const result = await deliver(`${base}/silent`, packed, { contentType, timeoutMs: 300 });
    expect(result).toEqual({ status: 0, replies: [], error: 'no complete answer within 300 ms' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(requests).toHaveLength(1);
  });

  test('the deadline covers the answer body: one that never ends is status 0 too', async () => {
    const base = await serve((_path, res) => void res.writeHead(200).write('{"half":'));
    expect(await deliver(`${base}/half`, packed, { contentType, timeoutMs: 300 })).toEqual({ status: 0, replies: [], error: 'no complete answer within 300 ms' });
  });

  test('nothing listening: status 0 with the cause (ECONNREFUSED); no body that is not JSON becomes a reply', async () => {
    const base = await serve((_path, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('accepted'));
    expect(await deliver(`${base}/text`, packed, { contentType })).toEqual({ status: 200, replies: [] });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await deliver(`http://127.0.0.1:${port}/didcomm`, packed, { contentType })).toEqual({ status: 0, replies: [], error: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });
});
