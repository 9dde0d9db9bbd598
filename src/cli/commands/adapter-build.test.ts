/**
 * The commands that launch adapters build them first: `run` and `adapter check` exit 2 with one line naming
 * a missing toolchain and its hint, report a failed build as a harness error with the log's tail, and two
 * processes building the same adapter at once leave one good build.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, test } from 'vitest';
import { packageRoot } from '../../adapter/manifest.js';
import { fixtureBuild, writeBuiltAdapter } from '../../adapter/build/fixture.test-support.js';
import { COMPLETE_MARKER } from '../../adapter/build/cache.js';

const cli = join(packageRoot(), 'dist/src/cli/main.js');
let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'adapter-build-cli-'));
});

async function harness(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, DIDCOMM_CONFORMANCE_CACHE: join(work, 'cache') }, cwd: work });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('build on first use from the CLI', { timeout: 60_000 }, () => {
  test('run: a toolchain that does not exist is exit 2 and one line with its name and hint, no stack trace', async () => {
    const dir = join(work, 'no-toolchain');
    writeBuiltAdapter(dir, 'needs-zig', fixtureBuild({ toolchains: [{ name: 'Zig', command: ['zig-not-installed-here', 'version'], minimum: '0.13', hint: 'install Zig 0.13 from https://ziglang.org' }] }));
    const result = await harness(['run', '--adapter', dir, '--suite', 'plaintext']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('didcomm-conformance run: needs-zig needs Zig 0.13 or newer; `zig-not-installed-here` is not on PATH: install Zig 0.13 from https://ziglang.org\n');
    expect(result.stdout).toBe('');
  });

  test('adapter check: a toolchain too old is exit 2 with the version found', async () => {
    const dir = join(work, 'old-node');
    writeBuiltAdapter(dir, 'needs-new-node', fixtureBuild({ toolchains: [{ name: 'Node', command: ['node', '--version'], minimum: '99.1', hint: 'install Node 99.1' }] }));
    const result = await harness(['adapter', 'check', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`didcomm-conformance adapter check: needs-new-node needs Node 99.1 or newer; found ${process.versions.node}: install Node 99.1\n`);
  });

  test('run: a failing step is a harness error (exit 2) with the log\'s tail and the log\'s path', async () => {
    const dir = join(work, 'broken');
    writeBuiltAdapter(dir, 'broken-build', fixtureBuild({ steps: [['node', '-e', 'console.error("src/main.go:3: undefined: didcomm.Pack"); process.exit(1)']] }));
    const result = await harness(['run', '--adapter', dir, '--suite', 'plaintext']);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^building broken-build \(first use\) … \(log: .*build\.log\)$/);
    expect(lines[1]).toMatch(/^didcomm-conformance run: harness error: building broken-build failed: `node -e .*` exited with 1 \(full log: .*\/builds\/broken-build\/[0-9a-f]{16}\/build\.log\)$/);
    expect(lines).toContain('  | src/main.go:3: undefined: didcomm.Pack');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('adapter check builds on first use, passes, and two checks at once build once into one good folder', async () => {
    const dir = join(work, 'good');
    const counter = join(work, 'builds.txt');
    writeBuiltAdapter(dir, 'good-build', fixtureBuild({ env: { BUILD_PAUSE_MS: '1500', BUILD_COUNTER: counter } }));
    const [a, b] = await Promise.all([harness(['adapter', 'check', dir]), harness(['adapter', 'check', dir])]);
    for (const result of [a, b]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('adapter check passed');
    }
    expect(readFileSync(counter, 'utf8')).toBe('built\n');
    expect([a, b].filter((r) => r.stderr.includes('building good-build (first use)'))).toHaveLength(1);
    expect([a, b].filter((r) => r.stderr.includes('waiting for another process building good-build'))).toHaveLength(1);
    const keys = readdirSync(join(work, 'cache', 'builds', 'good-build'));
    expect(keys).toHaveLength(1);
    expect(readdirSync(join(work, 'cache', 'builds', 'good-build', keys[0]!))).toContain(COMPLETE_MARKER);
    // The second time the cache is found at once: no build line.
    const again = await harness(['adapter', 'check', dir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
  });
});
