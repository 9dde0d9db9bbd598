/**
 * `start` and `matrix` with an adapter whose build toolchain is missing: it is left out with the reason
 * (stdout, summary.json, report.html, matrix.json), never as failed cases, and the other adapters run. And
 * `adapter build` prebuilds: built once, cached after, `--ci` leaves out `"ci": false`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { packageRoot } from '../../adapter/manifest.js';
import { fixtureBuild, writeBuiltAdapter } from '../../adapter/build/fixture.test-support.js';
import type { SummaryJson } from '../../report/summary.js';
import type { MatrixResult } from '../../matrix/run.js';
import { selectForBuild } from './adapter-build.js';
import { runAdapterJobs } from '../../runner/adapter-jobs.js';

const cli = join(packageRoot(), 'dist/src/cli/main.js');
let work: string;
let good: string;
let noToolchain: string;
let slow: string;
const HINT = 'install Zig 0.13 from https://ziglang.org';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'start-build-'));
  good = join(work, 'good');
  writeBuiltAdapter(good, 'fixture-good');
  noToolchain = join(work, 'no-toolchain');
  writeBuiltAdapter(noToolchain, 'fixture-needs-zig', fixtureBuild({ toolchains: [{ name: 'Zig', command: ['zig-not-installed-here', 'version'], minimum: '0.13', hint: HINT }] }));
  slow = join(work, 'slow');
  writeBuiltAdapter(slow, 'fixture-slow', fixtureBuild({ ci: false }));
});

async function harness(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, DIDCOMM_CONFORMANCE_CACHE: join(work, 'cache'), DIDCOMM_CONFORMANCE_CONFIG: join(work, 'config') }, cwd: work, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('adapters left out for a missing toolchain', { timeout: 240_000 }, () => {
  test('start: the adapter is left out with the reason in its output, summary.json and report.html; not a failure (exit 0)', async () => {
    const out = join(work, 'start');
    const result = await harness(['start', '--adapters', noToolchain, '--out', out, '--no-matrix']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const reason = `fixture-needs-zig needs Zig 0.13 or newer; \`zig-not-installed-here\` is not on PATH: ${HINT}`;
    expect(result.stdout).toContain(`${noToolchain}: left out: ${reason}\n`);
    expect(result.stdout).toContain(`not run: ${noToolchain} (skipped): ${reason}\n`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SummaryJson;
    expect(summary.adaptersNotRun).toEqual([{ adapter: noToolchain, outcome: 'skipped', reason }]);
    expect(summary.runs).toEqual([]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="not-run">Adapters not run</h2>');
    expect(html).toContain(HINT);
  });

  test('start: a failed build is harness trouble (exit 2), recorded as errored with the log\'s tail; never failed cases', async () => {
    const broken = join(work, 'broken');
    writeBuiltAdapter(broken, 'fixture-broken', fixtureBuild({ steps: [['node', '-e', 'console.error("error[E0432]: unresolved import didcomm"); process.exit(101)']] }));
    const out = join(work, 'start-broken');
    const result = await harness(['start', '--adapters', broken, '--out', out, '--no-matrix']);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toMatch(/could not run: building fixture-broken failed: `node -e .*` exited with 101 \(full log: .*build\.log\)\n  \| \$ node -e .*\n  \| error\[E0432\]: unresolved import didcomm\n/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SummaryJson;
    expect(summary.adaptersNotRun).toHaveLength(1);
    expect(summary.adaptersNotRun![0]).toMatchObject({ adapter: broken, outcome: 'errored' });
    expect(summary.adaptersNotRun![0]!.reason).toContain('error[E0432]: unresolved import didcomm');
    expect(summary.runs).toEqual([]);
  });

  test('start interrupted during a build: the builds not begun are not begun (every preparation is queued at the start)', async () => {
    const slowBuild = join(work, 'slow-build');
    // Its build waits 3 s: the interrupt comes while it runs.
    writeBuiltAdapter(slowBuild, 'fixture-slow-build', fixtureBuild({ steps: [['node', '-e', 'setTimeout(() => {}, 3000)'], ['node', 'build.mjs', '${build}']] }));
    const never = join(work, 'never-built');
    const marker = join(work, 'never-built-began');
    writeBuiltAdapter(never, 'fixture-never-built', fixtureBuild({ steps: [['node', '-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'began')`], ['node', 'build.mjs', '${build}']] }));
    const out = join(work, 'start-interrupted');
    const child = execa(process.execPath, [cli, 'start', '--adapters', `${slowBuild},${never}`, '--out', out], { env: { ...process.env, DIDCOMM_CONFORMANCE_CACHE: join(work, 'cache-interrupted'), DIDCOMM_CONFORMANCE_CONFIG: join(work, 'config') }, cwd: work, reject: false });
    let said = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const before = said;
      said += chunk.toString();
      // Once, as a user's one Ctrl-C: when the slow build has begun.
      if (!before.includes('building fixture-slow-build') && said.includes('building fixture-slow-build')) child.kill('SIGINT');
    });
    const result = await child;
    expect(result.exitCode, `${result.stdout} ${result.stderr}`).toBe(2);
    expect(result.stdout).toContain('could not run: building fixture-slow-build failed: the build was interrupted');
    expect(existsSync(marker)).toBe(false);
    expect(result.stdout).not.toContain('building fixture-never-built');
  });

  test('start\'s jobs: a skipped adapter is a result without records and exit 0; the others run', async () => {
    const out = join(work, 'jobs');
    const prepared: string[] = [];
    const results = await runAdapterJobs([
      { adapter: noToolchain, out: join(out, 'skipped') },
      { adapter: 'reference', out: join(out, 'reference') },
    ], {
      root: packageRoot(), seed: 1, concurrency: 2, suite: 'plaintext',
      prepare: async (adapter) => {
        prepared.push(adapter);
        return adapter === noToolchain ? { skip: 'no Zig' } : {};
      },
    });
    expect(prepared.sort()).toEqual([noToolchain, 'reference'].sort());
    expect(results[0]).toMatchObject({ adapter: noToolchain, exitCode: 0, skipped: 'no Zig' });
    expect(results[0]!.run).toBeUndefined();
    expect(results[1]!.exitCode).toBe(0);
    expect(results[1]!.run?.totals.passed).toBeGreaterThan(0);
  });

  test('matrix: the adapter is left out with the reason in matrix.json and matrix.md; the others are paired', async () => {
    const out = join(work, 'matrix');
    const result = await harness(['matrix', '--adapters', `${good},${noToolchain}`, '--out', out, '--no-live']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(`didcomm-conformance matrix: left out ${noToolchain}: fixture-needs-zig needs Zig 0.13`);
    const matrix = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as MatrixResult;
    expect(matrix.adapters.map((adapter) => adapter.name)).toEqual(['fixture-good']);
    expect(matrix.pairs.map((pair) => `${pair.sender}->${pair.receiver}`)).toEqual(['fixture-good->fixture-good']);
    expect(matrix.leftOut).toEqual([{ adapter: noToolchain, reason: expect.stringContaining(HINT) }]);
    expect(readFileSync(join(out, 'matrix.md'), 'utf8')).toContain('Left out: **');
  });
});

describe('adapter build', { timeout: 60_000 }, () => {
  test('builds what is named, finds it cached the second time; --all --ci leaves out "ci": false only from --all; exit 2 on a missing toolchain', async () => {
    const first = await harness(['adapter', 'build', slow]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^building fixture-slow \(first use\) … .*\nbuilt fixture-slow in \d+\.\d s\n$/);
    const second = await harness(['adapter', 'build', slow]);
    expect(second.stdout).toMatch(/^fixture-slow: cached \(.*\/builds\/fixture-slow\/[0-9a-f]{16}\)\n$/);
    const missing = await harness(['adapter', 'build', noToolchain]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`didcomm-conformance adapter build: fixture-needs-zig needs Zig 0.13 or newer; \`zig-not-installed-here\` is not on PATH: ${HINT}\n`);
    const nothing = await harness(['adapter', 'build']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toBe('didcomm-conformance adapter build: name the adapters to build, or use --all\n');
    const reference = await harness(['adapter', 'build', 'reference']);
    expect(reference.stdout).toBe('reference: nothing to build (no build section)\n');
  });

  test('--all: every bundled adapter with a build section; --ci leaves out "ci": false unless named; --exclude by name', () => {
    const bundled = [good, slow, 'reference'];
    const names = (refs: string[], options: Parameters<typeof selectForBuild>[1]): string[] => selectForBuild(refs, options, bundled).selected.map((adapter) => adapter.name);
    expect(names([], { all: true, exclude: [] })).toEqual(['fixture-good', 'fixture-slow']);
    const ci = selectForBuild([], { all: true, ci: true, exclude: [] }, bundled);
    expect(ci.selected.map((adapter) => adapter.name)).toEqual(['fixture-good']);
    expect(ci.notes).toEqual(['fixture-slow: left out (build.ci is false: too slow for CI; run and start build it on first use)']);
    expect(names([slow], { all: true, ci: true, exclude: [] })).toEqual(['fixture-slow', 'fixture-good']);
    expect(names([], { all: true, exclude: ['fixture-good'] })).toEqual(['fixture-slow']);
    expect(selectForBuild(['no-such-adapter'], { exclude: [] }, bundled).problems[0]).toContain('no adapter "no-such-adapter"');
  });
});
