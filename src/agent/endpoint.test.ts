/**
 * The agent endpoint's HTTP and WebSocket handling on its own (node:http, ws loaded on the first upgrade):
 * what a framework used to do for it, each answer checked to the status, content type and body.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { AgentEndpoint, MAX_BODY_BYTES, type ReceiveOutcome } from './endpoint.js';
import { closeCodeForOversizedMessage } from './oversized-ws.test-support.js';
import { onWire } from './wire-log.js';
import type { WireEntry } from '../adapter/transcript.js';

const received: Array<{ body: string; transport: string; contentType: string | undefined }> = [];
const endpoints: AgentEndpoint[] = [];

/** An endpoint whose agent records each message; a body `reply` is answered with a reply, others 202. */
async function listen(): Promise<AgentEndpoint> {
  const endpoint = await AgentEndpoint.listen(async (body, transport, contentType, socket): Promise<ReceiveOutcome> => {
    received.push({ body, transport, contentType });
    if (body === 'fail') throw new Error('the agent broke on this');
    if (transport === 'ws' && body === 'echo') endpoint.replyOnSocket(socket, [{ packed: '{"echo":true}', mediaType: 'application/didcomm-plain+json' }]);
    return body === 'reply' ? { status: 200, reply: { packed: '{"reply":true}', mediaType: 'application/didcomm-plain+json' } } : { status: 202 };
  });
  endpoints.push(endpoint);
  return endpoint;
}

afterEach(async () => {
  await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
  received.length = 0;
});

interface Answer { status: number; contentType: string | undefined; body: string }

function send(url: string, method: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('agent endpoint over HTTP', () => {
  test('a message is read as UTF-8 text, its Content-Type passed on; a status without reply is answered with an empty body', async () => {
    const endpoint = await listen();
    const answer = await send(endpoint.httpUrl, 'POST', Buffer.from('{"text":"é"}'), { 'content-type': 'application/didcomm-plain+json; charset=iso-8859-1' });
    expect(answer).toEqual({ status: 202, contentType: undefined, body: '' });
    // The charset parameter is ignored (RFC 8259 §11): UTF-8 bytes stay the text they are.
    expect(received).toEqual([{ body: '{"text":"é"}', transport: 'http', contentType: 'application/didcomm-plain+json; charset=iso-8859-1' }]);
  });

  test('a reply goes back as the response body with its media type', async () => {
    const endpoint = await listen();
    expect(await send(endpoint.httpUrl, 'POST', 'reply')).toEqual({ status: 200, contentType: 'application/didcomm-plain+json; charset=utf-8', body: '{"reply":true}' });
  });

  test('a body over MAX_BODY_BYTES: 413 with the ERR_BODY_TOO_LARGE problem, the agent never sees it; at the limit it is read', { timeout: 20_000 }, async () => {
    const endpoint = await listen();
    const over = await send(endpoint.httpUrl, 'POST', Buffer.alloc(MAX_BODY_BYTES + 1, 0x61), { 'content-type': 'application/didcomm-encrypted+json' });
    expect(over.status).toBe(413);
    expect(over.contentType).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(over.body)).toEqual({ type: 'about:blank', title: 'ERR_BODY_TOO_LARGE', status: 413, detail: `the body is over ${MAX_BODY_BYTES} bytes`, code: 'ERR_BODY_TOO_LARGE' });
    expect(received).toEqual([]);
    const at = await send(endpoint.httpUrl, 'POST', Buffer.alloc(MAX_BODY_BYTES, 0x61));
    expect(at.status).toBe(202);
    expect(received.map((r) => r.body.length)).toEqual([MAX_BODY_BYTES]);
  });

  test('a declared Content-Length over the limit is answered 413 before the body is sent', { timeout: 5000 }, async () => {
    const endpoint = await listen();
    const { port } = new URL(endpoint.httpUrl);
    const head = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(`POST /didcomm HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n{`));
      socket.once('data', (data) => {
        resolve(data.toString('latin1').split('\r\n')[0]!);
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(head).toBe('HTTP/1.1 413 Payload Too Large');
    expect(received).toEqual([]);
  });

  test('a gzip body is decoded; one that does not decode is 400 and an unknown coding 415, both ERR_BODY_UNREADABLE', async () => {
    const endpoint = await listen();
    expect((await send(endpoint.httpUrl, 'POST', gzipSync('{"zipped":1}'), { 'content-encoding': 'gzip' })).status).toBe(202);
    expect(received.map((r) => r.body)).toEqual(['{"zipped":1}']);
    for (const [encoding, status] of [['gzip', 400], ['compress', 415]] as const) {
      const answer = await send(endpoint.httpUrl, 'POST', 'not compressed', { 'content-encoding': encoding });
      expect(answer.status).toBe(status);
      expect(answer.contentType).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(answer.body)).toMatchObject({ status, code: 'ERR_BODY_UNREADABLE', title: 'ERR_BODY_UNREADABLE' });
    }
    expect(received).toHaveLength(1);
  });

  test('another path, and GET or PUT on /didcomm: 404 with a body naming the request; the agent sees none of them', async () => {
    const endpoint = await listen();
    const other = endpoint.httpUrl.replace('/didcomm', '/other');
    expect(await send(other, 'POST', '{}')).toEqual({ status: 404, contentType: 'text/plain; charset=utf-8', body: 'Cannot POST /other' });
    expect(await send(endpoint.httpUrl, 'GET')).toEqual({ status: 404, contentType: 'text/plain; charset=utf-8', body: 'Cannot GET /didcomm' });
    expect((await send(endpoint.httpUrl, 'PUT', '{}')).status).toBe(404);
    expect((await send(endpoint.httpUrl.replace('/didcomm', '/ws'), 'GET')).status).toBe(404);
    expect(received).toEqual([]);
  });
});

describe('agent endpoint over WebSocket', () => {
  test('/ws accepts, replies come back on the socket, another path is refused, close() ends open sockets', async () => {
    const endpoint = await listen();
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(endpoint.wsUrl);
    await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
    socket.send('echo');
    expect(await reply).toBe('{"echo":true}');
    expect(received.at(-1)).toEqual({ body: 'echo', transport: 'ws', contentType: undefined });
    // Another path is refused by the handshake.
    const elsewhere = new WebSocket(endpoint.wsUrl.replace('/ws', '/other'));
    const refused = await new Promise<string>((resolve) => elsewhere.once('error', (error) => resolve(error.message)));
    expect(refused).toBe('Unexpected server response: 400');
    // close() ends the socket still open.
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await endpoints.splice(0)[0]!.close();
    expect(await closed).toBe(1006);
  });

  test('the agent failing on a message is evidence of its own (ERR_HARNESS_INTERNAL, the bytes kept): 500 over HTTP; over WebSocket the endpoint stays up', async () => {
    const endpoint = await listen();
    const seen: WireEntry[] = [];
    const stop = onWire((entry) => seen.push(entry));
    try {
      const answer = await send(endpoint.httpUrl, 'POST', 'fail', { 'content-type': 'application/didcomm-encrypted+json' });
      expect([answer.status, JSON.parse(answer.body).code]).toEqual([500, 'ERR_INTERNAL']);
      const { WebSocket } = await import('ws');
      const socket = new WebSocket(endpoint.wsUrl);
      await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
      socket.send('fail');
      const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
      socket.send('echo');
      expect(await reply).toBe('{"echo":true}');
      socket.close();
      const failed = { direction: 'in', packed: 'fail', outcome: 'failed', error: { code: 'ERR_HARNESS_INTERNAL', message: 'Error: the agent broke on this' } };
      expect(seen.filter((entry) => entry.error)).toMatchObject([{ ...failed, transport: 'http', status: 500 }, { ...failed, transport: 'ws' }]);
    } finally {
      stop();
    }
  });

  test('a message over MAX_BODY_BYTES closes that socket with 1009, and the endpoint stays up', { timeout: 20_000 }, async () => {
    const endpoint = await listen();
    expect(await closeCodeForOversizedMessage(endpoint.wsUrl)).toBe(1009);
    expect(received).toEqual([]);
    expect((await send(endpoint.httpUrl, 'POST', '{}')).status).toBe(202);
  });
});
