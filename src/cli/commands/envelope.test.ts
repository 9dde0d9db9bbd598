import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  test.each([
    [['--mode', 'plaintext', '--to', 'did:example:bob'], 'pack --mode plaintext does not use --to: a plaintext message is neither signed nor encrypted; its recipients are its own "to" header (put them there)'],
    [['--mode', 'signed', '--sign-by', 'did:example:alice#key-1', '--to', 'did:example:bob', '--curve', 'P-256'], 'pack --mode signed does not use --to, --curve: they shape encryption: use --mode anoncrypt or authcrypt (with --sign-by to sign first)'],
    [['--mode', 'anoncrypt', '--from', 'did:example:alice'], 'pack --mode anoncrypt does not use --from: an anoncrypt message has no sender; use --mode authcrypt'],
  ])('an option the mode would ignore is refused, not dropped: %j', (flags, line) => {
    const result = cli(['pack', ...flags, ...keys], JSON.stringify(message));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`didcomm-conformance: ${line}\n`);
  });

  describe('--secrets problems are told apart, in one line naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-cli-'));
    const file = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    test.each([
      ['missing file', join(dir, 'absent.json'), ': cannot read the file (ENOENT)'],
      ['not JSON (a multi-line parse message stays on one line)', file('broken.json', 'nope{\n\n'), /^: not valid JSON \(.+\)$/],
      ['wrong shape: an object member that is not an array', file('object.json', '{"foo": 1}'), ': wrong shape: $.foo is not an array of secrets (expected an array of private JWKs with "kid", of {id, privateKeyJwk}, or an object of such arrays)'],
      ['wrong shape: an entry without kid', file('nokid.json', '[{"kty": "OKP"}]'), /^: wrong shape: \$\[0\] is neither \{id, privateKeyJwk\} nor a JWK with "kid"/],
      ['wrong shape: not an array or object', file('string.json', '"str"'), ': wrong shape: $ must be an array of secrets or an object of such arrays'],
      ['which key is unusable', file('badkey.json', '[{"kid": "did:example:a#k", "kty": "OKP", "crv": "Ed25519", "x": "abc", "d": "xyz"}]'), ': unusable key: secret did:example:a#k is not a usable private JWK (OKP/Ed25519)'],
      ['which key id is not a DID URL', file('badkid.json', '[{"kid": "nofrag", "d": "x"}]'), ': unusable key: secret id "nofrag" is not an absolute DID URL with a fragment'],
    ])('%s', (_name, path, after) => {
      const result = cli(['unpack', '--secrets', path], JSON.stringify(message));
      expect(result.status).toBe(2);
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
      const prefix = `didcomm-conformance: --secrets ${path}`;
      expect(result.stderr.startsWith(prefix)).toBe(true);
      const rest = result.stderr.slice(prefix.length).trimEnd();
      if (typeof after === 'string') expect(rest).toBe(after);
      else expect(rest).toMatch(after);
    });
  });

  test('--did-docs names the member of an object that is no DID document', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'docs-cli-')), 'docs.json');
    writeFileSync(path, '{"did:example:x": {"id": "did:example:x"}, "foo": 1}');
    const result = cli(['unpack', '--did-docs', path], JSON.stringify(message));
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`didcomm-conformance: --did-docs ${path}: member "foo" is not a DID document with a string "id"\n`);
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
