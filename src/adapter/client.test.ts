/**
 * The client over both transports against the faux adapter (built: dist/adapters/faux/main.js) and an
 * in-process HTTP adapter: each fault surfaces as its own AdapterError code, within the deadline.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { AdapterClient } from './client.js';
import { packageRoot } from './manifest.js';
import { AdapterSession } from './session.js';
import { serveHttp, type HttpAdapterServer } from './sdk/serve.js';
import { StdioTransport } from './transport/stdio.js';
import { HttpTransport } from './transport/http.js';
import { toyAgent } from '../../adapters/faux/toy-agent.js';
import type { TranscriptEntry } from './transcript.js';

const root = packageRoot();
const faux = join(root, 'dist/adapters/faux/main.js');
const PLAIN = JSON.stringify({ id: '1', type: 'https://example.org/p/1.0/m' });
const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const thing of opened.splice(0)) await thing.close();
});

async function stdioClient(fault: string, options: { deadlineMs?: number; maxReplyBytes?: number } = {}) {
  const transport = new StdioTransport({ command: 'node', args: [faux, '--fault', fault], cwd: root });
  opened.push(transport);
  await transport.start();
  const transcript: TranscriptEntry[] = [];
  const client = new AdapterClient(transport, { deadlineMs: options.deadlineMs ?? 3000, maxReplyBytes: options.maxReplyBytes ?? 1024 * 1024, record: (e) => transcript.push(e) });
  await client.call('describe', {}, { deadlineMs: 15_000 });
  return { client, transport, transcript };
}

describe('AdapterClient over stdio', () => {
  test('a healthy call returns the schema-checked result and is recorded', async () => {
    const { client, transcript } = await stdioClient('slow');
    const result = await client.call('unpack', { packed: PLAIN });
    expect(result.status).toBe('accepted');
    expect(transcript.at(-1)).toMatchObject({ kind: 'call', method: 'unpack' });
  });

  test.each([
    ['hang', 'ERR_ADAPTER_TIMEOUT'],
    ['garbage', 'ERR_ADAPTER_MALFORMED'],
    ['wrong-id', 'ERR_ADAPTER_WRONG_ID'],
    ['schema', 'ERR_ADAPTER_SCHEMA'],
  ])('faux %s -> %s', async (fault, code) => {
    const { client } = await stdioClient(fault, { deadlineMs: 500 });
    await expect(client.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ name: 'AdapterError', code });
  });

  test('a 100 MB line is cut at the cap, fast, without buffering it', async () => {
    const { client } = await stdioClient('huge', { maxReplyBytes: 64 * 1024 });
    const started = performance.now();
    const before = process.memoryUsage().rss;
    await expect(client.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ code: 'ERR_ADAPTER_REPLY_TOO_LARGE' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
  });

  test('an unknown method is ERR_ADAPTER_UNSUPPORTED (-32601), not a failure', async () => {
    const { client } = await stdioClient('slow');
    await expect(client.callUnknown('noSuchMethod')).rejects.toMatchObject({ code: 'ERR_ADAPTER_UNSUPPORTED' });
  });

  test('the harness refuses to send params that violate the schema', async () => {
    const { client } = await stdioClient('slow');
    await expect(client.call('pack', { message: {} } as never)).rejects.toMatchObject({ code: 'ERR_HARNESS_REQUEST' });
  });

  test('private key members are redacted in the transcript', async () => {
    const { client, transcript } = await stdioClient('slow');
    await client.call('importIdentity', { didDocument: { id: 'did:example:a' }, secrets: [{ kid: 'did:example:a#k', kty: 'OKP', crv: 'X25519', x: 'AA', d: 'SECRET' }] });
    expect(JSON.stringify(transcript)).not.toContain('SECRET');
  });
});

describe('AdapterSession', () => {
  test('restarts a crashed adapter and replays its setup, then carries on', async () => {
    const target = { kind: 'stdio' as const, command: 'node', args: [faux, '--fault', 'crash'], cwd: root, env: { FAUX_CRASH_KEY: `client-test-${process.pid}-${Date.now()}` } };
    const session = await AdapterSession.open(target, { deadlineMs: 3000, maxReplyBytes: 1 << 20, maxRestarts: 2, maxReplayCalls: 10 });
    opened.push(session);
    await session.call('registerDidDocument', { didDocument: { id: 'did:example:alice' } });
    await session.call('unpack', { packed: PLAIN });
    // The faux crashes on the second unpack, once per FAUX_CRASH_KEY.
    await expect(session.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ code: 'ERR_ADAPTER_CRASHED' });
    const third = await session.call('unpack', { packed: PLAIN });
    expect(third.status).toBe('accepted');
    expect(session.restarts).toBe(1);
    expect(session.takeTranscript().find((e) => e.kind === 'restart')).toMatchObject({ replayed: ['registerDidDocument'] });
  });

  test('gives up after maxRestarts and says so', async () => {
    const target = { kind: 'stdio' as const, command: 'node', args: [faux, '--fault', 'garbage'], cwd: root, env: {} };
    const session = await AdapterSession.open(target, { deadlineMs: 3000, maxReplyBytes: 1 << 20, maxRestarts: 1, maxReplayCalls: 10 });
    opened.push(session);
    await expect(session.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ code: 'ERR_ADAPTER_MALFORMED' });
    await expect(session.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ code: 'ERR_ADAPTER_MALFORMED' });
    await expect(session.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ code: 'ERR_ADAPTER_RESTART_LIMIT' });
  });
});

describe('HTTP transport and the SDK', () => {
  let server: HttpAdapterServer;

  test('the same handlers answer over HTTP, unknown methods with -32601', async () => {
    server = await serveHttp(toyAgent('http-toy'));
    opened.push(server);
    const client = new AdapterClient(new HttpTransport(server.url), { deadlineMs: 3000 });
    expect((await client.call('describe', {})).implementation.name).toBe('http-toy');
    expect((await client.call('unpack', { packed: PLAIN })).status).toBe('accepted');
    await expect(client.callUnknown('noSuchMethod')).rejects.toMatchObject({ code: 'ERR_ADAPTER_UNSUPPORTED' });
  });

  test('a handler result that violates the schema is caught by the SDK (-32603), not sent', async () => {
    server = await serveHttp({ ...toyAgent('bad'), unpack: () => ({ status: 'accepted' }) as never });
    opened.push(server);
    const client = new AdapterClient(new HttpTransport(server.url), { deadlineMs: 3000 });
    await expect(client.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ code: 'ERR_ADAPTER_METHOD_FAILED', message: expect.stringContaining('violates the schema') });
  });

  test('an unreachable URL is ERR_ADAPTER_CRASHED; a reply over the cap is ERR_ADAPTER_REPLY_TOO_LARGE', async () => {
    await expect(new AdapterClient(new HttpTransport('http://127.0.0.1:9/'), { deadlineMs: 1000 }).call('describe', {})).rejects.toMatchObject({ code: 'ERR_ADAPTER_CRASHED' });
    server = await serveHttp(toyAgent('x'.repeat(150)));
    opened.push(server);
    await expect(new AdapterClient(new HttpTransport(server.url), { maxReplyBytes: 100 }).call('describe', {})).rejects.toMatchObject({ code: 'ERR_ADAPTER_REPLY_TOO_LARGE' });
  });
});
