import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const main = join(root, 'dist/src/cli/main.js');
const spec = join(root, 'vectors/upstream/didcomm-spec');
const keys = ['--did-docs', join(spec, 'did-docs.json'), '--secrets', join(spec, 'secrets.json')];

function cli(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8', input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const message = {
  id: 'cli-1', type: 'https://didcomm.org/basicmessage/2.0/message', from: 'did:example:alice', to: ['did:example:bob'],
  created_time: 1516269022, body: { content: 'hello' },
};

beforeAll(() => {
  expect(existsSync(main), 'test/global-setup.ts builds dist/').toBe(true);
});

describe('didcomm-conformance pack | unpack', () => {
  test.each([
    [['--mode', 'plaintext'], ['plaintext']],
    [['--mode', 'signed', '--sign-by', 'did:example:alice#key-3', '--jws', 'flattened'], ['signed', 'plaintext']],
    [['--mode', 'anoncrypt', '--enc', 'XC20P', '--curve', 'P-521'], ['anoncrypt', 'plaintext']],
    [['--mode', 'authcrypt', '--curve', 'P-256', '--protect-sender'], ['anoncrypt', 'authcrypt', 'plaintext']],
    [['--mode', 'authcrypt', '--sign-by', 'did:example:alice#key-1'], ['authcrypt', 'signed', 'plaintext']],
  ])('pack %j unpacks to layers %j', (flags, layers) => {
    const packed = cli(['pack', ...flags, ...keys], JSON.stringify(message));
    expect(packed.status, packed.stderr).toBe(0);
    const unpacked = cli(['unpack', '--json', ...keys], packed.stdout);
    expect(unpacked.status, unpacked.stdout + unpacked.stderr).toBe(0);
    const result = JSON.parse(unpacked.stdout) as { message: unknown; metadata: { layers: Array<{ kind: string }> } };
    // Only a message sent as plaintext gets the "typ" a sender SHOULD add (ENV-MT-002).
    expect(result.message).toEqual(layers.length === 1 ? { ...message, typ: 'application/didcomm-plain+json' } : message);
    expect(result.metadata.layers.map((l) => l.kind)).toEqual(layers);
  });

  test('a rejection exits 1 with the error code and requirement as JSON', () => {
    const packed = cli(['pack', '--mode', 'anoncrypt', ...keys], JSON.stringify(message)).stdout;
    const tampered = JSON.stringify({ ...JSON.parse(packed), tag: 'AAAA' + (JSON.parse(packed) as { tag: string }).tag.slice(4) });
    const result = cli(['unpack', ...keys], tampered);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'ERR_DECRYPTION_FAILED', requirement: 'ENC-KDF-005', message: 'the message could not be decrypted' } });
  });

  test('--lenient accepts what strict refuses, with a warning (AMB-07)', () => {
    const packed = cli(['pack', '--mode', 'anoncrypt', '--to', 'did:example:bob', ...keys], JSON.stringify({ ...message, to: ['did:example:charlie'] }));
    // pack itself checks the plaintext only; "to" naming someone else is the receiver's concern.
    expect(packed.status, packed.stdout + packed.stderr).toBe(0);
    expect(JSON.parse(cli(['unpack', ...keys], packed.stdout).stdout)).toMatchObject({ error: { code: 'ERR_LAYER_MISMATCH', requirement: 'ENV-NEST-009' } });
    const lenient = JSON.parse(cli(['unpack', '--lenient', ...keys], packed.stdout).stdout) as { metadata: { warnings: Array<{ requirement: string }> } };
    expect(lenient.metadata.warnings.map((w) => w.requirement)).toEqual(['ENV-PLAIN-010']);
  });

  test.each([
    [['pack', '--mode', 'bogus'], /--mode/],
    [['unpack', '--secrets', '/nonexistent/secrets.json'], /--secrets \/nonexistent\/secrets.json: cannot read the file \(ENOENT\)/],
    [['pack', '--mode', 'plaintext'], /standard input must be the plaintext message as a JSON object/],
  ])('usage errors exit 2 and name what was wrong: %j', (args, pattern) => {
    const result = cli(args, 'not json');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(pattern);
  });
});

describe('didcomm-conformance vectors verify', () => {
  test('--json reports every vector as expected, with the counts', () => {
    const result = cli(['vectors', 'verify', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const { summary } = JSON.parse(result.stdout) as { summary: Record<string, number> };
    expect(summary).toMatchObject({ spec: 10, failed: 0 });
    expect(summary.sicpa).toBeGreaterThanOrEqual(39);
    expect(summary.generatedNegative).toBeGreaterThanOrEqual(60);
    expect(summary.passed).toBe(summary.checks);
  });
});
