/** The suites' module cache (suite-module-cache.ts): one folder per checkout, none when unwritable, filled by a run. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { suiteModuleCacheDir } from './suite-module-cache.js';

const root = packageRoot();

describe('suite module cache', () => {
  test('one folder per harness checkout, under the build cache', () => {
    const env = { DIDCOMM_CONFORMANCE_CACHE: mkdtempSync(join(tmpdir(), 'didcomm-modules-')) };
    const here = suiteModuleCacheDir(root, env);
    expect(here?.startsWith(join(env.DIDCOMM_CONFORMANCE_CACHE, 'suite-modules/'))).toBe(true);
    expect(here).toMatch(/\/suite-modules\/[0-9a-f]{16}$/);
    expect(suiteModuleCacheDir(root, env)).toBe(here);
    expect(suiteModuleCacheDir('/elsewhere/didcomm-conformance', env)).not.toBe(here);
  });

  test('none when the cache cannot be written: the run transforms its suites as before', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'didcomm-modules-')), 'not-a-folder');
    writeFileSync(file, '');
    expect(suiteModuleCacheDir(root, { DIDCOMM_CONFORMANCE_CACHE: file })).toBeUndefined();
  });

  test('a run leaves the suite file it ran and the support modules it loaded there, compiled', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'didcomm-modules-'));
    const result = await execa('node', [join(root, 'dist/src/cli/main.js'), 'run', '--adapter', 'reference', '--suite', 'plaintext', '--no-reports', '--out', join(cache, 'run')],
      { cwd: root, reject: false, env: { DIDCOMM_CONFORMANCE_CACHE: cache } });
    expect(result.exitCode, result.stderr).toBe(0);
    const dir = suiteModuleCacheDir(root, { DIDCOMM_CONFORMANCE_CACHE: cache })!;
    const modules = readdirSync(dir).filter((name) => /^[0-9a-f]{40}$/.test(name)).map((name) => readFileSync(join(dir, name), 'utf8'));
    // TypeScript compiled away (no type-only import left), the suite's case ids and a support module's exports kept.
    expect(modules.some((code) => code.includes('plaintext.receiver.unknown-headers') && !code.includes('type CaseContext'))).toBe(true);
    expect(modules.some((code) => code.includes('positiveControl'))).toBe(true);
  });
});
