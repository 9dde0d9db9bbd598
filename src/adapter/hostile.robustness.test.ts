/**
 * Hostile adapters (issue 10, item 3) at the session level, against the built faux adapter: a stderr flood,
 * a process that forks stubborn children and never exits, replies out of order or replayed, and JSON that
 * nests 100,000 levels deep or holds an 800,000-member array. Each is an `errored` call with a clear code
 * and reason (or, for the flood, no trouble at all), the log stays bounded, and no process of the adapter's
 * group is left in the process table.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { checkReplyShape } from './client.js';
import { packageRoot } from './manifest.js';
import { AdapterSession } from './session.js';
import { LOG_TAIL_CHARS } from './transport/stdio.js';

const root = packageRoot();
const faux = join(root, 'dist/adapters/faux/main.js');
const PLAIN = JSON.stringify({ id: '1', type: 'https://example.org/p/1.0/m' });
const LIMITS = { deadlineMs: 500, maxReplyBytes: 4 * 1024 * 1024, maxRestarts: 5, maxReplayCalls: 10 };
const opened: AdapterSession[] = [];
afterEach(async () => {
  for (const session of opened.splice(0)) await session.close();
});

async function open(...args: string[]): Promise<AdapterSession> {
  const session = await AdapterSession.open({ kind: 'stdio', command: 'node', args: [faux, ...args], cwd: root, env: {} }, LIMITS);
  opened.push(session);
  return session;
}

/** Processes whose command line carries `tag` (pid, state, command), zombies included. */
export function tagged(tag: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(tag));
}

/** Polls the process table until nothing carries `tag` (or `ms` pass); returns what is left. */
export async function settled(tag: string, ms = 3000): Promise<string[]> {
  let left = tagged(tag);
  for (let waited = 0; left.length > 0 && waited < ms; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = tagged(tag);
  }
  return left;
}

describe('hostile adapters', { timeout: 30_000 }, () => {
  test('flood: 50 MB of stderr, the calls pass, the log keeps the last 64 KiB and counts what it dropped', async () => {
    const session = await open('--fault', 'flood', '--flood-mb', '50');
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await session.call('unpack', { packed: PLAIN }, { deadlineMs: 20_000 });
    expect(result.status).toBe('accepted');
    expect(session.log().length).toBeLessThanOrEqual(LOG_TAIL_CHARS);
    const logs = session.takeTranscript().filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
    const text = logs.join('');
    const dropped = Number(/\[harness\] (\d+) characters of adapter log dropped/.exec(text)?.[1]);
    expect(dropped).toBeGreaterThan(49 * 1024 * 1024);
    expect(text.length).toBeLessThan(LOG_TAIL_CHARS + 200);
    // Nothing of the 50 MB is held: the heap grows by far less than the flood (generous: GC timing varies).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * 1024 * 1024);
    expect(await session.call('reset', {})).toEqual({});
  });

  test('fork: stubborn children die with the adapter on timeout and on close; nothing of its group survives', async () => {
    const tag = `faux-fork-${randomBytes(6).toString('hex')}`;
    const session = await open('--fault', 'fork', '--tag', tag);
    expect(tagged(tag).length).toBeGreaterThanOrEqual(3);
    await expect(session.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ code: 'ERR_ADAPTER_TIMEOUT' });
    expect(await settled(tag)).toEqual([]);
    // The next call restarts it (children again), then close must take the whole group although it ignores SIGTERM and EOF.
    await session.call('reset', {});
    expect(session.restarts).toBe(1);
    expect(tagged(tag).length).toBeGreaterThanOrEqual(3);
    const started = performance.now();
    await session.close();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await settled(tag)).toEqual([]);
  });

  test('out-of-order: a reply to request N+1 before N is a protocol error naming it; the session recovers', async () => {
    const session = await open('--fault', 'out-of-order');
    await expect(session.call('unpack', { packed: PLAIN })).rejects.toMatchObject({
      code: 'ERR_ADAPTER_WRONG_ID', message: expect.stringContaining('not sent yet (out of order)'),
    });
    await session.call('reset', {});
    expect(session.restarts).toBe(1);
  });

  test('replay: a copy of an answered reply (old id) is a protocol error naming it; the session recovers', async () => {
    const session = await open('--fault', 'replay');
    await session.call('reset', {});
    await expect(session.call('unpack', { packed: PLAIN })).rejects.toMatchObject({
      code: 'ERR_ADAPTER_WRONG_ID', message: expect.stringMatching(/a replay of request \d+, which was already answered/),
    });
    await session.call('reset', {});
    expect(session.restarts).toBe(1);
  });

  test.each([
    ['deep', 'nests deeper than 512 levels'],
    ['wide', 'more than 100000 members'],
  ])('nested --shape %s: refused before parsing (no stack overflow, no error per member), the adapter stays up', async (shape, reason) => {
    const session = await open('--fault', 'nested', '--shape', shape);
    const started = performance.now();
    await expect(session.call('unpack', { packed: PLAIN })).rejects.toMatchObject({ code: 'ERR_ADAPTER_REPLY_TOO_COMPLEX', message: expect.stringContaining(reason) });
    expect(performance.now() - started).toBeLessThan(3000);
    // The stream is still in step: no restart needed.
    await session.call('reset', {});
    expect(session.restarts).toBe(0);
    const call = session.takeTranscript().find((e) => e.kind === 'call' && e.method === 'unpack') as { reply?: string };
    expect(call.reply!.length).toBeLessThan(70 * 1024);
  });

  test('checkReplyShape counts brackets and commas outside strings only', () => {
    expect(() => checkReplyShape(JSON.stringify({ s: '['.repeat(1000) + ','.repeat(200_000) }))).not.toThrow();
    expect(() => checkReplyShape('['.repeat(513) + ']'.repeat(513))).toThrow(/deeper than 512/);
    expect(() => checkReplyShape('['.repeat(512) + ']'.repeat(512))).not.toThrow();
    expect(() => checkReplyShape(`[${'[1],'.repeat(100_001)}1]`)).toThrow(/more than 100000 members/);
    expect(() => checkReplyShape(`{"a":"\\"[[[","b":[${'1,'.repeat(99_998)}1]}`)).not.toThrow();
  });
});
