/**
 * A kit's template as a vendor meets it: written by the real `adapter init --lang L DIR`, built by the harness
 * on first use from its build section (`adapter check DIR`), checked, then run through the plaintext suite
 * from the cached build. Shared by the kits' own tests (go, rust, java, python; TypeScript's is
 * src/adapter/kits.test.ts), so that each template is instantiated and built once per `npm test`, the way
 * init does it, and not again by a second test. It sits outside every kit folder, so init never copies it.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { planBuild } from '../../src/adapter/build/build.js';
import { loadManifest, packageRoot, withBuildFolder, type ResolvedAdapter } from '../../src/adapter/manifest.js';

const cli = join(packageRoot(), 'dist/src/cli/main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The harness's CLI with `cache` as its build cache (the template's build stays out of the user's cache). */
export async function harnessCli(args: string[], cache: string): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      env: { ...process.env, DIDCOMM_CONFORMANCE_CACHE: cache }, cwd: packageRoot(), maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * `adapter init --lang lang dir` (dir new or empty), then `adapter check dir`, which builds it: both succeed,
 * the check's describe names the adapter after its folder and nothing is left as `{{placeholder}}`.
 * Returns the check's output for the kit's own assertions.
 */
export async function initAndCheck(lang: string, dir: string, cache: string): Promise<CliResult> {
  const init = await harnessCli(['adapter', 'init', '--lang', lang, dir], cache);
  expect(init.code, init.stderr).toBe(0);
  expect(init.stdout).toMatch(new RegExp(`^wrote \\d+ files into ${escape(dir)} \\(${lang}; the kit library is in ${escape(dir)}/kit\\)\n`));
  // The template's files are filled in (the kit library in DIR/kit is copied as is: its README names them).
  const templateFiles = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !relative(dir, join(entry.parentPath, entry.name)).startsWith('kit/'));
  expect(templateFiles.length).toBeGreaterThan(1);
  for (const file of templateFiles) {
    expect(readFileSync(join(file.parentPath, file.name), 'utf8'), file.name).not.toMatch(/\{\{(name|kit)\}\}/);
  }
  const check = await harnessCli(['adapter', 'check', dir], cache);
  expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
  const name = dir.split('/').pop()!;
  expect(check.stdout).toMatch(new RegExp(`describe \\(protocol v1\\): ${escape(name)} \\d+\\.\\d+\\.\\d+`));
  expect(check.stdout).toContain('✔ starts and answers describe (protocol v1)');
  expect(check.stdout).toContain('adapter check passed');
  return check;
}

/** The plaintext suite against the built template: cases passed, none failed or errored, no second build. */
export async function expectPlaintextSuitePasses(dir: string, out: string, cache: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  const run = await harnessCli(['run', '--adapter', dir, '--suite', 'plaintext', '--out', out, '--seed', '7', '--json'], cache);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stderr).not.toMatch(/building/); // built once, by the check
  const totals = (JSON.parse(run.stdout) as { totals: Record<string, number> }).totals;
  expect(totals).toMatchObject({ failed: 0, errored: 0 });
  expect(totals['passed']).toBeGreaterThan(3);
}

/** The template at `dir` as its build in `cache` launches it (to drive it in-process: its benchmark). */
export function builtTemplate(dir: string, cache: string): ResolvedAdapter {
  const adapter = loadManifest(join(dir, 'adapter.json'));
  const plan = planBuild(adapter.name, dir, adapter.manifest.build!, { ...process.env, DIDCOMM_CONFORMANCE_CACHE: cache });
  return withBuildFolder(adapter, plan.folder);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
