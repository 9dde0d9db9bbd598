/**
 * The regression workflow a vendor's CI uses, end to end through the CLI: a baseline written from a clean
 * run, one injected regression that exits 1 and names the case, `diff` naming the transition, and `replay`
 * of the failing case's repro bundle reproducing it.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const work = mkdtempSync(join(tmpdir(), 'didcomm-baseline-'));

/** A faux adapter folder: honest (`slow` with no delay) or broken on `pack` (`garbage`), under one name. */
function faux(folder: string, args: string[]): string {
  const dir = join(work, folder);
  const manifest = JSON.parse(readFileSync(join(root, 'adapters/faux/slow/adapter.json'), 'utf8')) as { name: string; transport: { args: string[] }; limits: { deadlineMs: number } };
  manifest.name = 'faux/vendor';
  manifest.transport.args = [join(root, 'dist/adapters/faux/main.js'), ...args];
  manifest.limits.deadlineMs = 500;
  mkdirSync(dir);
  writeFileSync(join(dir, 'adapter.json'), JSON.stringify(manifest));
  return dir;
}

const run = (...args: string[]) => execa('node', [cli, ...args], { cwd: root, reject: false });

describe('baseline, diff and replay', { timeout: 120_000 }, () => {
  test('an injected regression exits 1 and is named; diff names the transition; replay reproduces it', async () => {
    const honest = faux('honest', ['--fault', 'slow', '--delay', '0']);
    const broken = faux('broken', ['--fault', 'garbage', '--on', 'pack']);
    const baseline = join(work, 'baseline.json');

    const first = await run('run', '--adapter', honest, '--suite', 'plaintext', '--seed', '3', '--out', join(work, 'r1'), '--baseline', baseline, '--update-baseline');
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);

    const second = await run('run', '--adapter', broken, '--suite', 'plaintext', '--seed', '3', '--out', join(work, 'r2'), '--baseline', baseline);
    expect(second.exitCode).toBe(1);
    expect(second.stdout).toContain('NEW FAILURE plaintext.sender.spec-example');

    const diff = await run('diff', join(work, 'r1'), join(work, 'r2'));
    expect(diff.exitCode).toBe(1);
    expect(diff.stdout).toMatch(/plaintext\.sender\.spec-example.*passed.*errored/);

    const replay = await run('replay', join(work, 'r2', 'repro', 'plaintext.sender.spec-example'), '--adapter', broken);
    expect(replay.exitCode).toBe(1);
    expect(replay.stdout).toContain('reproduced (was errored)');
  });
});
