/**
 * No secret in any output (issue 14, item 7), through the built CLI. faux/leak puts private keys in its
 * replies and prints them, and every secret it was handed, on stderr (adapters/faux/leak-agent.ts); it
 * records each value it leaks in FAUX_LEAK_KEYS_FILE. Every command that writes files runs against it:
 * `run` in two shards (plaintext passes, anoncrypt fails: repro bundles), `report merge` of the shards,
 * `report` over both, `replay` of a bundle, and `matrix` with the reference. Then every file under the output
 * folder, and every command's stdout and stderr, is searched for every leaked value and every private value
 * of the spec's vector secrets the suites hand over.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa, type Result } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { leakedValues } from '../adapters/faux/leak-agent.js';
import { packageRoot } from '../src/adapter/manifest.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const SUITES = 'plaintext,envelope/anoncrypt.test.ts';
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => join(dir, name)).filter((path) => statSync(path).isFile());
}

/** The private values of the spec's vector secrets (the identities the suites import into the adapter). */
function vectorSecrets(): string[] {
  const file = join(root, 'vectors/upstream/didcomm-spec/secrets.json');
  const sets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Array<Record<string, unknown>>>;
  return Object.values(sets).flat().flatMap((jwk) => PRIVATE.map((member) => jwk[member]).filter((value): value is string => typeof value === 'string'));
}

let out: string;
let keysFile: string;
const commands: Array<{ args: string[]; result: Result }> = [];

async function cliRun(...args: string[]): Promise<Result> {
  const result = await execa('node', [cli, ...args], { cwd: root, reject: false, env: { FAUX_LEAK_KEYS_FILE: keysFile } });
  commands.push({ args, result });
  return result;
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'didcomm-no-secrets-'));
  keysFile = join(mkdtempSync(join(tmpdir(), 'faux-leak-keys-')), 'leaked.jsonl');
  const [first, second, matrix] = await Promise.all([
    cliRun('run', '--adapter', 'faux/leak', '--suite', SUITES, '--shard', '1/2', '--seed', '3', '--out', join(out, 'shard-1'), '--json'),
    cliRun('run', '--adapter', 'faux/leak', '--suite', SUITES, '--shard', '2/2', '--seed', '3', '--out', join(out, 'shard-2'), '--json'),
    cliRun('matrix', '--adapters', 'faux/leak,reference', '--no-live', '--seed', '3', '--out', join(out, 'matrix'), '--json'),
  ]);
  // Plaintext passes; the toy agent claims no anoncrypt, which is required: those cases fail, with bundles.
  expect([first!.exitCode, second!.exitCode], `${first!.stdout.slice(-2000)}\n${first!.stderr}\n${second!.stderr}`).toEqual([0, 1]);
  // Every cell passes on a quiet machine; a pair whose adapters start too slowly under load only shrinks the
  // evidence (the checks below need the faux/leak -> reference pair's).
  expect([0, 1], matrix!.stderr).toContain(matrix!.exitCode);
  const merged = await cliRun('report', 'merge', join(out, 'shard-1'), join(out, 'shard-2'), '--out', join(out, 'merged'));
  expect(merged.exitCode, merged.stderr).toBe(0);
  const combined = await cliRun('report', join(out, 'shard-1'), join(out, 'shard-2'), '--out', join(out, 'combined'));
  expect(combined.exitCode, combined.stderr).toBe(0);
  const bundle = readdirSync(join(out, 'shard-2', 'repro'))[0]!;
  const replay = await cliRun('replay', join(out, 'shard-2', 'repro', bundle), '--out', join(out, 'replay'));
  // The failure reproduces.
  expect(replay.exitCode, `${replay.stdout}\n${replay.stderr}`).toBe(1);
}, 240_000);

afterAll(() => {
  for (const dir of [out, join(keysFile, '..')]) rmSync(dir, { recursive: true, force: true });
});

describe('no secret in any output (faux/leak)', () => {
  test('every kind of output was written, and the adapter really leaked (the outputs show it redacted)', () => {
    const names = filesUnder(out).map((file) => relative(out, file));
    for (const expected of ['shard-1/run.jsonl', 'shard-1/report.html', 'shard-1/summary.json', 'shard-1/junit.xml', 'shard-2/run.jsonl', 'merged/run.jsonl', 'merged/report.html', 'merged/summary.json', 'merged/junit.xml', 'combined/report.html', 'matrix/matrix.json', 'matrix/matrix.html', 'matrix/matrix.md']) {
      expect(names, expected).toContain(expected);
    }
    for (const kind of [/^shard-2\/repro\/[^/]+\/repro\.json$/, /^shard-2\/repro\/[^/]+\/transcript\.json$/, /^merged\/repro\//, /^replay\//, /^shard-1\/allure-results\/.+-result\.json$/, /^combined\/allure-results\//, /^shard-1\/badges\/.+\.svg$/, /^merged\/badges\/.+\.svg$/, /^matrix\/evidence\/faux_leak__reference\//]) {
      expect(names.some((name) => kind.test(name)), String(kind)).toBe(true);
    }
    const leaked = leakedValues(keysFile);
    // Own keys of every adapter process (X25519, Ed25519, RSA, oct, PEM lines) and each handed value in four encodings.
    expect(leaked.length).toBeGreaterThan(100);
    for (const value of vectorSecrets()) expect(leaked).toContain(value);
    for (const file of ['shard-1/run.jsonl', 'shard-2/repro', 'merged/report.html', 'replay', 'matrix/evidence/faux_leak__reference', 'matrix/matrix.json']) {
      const text = filesUnder(out).filter((f) => relative(out, f).startsWith(file)).map((f) => readFileSync(f, 'utf8')).join('');
      expect(text, file).toMatch(/\[redacted\]/);
    }
    const log = readFileSync(join(out, 'shard-1/run.jsonl'), 'utf8');
    expect(log).toContain('faux leak: imported [redacted] | base64 [redacted] | hex [redacted] | base58 [redacted]');
  });

  test('no file under the output folder, and no command output, holds any leaked or handed secret', () => {
    const secrets = [...new Set([...leakedValues(keysFile), ...vectorSecrets()])];
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) if (text.includes(secret)) found.push(`${relative(out, file)}: ${secret.slice(0, 8)}…`);
    }
    for (const { args, result } of commands) {
      for (const secret of secrets) if (`${result.stdout}${result.stderr}`.includes(secret)) found.push(`output of ${args.slice(0, 2).join(' ')}: ${secret.slice(0, 8)}…`);
    }
    expect(found).toEqual([]);
  });

  test('no file holds an unredacted private JWK member of key length, in JSON or escaped JSON', () => {
    const member = /\\*"(?:d|p|q|dp|dq|qi|k)\\*"\s*:\s*\\*"([A-Za-z0-9_-]{16,})/g;
    const found = filesUnder(out).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(member)].map((m) => `${relative(out, file)}: ${m[0].slice(0, 24)}…`));
    expect(found).toEqual([]);
  });
});
