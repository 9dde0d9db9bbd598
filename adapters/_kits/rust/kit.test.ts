/**
 * The Rust adapter kit: its own unit tests (`cargo test`: the line loop and its error mapping), and the
 * template `adapter init --lang rust` writes, instantiated as init does (placeholders filled, the kit copied
 * into DIR/kit), built `--locked` as its build section says and driven through the CLI: `adapter check`
 * passes and the plaintext suite runs with 0 failed and 0 errored.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../../src/adapter/manifest.js';

const root = packageRoot();
const kit = join(root, 'adapters/_kits/rust');
const cli = join(root, 'dist/src/cli/main.js');
/**
 * Cargo's target folders sit at a fixed place under the temp folder, one per harness checkout (as
 * src/adapter/kits-languages.test.ts keeps its builds), so that a later `npm test` recompiles only what
 * changed: from scratch both builds took 70 s of a 2-core machine, every time.
 */
const work = join(tmpdir(), `didcomm-conformance-rust-kit-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`);

/** Writes the template into `dir` as `adapter init --lang rust DIR` does: kit in DIR/kit, placeholders filled. */
function instantiate(dir: string, name: string): void {
  cpSync(join(kit, 'template'), dir, { recursive: true });
  mkdirSync(join(dir, 'kit'));
  cpSync(join(kit, 'Cargo.toml'), join(dir, 'kit', 'Cargo.toml'));
  cpSync(join(kit, 'src'), join(dir, 'kit', 'src'), { recursive: true });
  for (const file of ['adapter.json', 'Cargo.toml', 'Cargo.lock', 'src/main.rs']) {
    const text = readFileSync(join(dir, file), 'utf8').replaceAll('{{name}}', name).replaceAll('{{kit}}', './kit');
    expect(text, file).not.toMatch(/\{\{/);
    writeFileSync(join(dir, file), text);
  }
}

describe.concurrent('Rust adapter kit', { timeout: 300_000 }, () => {
  test('cargo test: the line loop, dispatch, -32601 for Unsupported, -32603 for other errors and panics, shutdown', async () => {
    const result = await execa('cargo', ['test', '--locked', '--target-dir', join(work, 'kit-target')], { cwd: kit, reject: false });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/test result: ok\. [1-9][0-9]* passed; 0 failed/);
  });

  test('the template builds --locked and passes adapter check and the plaintext suite', async () => {
    await templateRoundTrip(join(work, 'template'));
  });
});

async function templateRoundTrip(work: string): Promise<void> {
  const dir = join(work, 'acme-rust');
  // Written afresh each time (its build folder, work/build, is kept for cargo to find).
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  instantiate(dir, 'acme-rust');
  const manifest = JSON.parse(readFileSync(join(dir, 'adapter.json'), 'utf8')) as {
    build: { steps: string[][] };
    transport: { command: string };
  };
  // Built by hand as the build section says (the CLI builds on first use once that lands).
  const build = join(work, 'build');
  for (const [command, ...args] of manifest.build.steps) {
    const built = await execa(command!, args.map((arg) => arg.replaceAll('${build}', build)), { cwd: dir, reject: false });
    expect(built.exitCode, built.stderr).toBe(0);
  }
  const scratch = { ...manifest, build: undefined, transport: { ...manifest.transport, command: manifest.transport.command.replaceAll('${build}', build) } };
  writeFileSync(join(dir, 'scratch.json'), JSON.stringify(scratch));

  const check = await execa('node', [cli, 'adapter', 'check', join(dir, 'scratch.json')], { cwd: root, reject: false });
  expect(check.exitCode, check.stdout).toBe(0);
  expect(check.stdout).toContain('acme-rust 0.1.0; envelopes: plaintext');
  expect(check.stdout).toMatch(/createIdentity: answers -32601/); // a method the template does not implement

  const out = join(work, 'run');
  rmSync(out, { recursive: true, force: true });
  const run = await execa('node', [cli, 'run', '--adapter', join(dir, 'scratch.json'), '--suite', 'plaintext', '--out', out, '--json'], { cwd: root, reject: false });
  expect(run.exitCode, run.stdout).toBe(0);
  const totals = (JSON.parse(run.stdout) as { totals: Record<string, number> }).totals;
  expect(totals).toMatchObject({ failed: 0, errored: 0 });
  expect(totals['passed']).toBeGreaterThan(0);
}
