/**
 * The Java adapter kit, for real: its server compiled with javac and driven over stdio through every path
 * (replies, -32601 for unknown methods and Unsupported, -32603 with the message, parse and framing errors,
 * stdout kept clean, deep and non-ASCII JSON, exit after shutdown, the optional benchmark over the probe's own
 * pack and unpack), and its template as `adapter init` writes it, built by the harness on first use (its build
 * section: Maven), then passed through `adapter check` and the plaintext suite, and its benchmark driven as the cross-language table drives it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../../../src/adapter/manifest.js';
import { expectTemplateBenchmark } from '../benchmark.test-support.js';
import { builtTemplate, expectPlaintextSuitePasses, initAndCheck } from '../template.test-support.js';

const root = packageRoot();
const kit = join(root, 'adapters/_kits/java');
const kitSources = join(kit, 'src/dev/didcommconformance/kit');

type Reply = { jsonrpc: string; id: number | string | null; result?: unknown; error?: { code: number; message: string } };

/** Runs the probe adapter with these request lines; its reply lines, stderr and exit code. */
async function converse(classes: string, lines: string[]): Promise<{ replies: Reply[]; raw: string[]; stderr: string; exitCode: number | undefined }> {
  const result = await execa('java', ['-cp', classes, 'KitProbe'], { input: lines.map((line) => `${line}\n`).join(''), reject: false, timeout: 20_000 });
  const raw = result.stdout.split('\n').filter((line) => line !== '');
  return { replies: raw.map((line) => JSON.parse(line) as Reply), raw, stderr: result.stderr, exitCode: result.exitCode };
}

const request = (id: number, method: string, params: unknown = {}): string => JSON.stringify({ jsonrpc: '2.0', id, method, params });

describe('Java kit server (javac + stdio)', { timeout: 60_000 }, () => {
  let classes = '';
  beforeAll(async () => {
    classes = mkdtempSync(join(tmpdir(), 'didcomm-java-kit-'));
    const sources = [...readdirSync(kitSources).map((file) => join(kitSources, file)), join(kit, 'test/KitProbe.java')];
    await execa('javac', ['--release', '17', '-d', classes, ...sources]);
  });
  afterAll(() => rmSync(classes, { recursive: true, force: true }));

  test('answers each request on its own line, in order, with the request id', async () => {
    const { replies, exitCode } = await converse(classes, [request(1, 'describe'), request(2, 'echo', { value: 'two' }), request(3, 'echo', { value: [3] })]);
    expect(replies).toEqual([
      { jsonrpc: '2.0', id: 1, result: { protocolVersion: 1 } },
      { jsonrpc: '2.0', id: 2, result: 'two' },
      { jsonrpc: '2.0', id: 3, result: [3] },
    ]);
    expect(exitCode).toBe(0); // end of input ends the adapter
  });

  test('unknown methods and Unsupported answer -32601; other exceptions -32603 with the message, and the loop goes on', async () => {
    const { replies, stderr } = await converse(classes, [
      request(1, 'noSuchMethod'), request(2, 'unsupported'), request(3, 'fails'), request(4, 'failsWithoutMessage'), request(5, 'notJson'), request(6, 'describe'),
    ]);
    expect(replies.map((reply) => [reply.id, reply.error?.code])).toEqual([[1, -32601], [2, -32601], [3, -32603], [4, -32603], [5, -32603], [6, undefined]]);
    expect(replies[1]!.error!.message).toBe('unsupported: no such action in this library');
    expect(replies[2]!.error!.message).toBe('the fails handler threw: IllegalStateException: the library broke');
    expect(replies[3]!.error!.message).toBe('the failsWithoutMessage handler threw: NullPointerException');
    expect(replies[4]!.error!.message).toMatch(/^the notJson handler threw: IllegalArgumentException: cannot write a java\.lang\.Object as JSON$/);
    expect(stderr).toContain('IllegalStateException: the library broke'); // the stack trace is the adapter's log
  });

  test('text that is not a request gets a JSON-RPC error, never a crash', async () => {
    const { replies } = await converse(classes, ['not json', '[1,2]', JSON.stringify({ jsonrpc: '2.0', method: 'describe', params: {} }), JSON.stringify({ jsonrpc: '1.0', id: 7, method: 'describe', params: {} }), request(8, 'describe')]);
    expect(replies.map((reply) => [reply.id, reply.error?.code])).toEqual([[null, -32700], [null, -32600], [null, -32600], [7, -32600], [8, undefined]]);
  });

  test('a print to System.out goes to stderr, not into the reply stream', async () => {
    const { replies, stderr } = await converse(classes, [request(1, 'printsToStdout'), request(2, 'describe')]);
    expect(replies).toEqual([{ jsonrpc: '2.0', id: 1, result: { printed: true } }, { jsonrpc: '2.0', id: 2, result: { protocolVersion: 1 } }]);
    expect(stderr).toContain('a stray print that must not reach the reply stream');
  });

  test('JSON survives the round trip: deep nesting, big integers, decimals, escapes, non-BMP characters, member order', async () => {
    // Written as text: JSON.stringify itself recurses too deeply for 5,000 levels.
    const deep = `${'['.repeat(5_000)}"bottom"${']'.repeat(5_000)}`;
    const value = `{"z":1,"a":{"big":123456789012345678901234567890,"decimal":1.5,"neg":-0.25},"s":${JSON.stringify('é\u2028\u0000"\\\n😀')},"deep":${deep}}`;
    const { raw } = await converse(classes, [`{"jsonrpc":"2.0","id":1,"method":"echo","params":{"value":${value}}}`]);
    expect(raw).toEqual([`{"jsonrpc":"2.0","id":1,"result":${value}}`]);
  });

  test('withBenchmark: packs N times, each with its own copy of the request, then unpacks each; counts, times, sample', async () => {
    const pack = { envelope: 'plaintext', message: { id: '1' } };
    const { replies } = await converse(classes, [request(1, 'benchmark', { mode: 'plaintext', iterations: 3, pack }), request(2, 'describe')]);
    const result = replies[0]!.result as Record<string, unknown>;
    // The probe's second message does not unpack: 2 of 3, which the harness flags.
    expect(result).toEqual({ status: 'measured', packed: 3, unpacked: 2, packMs: expect.any(Number), unpackMs: expect.any(Number), sample: `packed-3 ${JSON.stringify(pack)}` });
    expect(result['packMs']).toBeGreaterThanOrEqual(0);
    expect(result['unpackMs']).toBeGreaterThanOrEqual(0);
    expect(replies[1]!.result).toEqual({ protocolVersion: 1 });
  });

  test('withBenchmark: the library\'s refusal to pack is the answer; bad params are -32602', async () => {
    const pack = { envelope: 'plaintext', message: { id: '1' } };
    const bad = [{ mode: 'plaintext', pack }, { mode: 'plaintext', iterations: 0, pack }, { mode: 'plaintext', iterations: 2.5, pack }, { mode: 'plaintext', iterations: '3', pack }, { mode: 'plaintext', iterations: 1_000_001, pack }, { mode: 'plaintext', iterations: 3 }, { mode: 'plaintext', iterations: 3, pack: [pack] }];
    const { replies } = await converse(classes, [request(1, 'benchmark', { mode: 'x', iterations: 5, pack: { envelope: 'refused' } }), ...bad.map((params, i) => request(i + 2, 'benchmark', params))]);
    expect(replies[0]!.result).toEqual({ status: 'rejected', error: { code: 'refused', message: 'not this envelope' } });
    for (const reply of replies.slice(1)) {
      expect(reply.error, JSON.stringify(bad[Number(reply.id) - 2])).toMatchObject({ code: -32602, message: expect.stringMatching(/^invalid params: /) });
    }
    expect(replies).toHaveLength(1 + bad.length);
  });

  test('shutdown is answered, then the JVM exits although a non-daemon thread is running', async () => {
    const started = performance.now();
    const { replies, exitCode } = await converse(classes, [request(1, 'startsThread'), request(2, 'shutdown'), request(3, 'describe')]);
    expect(replies).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }, { jsonrpc: '2.0', id: 2, result: {} }]);
    expect(exitCode).toBe(0);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('Java kit template (adapter init, built by the harness, adapter check, plaintext suite)', { timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'didcomm-java-template-'));
  const folder = join(work, 'demo');
  // Its own build cache, so the test builds the template the way a first use does (and leaves nothing behind).
  const cache = join(work, 'cache');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('adapter init writes it, it is built on first use with Maven, and passes adapter check', async () => {
    const check = await initAndCheck('java', folder, cache);
    expect(check.stderr + check.stdout).toMatch(/built demo in/);
  });

  test('runs the plaintext suite from the cached build with no failed or errored case', async () => {
    await expectPlaintextSuitePasses(folder, join(work, 'run'), cache);
  });

  test('benchmarks plaintext through the kit\'s withBenchmark, as the cross-language table asks', async () => {
    // The build the check above made, in this test's own cache.
    await expectTemplateBenchmark(builtTemplate(folder, cache));
  });
});
