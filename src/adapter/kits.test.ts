/**
 * `adapter init`: the kit library goes to DIR/kit/ (without the harness's tests of it), the template to DIR
 * with {{name}} and {{kit}} filled in; a non-empty DIR, an unknown language or an unusable name is refused
 * with one line and exit 2. The TypeScript kit's output builds on first use and passes adapter check and
 * the plaintext suite; every other kit's template goes through the same path in that kit's own test.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, test } from 'vitest';
import { defaultAdapterName, InitRefused, initAdapter, KIT_LANGUAGES } from './kits.js';
import { packageRoot } from './manifest.js';
import { harnessCommand } from '../report/harness-command.js';

const cli = join(packageRoot(), 'dist/src/cli/main.js');
let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'adapter-init-'));
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

/** A kit as the layout says: library files, a test of the kit, a template with placeholders. */
function fixtureKit(): string {
  const kits = join(work, 'kits');
  const kit = join(kits, 'python');
  mkdirSync(join(kit, 'pkg'), { recursive: true });
  mkdirSync(join(kit, 'template', 'src'), { recursive: true });
  mkdirSync(join(kit, '__pycache__'), { recursive: true });
  writeFileSync(join(kit, 'pkg', 'rpc.py'), 'def serve(): pass\n');
  writeFileSync(join(kit, 'README.md'), '# kit\n');
  writeFileSync(join(kit, 'kit.test.ts'), '// the harness\'s own test of the kit\n');
  writeFileSync(join(kit, '__pycache__', 'rpc.pyc'), 'bytecode');
  writeFileSync(join(kit, 'template', 'adapter.json'), '{"name": "{{name}}", "inputs": ["{{kit}}/pkg/*.py"]}\n');
  writeFileSync(join(kit, 'template', 'src', 'main.py'), 'import sys\nsys.path.insert(0, "{{kit}}")  # {{name}}, {{other}} stays\n');
  writeFileSync(join(kit, 'template', 'logo.bin'), Buffer.from([0, 1, 2, 0x7b, 0x7b]));
  return kits;
}

// Each kit's template is built and checked once, by that kit's own test, through the real `adapter init`
// (adapters/_kits/template.test-support.ts): a language added to KIT_LANGUAGES without one fails here.
test('every kit language but TypeScript (tested below) has a test of its template through adapter init', () => {
  for (const lang of KIT_LANGUAGES.filter((l) => l !== 'typescript')) {
    const folder = join(packageRoot(), 'adapters', '_kits', lang);
    const tests = readdirSync(folder).filter((file) => file.endsWith('.test.ts')).map((file) => readFileSync(join(folder, file), 'utf8'));
    expect(tests.some((text) => text.includes(`initAndCheck('${lang}'`)), lang).toBe(true);
  }
});

describe('adapter init', () => {
  test('copies the kit library into DIR/kit and the template into DIR with {{name}} and {{kit}} filled in', () => {
    const kits = fixtureKit();
    const dir = join(work, 'Acme Agent');
    const files = initAdapter('python', dir, undefined, kits);
    expect(files).toEqual(['adapter.json', 'kit/README.md', 'kit/pkg/rpc.py', 'logo.bin', 'src/main.py']);
    expect(readFileSync(join(dir, 'adapter.json'), 'utf8')).toBe('{"name": "acme-agent", "inputs": ["./kit/pkg/*.py"]}\n');
    expect(readFileSync(join(dir, 'src', 'main.py'), 'utf8')).toBe('import sys\nsys.path.insert(0, "./kit")  # acme-agent, {{other}} stays\n');
    expect(readFileSync(join(dir, 'logo.bin'))).toEqual(Buffer.from([0, 1, 2, 0x7b, 0x7b]));
    expect(readdirSync(join(dir, 'kit'))).not.toContain('kit.test.ts');
  });

  test('refuses a non-empty folder, an unknown language, a missing kit and an unusable name', () => {
    const kits = fixtureKit();
    const full = join(work, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'notes.txt'), 'mine');
    expect(() => initAdapter('python', full, 'x', kits)).toThrow(new InitRefused(`${full} is not empty: adapter init writes into a new or empty folder`));
    expect(readdirSync(full)).toEqual(['notes.txt']);
    expect(() => initAdapter('cobol', join(work, 'a'), 'x', kits)).toThrow('--lang must be one of python, go, rust, java, typescript, not "cobol"');
    expect(() => initAdapter('go', join(work, 'b'), 'x', kits)).toThrow(`this harness has no go kit (${join(kits, 'go', 'template')} is missing)`);
    expect(() => initAdapter('python', join(work, 'c'), 'Bad/Name', kits)).toThrow('adapter name "Bad/Name" is not usable');
    expect(defaultAdapterName('/x/My_Adapter.v2')).toBe('my_adapter-v2');
  });

  test('from the CLI: a non-empty folder is exit 2 and one line, nothing written', async () => {
    const full = join(work, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const result = await harness(['adapter', 'init', '--lang', 'typescript', full]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`didcomm-conformance adapter init: ${full} is not empty: adapter init writes into a new or empty folder\n`);
    expect(readdirSync(full)).toEqual(['keep.txt']);
  });

  test('from the CLI: --lang ts and py are typescript and python; the next commands name the bin only when the shell has it (not npx\'s node_modules/.bin)', { timeout: 60_000 }, async () => {
    const linked = (dir: string): string => {
      mkdirSync(dir, { recursive: true });
      symlinkSync(cli, join(dir, 'didcomm-conformance'));
      return dir;
    };
    const npxBin = linked(join(work, 'npx', 'node_modules', '.bin'));
    const globalBin = linked(join(work, 'global-bin'));
    const init = async (lang: string, dir: string, path: string) => {
      const { stdout } = await promisify(execFile)(process.execPath, [cli, 'adapter', 'init', '--lang', lang, dir], { env: { ...process.env, PATH: `${path}${delimiter}${process.env['PATH'] ?? ''}` }, cwd: work });
      return stdout;
    };
    expect(await init('ts', 'a', npxBin)).toBe(`wrote 6 files into a (typescript; the kit library is in a/kit)\nnext: node ${cli} adapter check a\nthen: node ${cli} run --adapter a\n`);
    expect(await init('py', 'b', globalBin)).toMatch(/^wrote \d+ files into b \(python; the kit library is in b\/kit\)\nnext: didcomm-conformance adapter check b\nthen: didcomm-conformance run --adapter b\n$/);
  });

  test('typescript: the adapter init writes is built on first use (tsc against the SDK) and passes adapter check and the plaintext suite', { timeout: 120_000 }, async () => {
    const dir = join(work, 'acme-ts');
    const init = await harness(['adapter', 'init', '--lang', 'typescript', dir]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toBe(`wrote 6 files into ${dir} (typescript; the kit library is in ${dir}/kit)\nnext: ${harnessCommand()} adapter check ${dir}\nthen: ${harnessCommand()} run --adapter ${dir}\n`);
    expect(readFileSync(join(dir, 'adapter.json'), 'utf8')).toContain('"steps": [["node", "./kit/build.mjs", "${build}"]]');
    const check = await harness(['adapter', 'check', dir]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stderr).toMatch(/^building acme-ts \(first use\) …/);
    expect(check.stdout).toContain('acme-ts 0.1.0');
    // What the other kits' tests check of their init output (adapters/_kits/template.test-support.ts).
    expect(check.stdout).toMatch(/describe \(protocol v1\): acme-ts \d+\.\d+\.\d+/);
    expect(check.stdout).toContain('✔ starts and answers describe (protocol v1)');
    expect(check.stdout).toContain('adapter check passed');
    const run = await harness(['run', '--adapter', dir, '--suite', 'plaintext', '--out', join(work, 'run'), '--json']);
    expect(run.stderr).toBe('');
    const totals = (JSON.parse(run.stdout) as { totals: Record<string, number> }).totals;
    expect(totals).toMatchObject({ failed: 0, errored: 0 });
    expect(totals['passed']).toBeGreaterThan(0);
  });

  test('typescript: a type error fails the build with the compiler\'s message in the tail', { timeout: 60_000 }, async () => {
    const dir = join(work, 'typo-ts');
    expect((await harness(['adapter', 'init', '--lang', 'typescript', dir])).code).toBe(0);
    const source = join(dir, 'adapter.ts');
    writeFileSync(source, readFileSync(source, 'utf8').replace("version: '0.1.0', language", 'version: 1, language'));
    const check = await harness(['adapter', 'check', dir]);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/didcomm-conformance adapter check: harness error: building typo-ts failed: `node \.\/kit\/build\.mjs .*` exited with 1/);
    expect(check.stderr).toMatch(/\| adapter\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });
});
