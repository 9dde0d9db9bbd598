/**
 * `run` as a vendor meets it (newcomer report, issue 19): reports land under the folder the command runs in,
 * never in the harness's package; a suite selection that matches nothing is refused and writes nothing; the
 * end of the run lists what to fix, in order, with a replay command that works from any other folder; Ctrl-C
 * renders what was recorded and says so; `--case` records only the chosen cases.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../adapter/manifest.js';
import { profileLine } from './run.js';

const cli = join(packageRoot(), 'dist/src/cli/main.js');

describe('run from a vendor\'s folder', () => {
  test('a profile\'s line counts its blocked cases apart from its failures, as report.html does', () => {
    const totals = { passed: 0, failed: 2, warning: 0, skipped: 26, errored: 0 };
    expect(profileLine('routing', { verdict: 'incomplete', totals, knownIssues: 0, blocked: 2, incompleteBecause: '2 blocked by failures outside the profile' }))
      .toBe('profile routing: incomplete: 2 blocked by failures outside the profile (2 blocked, 26 skipped)');
    expect(profileLine('crypto-full', { verdict: 'failed', totals: { ...totals, failed: 30, skipped: 3 }, knownIssues: 1, blocked: 4 }))
      .toBe('profile crypto-full: failed (26 failed, 4 blocked by failures outside the profile, 3 skipped, 1 known issue(s))');
  });

  test('--suite matching nothing: exit 2, one line naming the suite and the folders, nothing written', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'run-cli-'));
    const result = await execa('node', [cli, 'run', '--adapter', 'reference', '--suite', 'nosuch'], { cwd, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^didcomm-conformance run: no suite file matches "nosuch" \(folders: (?:[a-z]+, )*envelope, (?:[a-z]+, )*plaintext, .*\)$/);
    expect(result.stdout).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('a mistyped option is named (it used to read "required option --adapter not specified"); a missing --adapter is one line', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'run-cli-'));
    const typo = await execa('node', [cli, 'run', '--adapterr', 'x'], { cwd, reject: false });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr.split('\n').slice(0, 2)).toEqual(['error: unknown option \'--adapterr\'', '(Did you mean --adapter?)']);
    const missing = await execa('node', [cli, 'run', '--suite', 'plaintext'], { cwd, reject: false });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^didcomm-conformance run: --adapter is required: [^\n]+$/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('--case without --suite is refused before anything runs', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'run-cli-'));
    const result = await execa('node', [cli, 'run', '--adapter', 'reference', '--case', 'plaintext.receiver.body-absent'], { cwd, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--case needs --suite');
    expect(readdirSync(cwd)).toEqual([]);
  });

  test('--case with --suite runs and records only the chosen cases (the rest of the file is not "skipped")', { timeout: 120_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'run-cli-'));
    const result = await execa('node', [cli, 'run', '--adapter', 'reference', '--suite', 'plaintext/structure.test.ts', '--case', 'plaintext.receiver.unknown-headers', 'plaintext.receiver.id-missing', '--out', 'one', '--json'], { cwd, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const cases = readFileSync(join(cwd, 'one', 'run.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; id?: string; outcome?: string }).filter((record) => record.type === 'case');
    expect(cases.map((record) => [record.id, record.outcome]).sort()).toEqual([['plaintext.receiver.id-missing', 'passed'], ['plaintext.receiver.unknown-headers', 'passed']]);
  });

  test('reports under the working directory; what to fix in order; the replay command works from another folder', { timeout: 120_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'run-cli-'));
    const result = await execa('node', [cli, 'run', '--adapter', 'faux/liar', '--suite', 'plaintext'], { cwd, reject: false });
    expect(result.exitCode, result.stderr).toBe(1);
    const [runDir, ...others] = readdirSync(join(cwd, 'reports'));
    expect(others).toEqual([]);
    expect(existsSync(join(cwd, 'reports', runDir!, 'report.html'))).toBe(true);
    const lines = result.stdout.split('\n');
    const heading = lines.findIndex((line) => line.startsWith('what to fix, in order ('));
    expect(heading).toBeGreaterThan(0);
    expect(lines[heading + 1]).toMatch(/^ {3}1\. \[fails a requirement\] ENV-[A-Z]+-\d+ \(.*\): .* — \d+ cases?$/);
    const replay = lines.find((line) => line.startsWith('replay the first failure of cause 1: '))!.replace(/^[^:]+: /, '');
    expect(replay).not.toContain('npx');
    expect(replay).toContain(join(cwd, 'reports', runDir!, 'repro'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'run-cli-elsewhere-'));
    const again = await execa(replay, { cwd: elsewhere, shell: true, reject: false });
    expect(again.exitCode, again.stdout + again.stderr).toBe(1);
    expect(again.stdout).toContain('reproduced (was failed)');
  });

  test('Ctrl-C: the cases recorded so far are rendered, and the run says so', { timeout: 60_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'run-cli-'));
    const child = execa('node', [cli, 'run', '--adapter', 'faux/slow', '--suite', 'plaintext', '--out', 'interrupted'], { cwd, reject: false });
    const file = join(cwd, 'interrupted', 'run.jsonl');
    for (let waited = 0; !existsSync(file) && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/interrupted: rendered the \d+ case\(s\) recorded so far/);
    expect(result.stderr).toContain(`report: file://${join(cwd, 'interrupted', 'report.html')}`);
    expect(existsSync(join(cwd, 'interrupted', 'report.html'))).toBe(true);
  });
});
