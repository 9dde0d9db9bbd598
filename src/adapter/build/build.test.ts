/**
 * Build on first use: the key follows the inputs, the toolchain and the build section; a half-built folder
 * is rebuilt; two builds of the same key at once give one good folder; `${build}` reaches steps, env and
 * the transport; a failing step keeps its log and shows its tail.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { loadManifest } from '../manifest.js';
import type { Toolchain } from '../protocol/v1/types.generated.js';
import { BuildFailed, ensureBuilt, planBuild, type BuildReason } from './build.js';
import { BUILD_LOG, COMPLETE_MARKER, adapterBuildsDir } from './cache.js';
import { fixtureBuild, writeBuiltAdapter } from './fixture.test-support.js';
import { InputMatchesNothing } from './glob.js';
import { buildKey } from './key.js';
import { prepareAdapter } from './prepare.js';
import { compareVersions, ToolchainMissing, versionIn, type ToolchainFound } from './toolchain.js';

let work: string;
// Each test builds into a cache of its own; the one the run was given comes back afterwards, so that nothing
// run later in this process (another file, were files ever to share a process) builds into a test's folder.
const givenCache = process.env['DIDCOMM_CONFORMANCE_CACHE'];
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'adapter-build-'));
  process.env['DIDCOMM_CONFORMANCE_CACHE'] = join(work, 'cache');
});
afterAll(() => {
  if (givenCache === undefined) delete process.env['DIDCOMM_CONFORMANCE_CACHE'];
  else process.env['DIDCOMM_CONFORMANCE_CACHE'] = givenCache;
});

const NODE: Toolchain = { name: 'Node', command: ['node', '--version'], minimum: '20', hint: 'install Node' };
const found = (output: string): ToolchainFound[] => [{ toolchain: NODE, output, version: versionIn(output)! }];

describe('cache key', () => {
  test('changes with an input file\'s contents, a toolchain\'s version output, the build section and the harness folder; not with ci or timeoutSeconds', () => {
    const dir = join(work, 'a');
    writeBuiltAdapter(dir, 'keyed');
    const spec = fixtureBuild();
    const base = buildKey(spec, found('v20.19.0'), dir, '/harness');
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(buildKey(spec, found('v20.19.0'), dir, '/harness')).toBe(base);
    expect(buildKey(spec, found('v20.19.1'), dir, '/harness')).not.toBe(base);
    expect(buildKey({ ...spec, steps: [['node', 'build.mjs', '${build}', '--release']] }, found('v20.19.0'), dir, '/harness')).not.toBe(base);
    expect(buildKey({ ...spec, env: { MODE: 'x' } }, found('v20.19.0'), dir, '/harness')).not.toBe(base);
    expect(buildKey({ ...spec, ci: false, timeoutSeconds: 60 }, found('v20.19.0'), dir, '/harness')).toBe(base);
    expect(buildKey(spec, found('v20.19.0'), dir, '/another-clone')).not.toBe(base);
    writeFileSync(join(dir, 'build.mjs'), `${readFileSync(join(dir, 'build.mjs'), 'utf8')}// changed\n`);
    expect(buildKey(spec, found('v20.19.0'), dir, '/harness')).not.toBe(base);
  });

  test('globs: * within a folder, ** across folders, .. to a kit beside the adapter; a glob matching nothing is an error', () => {
    const dir = join(work, 'adapters', 'x');
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    mkdirSync(join(work, 'adapters', '_kits', 'k'), { recursive: true });
    for (const file of ['main.go', 'src/a.go', 'src/deep/b.go', 'src/notes.txt']) writeFileSync(join(dir, file), file);
    writeFileSync(join(work, 'adapters', '_kits', 'k', 'kit.go'), 'kit');
    const key = (inputs: string[]): string => buildKey(fixtureBuild({ inputs: inputs as [string, ...string[]] }), found('v20'), dir, '/harness');
    const all = key(['*.go', 'src/**/*.go', '../_kits/k/*.go']);
    writeFileSync(join(dir, 'src/notes.txt'), 'not an input');
    expect(key(['*.go', 'src/**/*.go', '../_kits/k/*.go'])).toBe(all);
    writeFileSync(join(dir, 'src/deep/b.go'), 'changed');
    const changed = key(['*.go', 'src/**/*.go', '../_kits/k/*.go']);
    expect(changed).not.toBe(all);
    writeFileSync(join(work, 'adapters', '_kits', 'k', 'kit.go'), 'kit changed');
    expect(key(['*.go', 'src/**/*.go', '../_kits/k/*.go'])).not.toBe(changed);
    expect(() => key(['*.rs'])).toThrow(InputMatchesNothing);
  });

  test('toolchain versions: first dotted number, numeric comparison', () => {
    expect(versionIn('go version go1.26.0 linux/amd64')).toBe('1.26.0');
    expect(versionIn('openjdk version "17" 2021-09-14')).toBe('17');
    expect(versionIn('Apache Maven 3.8.7 (b89d5959fcde851dcb1c8946a785a163f14e1e29)')).toBe('3.8.7');
    expect(compareVersions('1.9', '1.22')).toBeLessThan(0);
    expect(compareVersions('17', '17.0.0')).toBe(0);
    expect(compareVersions('3.11.2', '3.10')).toBeGreaterThan(0);
  });
});

describe('building', () => {
  test('first use builds into <cache>/builds/<name>/<key>/ with .complete written last; the second finds it at once', async () => {
    const dir = join(work, 'first');
    writeBuiltAdapter(dir, 'first-use');
    const plan = planBuild('first-use', dir, fixtureBuild());
    expect(plan.folder).toBe(join(work, 'cache', 'builds', 'first-use', plan.key));
    const reasons: BuildReason[] = [];
    expect(await ensureBuilt(plan, { building: (_plan, reason) => reasons.push(reason) })).toBe(true);
    expect(reasons).toEqual(['first use']);
    expect(existsSync(join(plan.folder, COMPLETE_MARKER))).toBe(true);
    expect(existsSync(join(plan.folder, 'adapter.mjs'))).toBe(true);
    expect(readFileSync(join(plan.folder, BUILD_LOG), 'utf8')).toContain('copying the adapter into');
    const started = performance.now();
    const again = planBuild('first-use', dir, fixtureBuild());
    expect(await ensureBuilt(again)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('a folder without .complete (an interrupted build) is removed and rebuilt', async () => {
    const dir = join(work, 'half');
    writeBuiltAdapter(dir, 'half-built');
    const plan = planBuild('half-built', dir, fixtureBuild());
    mkdirSync(plan.folder, { recursive: true });
    writeFileSync(join(plan.folder, 'partial.o'), 'left by a killed build');
    const reasons: BuildReason[] = [];
    expect(await ensureBuilt(plan, { building: (_plan, reason) => reasons.push(reason) })).toBe(true);
    expect(reasons).toEqual(['interrupted build found']);
    expect(existsSync(join(plan.folder, 'partial.o'))).toBe(false);
    expect(existsSync(join(plan.folder, 'adapter.mjs'))).toBe(true);
    expect(existsSync(join(plan.folder, COMPLETE_MARKER))).toBe(true);
  });

  test('two builds of the same key at once: the second waits for the lock and uses the first one\'s folder', async () => {
    const dir = join(work, 'twice');
    const counter = join(work, 'builds.txt');
    const spec = fixtureBuild({ env: { BUILD_PAUSE_MS: '700', BUILD_COUNTER: counter } });
    writeBuiltAdapter(dir, 'concurrent', spec);
    const waited: string[] = [];
    const [a, b] = await Promise.all([
      ensureBuilt(planBuild('concurrent', dir, spec)),
      ensureBuilt(planBuild('concurrent', dir, spec), { waiting: (plan) => waited.push(plan.key) }),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(waited).toHaveLength(1);
    expect(readFileSync(counter, 'utf8')).toBe('built\n');
    const entries = readdirSync(adapterBuildsDir('concurrent'));
    expect(entries).toHaveLength(1);
    expect(readdirSync(join(adapterBuildsDir('concurrent'), entries[0]!)).sort()).toEqual([COMPLETE_MARKER, 'adapter.mjs', BUILD_LOG].sort());
  });

  test('a new key prunes the adapter\'s older keys', async () => {
    const dir = join(work, 'prune');
    writeBuiltAdapter(dir, 'pruned');
    const old = planBuild('pruned', dir, fixtureBuild());
    await ensureBuilt(old);
    writeFileSync(join(dir, 'adapter-src.mjs'), `${readFileSync(join(dir, 'adapter-src.mjs'), 'utf8')}// v2\n`);
    const reasons: BuildReason[] = [];
    const next = planBuild('pruned', dir, fixtureBuild());
    await ensureBuilt(next, { building: (_plan, reason) => reasons.push(reason) });
    expect(reasons).toEqual(['inputs or toolchain changed']);
    expect(readdirSync(adapterBuildsDir('pruned'))).toEqual([next.key]);
  });

  test('two checkouts of one adapter keep each other\'s builds; a checkout that is gone loses its build', async () => {
    const [a, b] = [join(work, 'clone-a'), join(work, 'clone-b')];
    writeBuiltAdapter(a, 'shared');
    writeBuiltAdapter(b, 'shared');
    const builtA = planBuild('shared', a, fixtureBuild());
    const builtB = planBuild('shared', b, fixtureBuild());
    await ensureBuilt(builtA);
    await ensureBuilt(builtB);
    expect(readdirSync(adapterBuildsDir('shared')).sort()).toEqual([builtA.key, builtB.key].sort());
    // A's inputs change: A's old key goes, B's stays (and B is not rebuilt at its next run).
    writeFileSync(join(a, 'adapter-src.mjs'), `${readFileSync(join(a, 'adapter-src.mjs'), 'utf8')}// v2\n`);
    const nextA = planBuild('shared', a, fixtureBuild());
    await ensureBuilt(nextA);
    expect(readdirSync(adapterBuildsDir('shared')).sort()).toEqual([nextA.key, builtB.key].sort());
    expect(await ensureBuilt(planBuild('shared', b, fixtureBuild()))).toBe(false);
    // Clone B is deleted: A's next build prunes B's key.
    rmSync(b, { recursive: true, force: true });
    writeFileSync(join(a, 'adapter-src.mjs'), `${readFileSync(join(a, 'adapter-src.mjs'), 'utf8')}// v3\n`);
    const lastA = planBuild('shared', a, fixtureBuild());
    await ensureBuilt(lastA);
    expect(readdirSync(adapterBuildsDir('shared'))).toEqual([lastA.key]);
  });

  test('a failing step: BuildFailed with the log\'s tail and where the full log is; the folder is not marked complete', async () => {
    const dir = join(work, 'fails');
    const spec = fixtureBuild({ steps: [['node', 'build.mjs', '${build}'], ['node', '-e', 'for (let i = 0; i < 40; i++) console.log("line " + i); console.error("compile error: boom"); process.exit(3)']] });
    writeBuiltAdapter(dir, 'failing', spec);
    const plan = planBuild('failing', dir, spec);
    const error = await ensureBuilt(plan).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BuildFailed);
    const failed = error as BuildFailed;
    expect(failed.summary).toContain('building failing failed');
    expect(failed.summary).toContain('exited with 3');
    expect(failed.summary).toContain(join(plan.folder, BUILD_LOG));
    expect(failed.tail.at(-2)).toBe('compile error: boom');
    expect(failed.tail).not.toContain('line 0');
    expect(failed.registries).toEqual([]);
    expect(existsSync(join(plan.folder, COMPLETE_MARKER))).toBe(false);
    expect(readFileSync(join(plan.folder, BUILD_LOG), 'utf8')).toContain('line 0');
    const reasons: BuildReason[] = [];
    await expect(ensureBuilt(plan, { building: (_plan, reason) => reasons.push(reason) })).rejects.toThrow(BuildFailed);
    expect(reasons).toEqual(['retrying a failed build']);
  });

  test('an interrupt stops the step\'s whole process group; the folder stays incomplete and the next run rebuilds it', async () => {
    const dir = join(work, 'interrupted');
    const counter = join(work, 'interrupted-builds.txt');
    const spec = fixtureBuild({ env: { BUILD_PAUSE_MS: '1500', BUILD_COUNTER: counter } });
    writeBuiltAdapter(dir, 'interrupted', spec);
    const plan = planBuild('interrupted', dir, spec);
    const building = ensureBuilt(plan).catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.emit('SIGINT');
    const failed = await building as BuildFailed;
    expect(failed).toBeInstanceOf(BuildFailed);
    expect(failed.failure).toBe('interrupted');
    expect(failed.summary).toContain('the build was interrupted');
    await new Promise((resolve) => setTimeout(resolve, 1800));
    // Killed during its pause: it never counted itself.
    expect(existsSync(counter)).toBe(false);
    expect(existsSync(join(plan.folder, COMPLETE_MARKER))).toBe(false);
    const reasons: BuildReason[] = [];
    expect(await ensureBuilt(plan, { building: (_plan, reason) => reasons.push(reason) })).toBe(true);
    expect(reasons).toEqual(['interrupted build found']);
    expect(readFileSync(counter, 'utf8')).toBe('built\n');
  });

  test('a registry out of reach: the failure says the build needs the network and names the registry', async () => {
    const dir = join(work, 'offline');
    const pip = 'console.log("WARNING: Retrying (Retry(total=4)) after connection broken by \'NewConnectionError(\\"Failed to establish a new connection: [Errno -3] Temporary failure in name resolution\\")\': /simple/authlib/"); console.log("ERROR: Could not find a version that satisfies the requirement authlib (from https://pypi.org/simple/)"); process.exit(1)';
    const spec = fixtureBuild({ steps: [['node', '-e', pip]] });
    writeBuiltAdapter(dir, 'offline', spec);
    const failed = await ensureBuilt(planBuild('offline', dir, spec)).catch((caught: unknown) => caught) as BuildFailed;
    expect(failed.registries).toEqual(['PyPI']);
    expect(failed.summary).toMatch(/^building offline needs the network: it could not reach PyPI/);
  });

  test('a missing or too old toolchain is named with the version found and its hint', () => {
    expect(() => planBuild('x', work, fixtureBuild({ toolchains: [{ name: 'Zig', command: ['zig-not-installed-here', 'version'], minimum: '0.13', hint: 'install Zig from ziglang.org' }] })))
      .toThrow('x needs Zig 0.13 or newer; `zig-not-installed-here` is not on PATH: install Zig from ziglang.org');
    expect(() => planBuild('x', work, fixtureBuild({ toolchains: [{ ...NODE, minimum: '999' }] })))
      .toThrow(new RegExp(`^x needs Node 999 or newer; found ${process.versions.node.replace(/\./g, '\\.')}: install Node$`));
    expect(() => planBuild('x', work, fixtureBuild({ toolchains: [{ ...NODE, minimum: '999' }] }))).toThrow(ToolchainMissing);
  });
});

describe('${build}', () => {
  test('replaced in the steps, the build env and the stdio transport\'s command, args and env', async () => {
    const dir = join(work, 'placeholder');
    const spec = fixtureBuild({
      steps: [['node', 'build.mjs', '${build}'], ['node', '-e', 'require("node:fs").writeFileSync(process.env.MARK, process.argv[1])', '${build}/arg']],
      env: { MARK: '${build}/mark.txt' },
    });
    const file = writeBuiltAdapter(dir, 'placeholder', spec);
    const unbuilt = loadManifest(file);
    expect(unbuilt.build).toEqual({ adapterDir: dir });
    expect(unbuilt.target).toMatchObject({ args: ['${build}/adapter.mjs'] });
    const { adapter, preparation } = await prepareAdapter(unbuilt);
    expect(preparation).toBe('built');
    const folder = adapter.build!.folder!;
    expect(readFileSync(join(folder, 'mark.txt'), 'utf8')).toBe(`${folder}/arg`);
    expect(adapter.target).toEqual({ kind: 'stdio', command: 'node', args: [`${folder}/adapter.mjs`], cwd: dir, env: { ADAPTER_BUILD: folder } });
    // ${build} without a build section is refused when the manifest is read, not when the adapter starts.
    const { build: _build, ...unbuildable } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const orphan = join(work, 'orphan.json');
    writeFileSync(orphan, JSON.stringify(unbuildable));
    expect(() => loadManifest(orphan)).toThrow(`${orphan} names \${build} in its transport but has no build section to make it`);
    // A later load finds the finished build by itself.
    const loaded = loadManifest(file);
    expect(loaded.target).toEqual(adapter.target);
    expect((await prepareAdapter(loaded)).preparation).toBe('cached');
  });
});
