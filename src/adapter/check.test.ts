/**
 * `adapter check` catches what would otherwise surface as errored cases in a run (newcomer report, issue 19):
 * an adapter whose replies never come (buffered stdout) gets the flush hint; an importIdentity answering the
 * wrong shape fails the check with what to answer; a check of a bare URL says nothing about a missing
 * adapter.json; the round trips of a claimed envelope kind run against the reference implementation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkAdapter } from './check.js';
import { FIRST_REPLY_HINT, relevantSchemaErrors } from './check-hints.js';
import { loadManifest, packageRoot, resolveAdapter } from './manifest.js';

const root = packageRoot();

/** A stdio adapter from `source` (plain Node, no SDK: it can answer anything, or nothing). */
function rawAdapter(source: string, limits: Record<string, number> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-'));
  writeFileSync(join(dir, 'adapter.js'), source);
  writeFileSync(join(dir, 'adapter.json'), JSON.stringify({ name: 'raw', implementation: { name: 'raw', version: '1.0.0' }, transport: { kind: 'stdio', command: 'node', args: ['adapter.js'] }, limits }));
  return join(dir, 'adapter.json');
}

/** Answers each request with `answer(method, params)` on one line, or -32601 when it returns undefined. */
const DISPATCH = (body: string): string => `
const readline = require('node:readline');
const describe = { protocolVersion: 1, implementation: { name: 'raw', version: '1.0.0' },
  capabilities: { envelopes: ['plaintext'], algorithms: {}, didMethods: [], protocols: [], transports: [], roles: ['sender', 'receiver'] } };
const answer = (method, params) => { ${body} };
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line);
  const result = request.method === 'describe' ? describe : answer(request.method, request.params);
  process.stdout.write(JSON.stringify(result === undefined
    ? { jsonrpc: '2.0', id: request.id, error: { code: -32601, message: 'method not found' } }
    : { jsonrpc: '2.0', id: request.id, result }) + '\\n');
});`;

describe('adapter check', () => {
  test('no reply ever comes (stdout never flushed): the first item fails with the flush hint', { timeout: 40_000 }, async () => {
    const manifest = rawAdapter("process.stdin.on('data', () => {}); setInterval(() => {}, 1000);", { deadlineMs: 1000 });
    // The same timeout after 1 s instead of the 15 s start-up allowance: nothing is coming either way.
    const adapter = loadManifest(manifest);
    const report = await checkAdapter({ ...adapter, limits: { ...adapter.limits, startupDeadlineMs: 1000 } });
    expect(report.passed).toBe(false);
    expect(report.items).toHaveLength(1);
    expect(report.items[0]).toMatchObject({ verdict: 'fail', hint: FIRST_REPLY_HINT });
    expect(report.items[0]!.detail).toContain('ERR_ADAPTER_TIMEOUT');
    expect(FIRST_REPLY_HINT).toMatch(/flush=True.*PYTHONUNBUFFERED=1/);
  });

  test('importIdentity answering {"ok": true}: the check fails there, saying what to answer', { timeout: 30_000 }, async () => {
    const manifest = rawAdapter(DISPATCH(`
      if (method === 'reset' || method === 'registerDidDocument') return {};
      if (method === 'importIdentity') return { ok: true };
      if (method === 'pack') return { status: 'packed', packed: JSON.stringify(params.message) };
      if (method === 'unpack') return { status: 'accepted', message: JSON.parse(params.packed), metadata: { encrypted: false, authenticated: false, nonRepudiation: false, anonymousSender: true } };
      return undefined;`));
    const report = await checkAdapter(loadManifest(manifest));
    expect(report.passed).toBe(false);
    const item = report.items.find((i) => i.name.startsWith('importIdentity'))!;
    expect(item.verdict).toBe('fail');
    expect(item.detail).toContain('ERR_ADAPTER_SCHEMA');
    expect(item.hint).toContain('answer {"did": "<the document\'s id>"}');
    expect(item.hint).toContain('src/adapter/protocol/v1/importIdentity.schema.json');
    // The plaintext round trips, both directions, still ran and passed.
    expect(report.items.filter((i) => /^(pack|unpack): a plaintext message/.test(i.name)).map((i) => i.verdict)).toEqual(['ok', 'ok']);
  });

  test('schema errors of the branch a reply did not take are left out', () => {
    expect(relevantSchemaErrors(['/metadata must have required property \'nonRepudiation\'', '(root) must have required property \'error\'', '/status must be equal to constant'])).toEqual(['/metadata must have required property \'nonRepudiation\'']);
  });

  test('a bare URL: no word about adapter.json; every claimed envelope kind makes a round trip each way', { timeout: 60_000 }, async () => {
    // Port 0: the system picks a free one, and the adapter prints its URL once it listens (no polling, no
    // collision with another test's port; polling a guessed port ran out of its 10 s on a loaded machine).
    const server = spawn(process.execPath, [join(root, 'dist/adapters/reference/main.js'), '--http', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      const url = await listeningUrl(server);
      const report = await checkAdapter(resolveAdapter(url));
      expect(report.items.filter((i) => i.verdict !== 'ok' && i.verdict !== 'unsupported')).toEqual([]);
      expect(report.items.some((i) => i.name.includes('adapter.json'))).toBe(false);
      for (const kind of ['plaintext', 'signed', 'anoncrypt', 'authcrypt']) {
        expect(report.items.map((i) => i.name)).toContain(`unpack: ${kind === 'plaintext' || kind === 'signed' ? 'a' : 'an'} ${kind} message the harness packed (the agent as receiver)`);
        expect(report.items.map((i) => i.name)).toContain(`pack: ${kind === 'plaintext' || kind === 'signed' ? 'a' : 'an'} ${kind} message the harness then unpacks (the agent as sender)`);
      }
    } finally {
      server.kill();
    }
  });
});

/** The URL an adapter started with `--http` prints on stderr once it listens; rejects if it exits first. */
function listeningUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /adapter listening on (\S+)/.exec(stderr)?.[1];
      if (url) resolve(url);
    });
    server.once('exit', (code) => reject(new Error(`the adapter exited (${code}) before it listened: ${stderr}`)));
  });
}
