/**
 * The Python adapter kit (adapters/_kits/python): the JSON-RPC line loop as a harness sees it from outside
 * (one reply per line, in order; -32700/-32600/-32601/-32603; stdout kept clean of a library's prints;
 * `shutdown` replies then exits), the directional capability claims, and the template as `adapter init
 * --lang python` writes it: built on first use (in a private cache), it passes `adapter check` and runs the
 * plaintext suite. The loop tests run the system `python3` (the kit needs nothing else).
 * @module
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../../src/adapter/manifest.js';
import { expectPlaintextSuitePasses, initAndCheck } from '../template.test-support.js';

const root = packageRoot();
const kit = join(root, 'adapters/_kits/python');

/** A folder holding the kit package as `kit/didcomm_adapter_kit` and `script` as main.py. */
function withKit(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'python-kit-'));
  cpSync(join(kit, 'didcomm_adapter_kit'), join(dir, 'kit/didcomm_adapter_kit'), { recursive: true });
  writeFileSync(join(dir, 'main.py'), `import sys\nsys.dont_write_bytecode = True\nsys.path.insert(0, "kit")\n${script}`);
  return dir;
}

const LOOP = `
import asyncio
from didcomm_adapter_kit import Unsupported, serve

async def slow(params):
    await asyncio.sleep(0.01)
    return {"echo": params}

def noisy(params):
    print("a library printing to stdout")
    return {"ok": True}

def boom(params):
    raise ValueError("bad input\\nsecond line")

def nope(params):
    raise Unsupported("cannot do that")

serve({"slow": slow, "noisy": noisy, "boom": boom, "nope": nope, "nan": lambda p: {"x": float("nan")}})
`;

describe('Python adapter kit', () => {
  test('answers every request line in order, with the JSON-RPC error codes the harness reads', async () => {
    const dir = withKit(LOOP);
    const request = (id: number, method: string, params: unknown = {}) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
    const input = [
      'not json',
      '[1, 2]',
      request(1, 'slow', { a: 'é' }),
      request(2, 'noisy'),
      request(3, 'boom'),
      request(4, 'nope'),
      request(5, 'nosuch'),
      request(6, 'slow', [1]),
      request(7, 'nan'),
      request(8, 'shutdown'),
      request(9, 'slow'),
    ].join('\n');
    const result = await execa('python3', ['main.py'], { cwd: dir, input, reject: false });
    expect(result.exitCode).toBe(0);
    const replies = result.stdout.split('\n').map((line) => JSON.parse(line) as { id: unknown; result?: unknown; error?: { code: number; message: string } });
    expect(replies.map((r) => [r.id, r.error?.code ?? 'ok'])).toEqual([
      [null, -32700], [null, -32600], [1, 'ok'], [2, 'ok'], [3, -32603], [4, -32601], [5, -32601], [6, -32602], [7, -32603], [8, 'ok'],
    ]);
    expect(replies[2]!.result).toEqual({ echo: { a: 'é' } });
    expect(replies[4]!.error!.message).toBe('ValueError: bad input');
    expect(replies[5]!.error!.message).toBe('cannot do that');
    expect(replies[9]!.result).toEqual({});
    // The print went to the log, not into the protocol stream; the one-line error was logged too.
    expect(result.stderr).toContain('a library printing to stdout');
    expect(result.stderr).toContain('boom failed: ValueError: bad input');
  });

  test('ends quietly when stdin closes', async () => {
    const dir = withKit(LOOP);
    const result = await execa('python3', ['main.py'], { cwd: dir, input: '', reject: false });
    expect([result.exitCode, result.stdout]).toEqual([0, '']);
  });

  test('claims what works both ways in envelopes/algorithms and the rest per direction', async () => {
    const dir = withKit(`
import json
from didcomm_adapter_kit import Claims
claims = Claims()
claims.received("signed", "P-256", "ES256")
claims.received("signed", "Ed25519", "EdDSA")
claims.sent("signed", "Ed25519", "EdDSA")
claims.sent("anoncrypt", "X25519", "ECDH-ES+A256KW", "XC20P")
print(json.dumps(claims.capabilities(did_methods=["example", "peer:2"])), file=sys.stderr)
`);
    const result = await execa('python3', ['main.py'], { cwd: dir, reject: false });
    expect(JSON.parse(result.stderr)).toEqual({
      envelopes: ['signed'],
      algorithms: { Ed25519: ['EdDSA'] },
      didMethods: ['example', 'peer:2'],
      protocols: [],
      transports: [],
      roles: ['sender', 'receiver'],
      receiveOnly: { algorithms: { 'P-256': ['ES256'] } },
      sendOnly: { envelopes: ['anoncrypt'], algorithms: { X25519: ['ECDH-ES+A256KW', 'XC20P'] } },
    });
  });

  test('claims per direction an enc proved with one encrypted kind only (encryptionScope)', async () => {
    // didcomm-messaging's shape: its anoncrypt always uses XC20P, its authcrypt A256CBC-HS512; it decrypts both.
    const dir = withKit(`
import json
from didcomm_adapter_kit import Claims
claims = Claims()
claims.sent("anoncrypt", "X25519", "ECDH-ES+A256KW", "XC20P")
claims.sent("authcrypt", "X25519", "ECDH-1PU+A256KW", "A256CBC-HS512")
claims.received("anoncrypt", "X25519", "ECDH-ES+A256KW", "A256CBC-HS512")
claims.received("anoncrypt", "X25519", "ECDH-ES+A256KW", "XC20P")
claims.received("authcrypt", "X25519", "ECDH-1PU+A256KW", "A256CBC-HS512")
print(json.dumps(claims.capabilities()), file=sys.stderr)
`);
    const result = await execa('python3', ['main.py'], { cwd: dir, reject: false });
    const capabilities = JSON.parse(result.stderr) as Record<string, unknown>;
    expect(capabilities['algorithms']).toEqual({ X25519: ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256CBC-HS512', 'XC20P'] });
    // Sending, A256CBC-HS512 is authcrypt's only; XC20P is never tried with authcrypt, so it is not limited.
    expect(capabilities['encryptionScope']).toEqual({ send: { 'A256CBC-HS512': ['authcrypt'] } });
  });

  test('the template, as adapter init writes it, builds on first use, passes adapter check and runs the plaintext suite', { timeout: 120_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'python-template-'));
    const dir = join(work, 'python-template');
    // Its own build cache: the venv is built the way a first use builds it, and nothing stays behind.
    const cache = join(work, 'cache');
    try {
      const check = await initAndCheck('python', dir, cache);
      expect(check.stderr).toMatch(/built python-template in/);
      expect(check.stdout).toContain('python-template 0.0.0; envelopes: plaintext');
      expect(check.stdout).not.toContain('describe matches adapter.json');
      await expectPlaintextSuitePasses(dir, join(work, 'run'), cache);
      // The adapter runs from its folder and leaves nothing in it (no __pycache__).
      expect(readdirSync(dir).sort()).toEqual(['adapter.json', 'kit', 'main.py', 'requirements.txt']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
