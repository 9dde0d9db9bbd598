/**
 * An agent behind authentication (issue 19 item 5): an adapter reached by URL gets headers from
 * `--adapter-header` or adapter.json's `transport.headers` (`${env:NAME}` read from the environment), on
 * `adapter check`, `run`, `matrix` and `start`; a refusal (HTTP 401) says how to give credentials; and the token never appears
 * in any output or report file, even when the agent echoes it back. A URL where nothing listens is named as
 * such (ECONNREFUSED, start the server), not blamed on an adapter log that does not exist.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../../adapter/manifest.js';
import { runAdapterJobs } from '../../runner/adapter-jobs.js';
import { referenceOverHttp } from '../../../test/reference-over-http.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const TOKEN = 'tok-4f9c2e7a1b8d6350-secret';

let agent: ChildProcess;
let gate: Server;
let gateUrl: string;
const seen = { authorized: 0, refused: 0 };

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  let agentUrl: string;
  ({ url: agentUrl, agent } = await referenceOverHttp(root));
  // The gate: 401 without the bearer token; with it, the reference adapter's reply, its describe echoing the token.
  gate = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        seen.refused += 1;
        response.writeHead(401).end('{"error": "unauthorized"}');
        return;
      }
      seen.authorized += 1;
      void fetch(agentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
        .then(async (answer) => {
          let text = await answer.text();
          const reply = JSON.parse(text) as { result?: { implementation?: { name: string } } };
          if (reply.result?.implementation) {
            reply.result.implementation.name = `gated reference (token ${TOKEN})`;
            text = JSON.stringify(reply);
          }
          response.writeHead(200, { 'content-type': 'application/json' }).end(text);
        })
        .catch(() => response.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(() => {
  agent?.kill();
  gate?.close();
});

const env = { ...process.env, AGENT_TOKEN: TOKEN };

describe('headers for an adapter reached by URL', () => {
  test('without credentials: the check fails on HTTP 401 with a hint naming --adapter-header', { timeout: 60_000 }, async () => {
    const result = await execa('node', [cli, 'adapter', 'check', gateUrl], { reject: false, env });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`POST ${gateUrl} answered HTTP 401`);
    expect(result.stdout).toMatch(/hint: the agent refused the request: give it credentials with --adapter-header .* \(none were sent\)/);
  });

  test('--adapter-header with ${env:NAME}: the check passes and prints no token (the agent echoes it)', { timeout: 120_000 }, async () => {
    const before = seen.authorized;
    const result = await execa('node', [cli, 'adapter', 'check', gateUrl, '--adapter-header', 'Authorization: Bearer ${env:AGENT_TOKEN}'], { reject: false, env });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(seen.authorized).toBeGreaterThan(before);
    expect(result.stdout).toContain('gated reference (token [redacted])');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  test('adapter.json transport.headers: run over HTTP; no file the run wrote and no line it printed holds the token', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'header-run-'));
    writeFileSync(join(dir, 'adapter.json'), JSON.stringify({
      name: 'gated', implementation: { name: 'gated reference', version: '1' },
      transport: { kind: 'http', url: gateUrl, headers: { authorization: 'Bearer ${env:AGENT_TOKEN}' } },
    }));
    const refusedBefore = seen.refused;
    const result = await execa('node', [cli, 'run', '--adapter', dir, '--suite', 'plaintext', '--out', 'out'], { cwd: dir, reject: false, env });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(seen.refused).toBe(refusedBefore);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    const files = filesUnder(join(dir, 'out'));
    expect(files.some((file) => file.endsWith('report.html'))).toBe(true);
    expect(readFileSync(join(dir, 'out', 'run.jsonl'), 'utf8')).toContain('gated reference (token [redacted])');
    expect(files.filter((file) => readFileSync(file).includes(TOKEN))).toEqual([]);
  });

  test('matrix --adapter-header: the envelope cells with an agent behind authentication pass, and no file or line holds the token', { timeout: 180_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'header-matrix-'));
    const [authorizedBefore, refusedBefore] = [seen.authorized, seen.refused];
    const result = await execa('node', [cli, 'matrix', '--adapters', `${gateUrl},reference`, '--no-live', '--seed', '1', '--out', out, '--adapter-header', 'Authorization: Bearer ${env:AGENT_TOKEN}'], { reject: false, env });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(seen.authorized).toBeGreaterThan(authorizedBefore);
    expect(seen.refused).toBe(refusedBefore);
    const matrix = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as { pairs: Array<{ cells: Array<{ feature: string; status: string }> }> };
    const plaintext = matrix.pairs.flatMap((pair) => pair.cells).filter((cell) => cell.feature === 'plaintext');
    expect(plaintext.map((cell) => cell.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    expect(filesUnder(out).filter((file) => readFileSync(file).includes(TOKEN))).toEqual([]);
  });

  test('start passes --adapter-header on to each adapter\'s run (the job runner), and refuses a bad one as a usage error', { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'header-start-'));
    const refusedBefore = seen.refused;
    // The run is a child of this process: it reads ${env:AGENT_TOKEN} from the environment it inherits.
    process.env['AGENT_TOKEN'] = TOKEN;
    const [gated] = await runAdapterJobs([{ adapter: gateUrl, out: join(out, 'gated') }], { root, seed: 1, concurrency: 1, suite: 'plaintext', adapterHeaders: ['Authorization: Bearer ${env:AGENT_TOKEN}'] })
      .finally(() => delete process.env['AGENT_TOKEN']);
    expect(gated!.exitCode, gated!.error).toBe(0);
    expect(gated!.run?.totals.passed).toBeGreaterThan(0);
    expect(seen.refused).toBe(refusedBefore);
    const bad = await execa('node', [cli, 'start', '--adapters', gateUrl, '--out', join(out, 'bad'), '--adapter-header', TOKEN], { reject: false, env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^didcomm-conformance start: --adapter-header number 1 \(\d+ characters\) is not "Name: value"$/);
    expect(bad.stdout + bad.stderr).not.toContain(TOKEN);
  });

  test('nothing listening at the URL: run exits 2 naming ECONNREFUSED, and the hint says to start the server (not to read a log)', { timeout: 60_000 }, async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const cwd = mkdtempSync(join(tmpdir(), 'header-none-'));
    const result = await execa('node', [cli, 'run', '--adapter', url], { cwd, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`POST ${url} failed: fetch failed (ECONNREFUSED)`);
    expect(result.stderr).toContain(`hint: nothing answers at ${url}: start the adapter's HTTP server first, or check the host and port`);
    expect(result.stderr).not.toContain('adapter log');
    expect(readdirSync(cwd)).toEqual([]);
  });

  test.each([
    [['--adapter-header', TOKEN], /^didcomm-conformance adapter check: --adapter-header number 1 \(\d+ characters\) is not "Name: value"$/],
    [['--adapter-header', 'authorization: Bearer ${env:NO_SUCH_VARIABLE_SET}'], /^didcomm-conformance adapter check: --adapter-header: header authorization reads \$\{env:NO_SUCH_VARIABLE_SET\}, which is not set$/],
    [['--adapter-header', `bad name: ${TOKEN}`], /^didcomm-conformance adapter check: --adapter-header: "bad name" is not a header name/],
  ])('a bad header is a usage error that never repeats the value: %j', async (args, line) => {
    const result = await execa('node', [cli, 'adapter', 'check', gateUrl, ...args], { reject: false, env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(line);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});
