/**
 * The Go adapter kit: its own unit tests (`go test`, the line loop and its error mapping), and the template
 * `adapter init --lang go` writes, instantiated as init does (placeholders filled, the kit copied into
 * DIR/kit), built with `-mod=readonly` and driven through the CLI: `adapter check` passes and the plaintext
 * suite runs with 0 failed and 0 errored; its `benchmark` (the kit's WithBenchmark) is driven as the
 * cross-language table drives it (../benchmark.test-support.ts).
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, onTestFinished, test } from 'vitest';
import { loadManifest, packageRoot } from '../../../src/adapter/manifest.js';
import { expectTemplateBenchmark } from '../benchmark.test-support.js';

const root = packageRoot();
const kit = join(root, 'adapters/_kits/go');
const cli = join(root, 'dist/src/cli/main.js');

/** Writes the template into `dir` as `adapter init --lang go DIR` does: kit in DIR/kit, placeholders filled. */
function instantiate(dir: string, name: string): void {
  cpSync(join(kit, 'template'), dir, { recursive: true });
  mkdirSync(join(dir, 'kit'));
  for (const file of readdirSync(kit).filter((f) => f === 'go.mod' || (f.endsWith('.go') && !f.endsWith('_test.go')))) {
    copyFileSync(join(kit, file), join(dir, 'kit', file));
  }
  for (const file of ['adapter.json', 'go.mod', 'main.go']) {
    const text = readFileSync(join(dir, file), 'utf8').replaceAll('{{name}}', name).replaceAll('{{kit}}', './kit');
    expect(text, file).not.toMatch(/\{\{/);
    writeFileSync(join(dir, file), text);
  }
}

describe.concurrent('Go adapter kit', { timeout: 180_000 }, () => {
  test('go test: the line loop, dispatch, -32601 for Unsupported, -32603 for other errors, shutdown, WithBenchmark', async () => {
    const result = await execa('go', ['test', '-count=1', './...'], { cwd: kit, reject: false, env: { CGO_ENABLED: '0' } });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  test('the template builds read-only, passes adapter check and the plaintext suite, and benchmarks plaintext', async () => {
    const work = mkdtempSync(join(tmpdir(), 'didcomm-go-template-'));
    onTestFinished(() => rmSync(work, { recursive: true, force: true }));
    const dir = join(work, 'acme-go');
    instantiate(dir, 'acme-go');
    const manifest = JSON.parse(readFileSync(join(dir, 'adapter.json'), 'utf8')) as {
      build: { steps: string[][]; env: Record<string, string> };
      transport: { command: string };
    };
    // Built by hand as the build section says (the CLI builds on first use once that lands).
    const binaryDir = join(work, 'build');
    for (const [command, ...args] of manifest.build.steps) {
      const built = await execa(command!, args.map((arg) => arg.replaceAll('${build}', binaryDir)), { cwd: dir, env: manifest.build.env, reject: false });
      expect(built.exitCode, built.stderr).toBe(0);
    }
    const scratch = { ...manifest, build: undefined, transport: { ...manifest.transport, command: manifest.transport.command.replaceAll('${build}', binaryDir) } };
    writeFileSync(join(dir, 'scratch.json'), JSON.stringify(scratch));

    const check = await execa('node', [cli, 'adapter', 'check', join(dir, 'scratch.json')], { cwd: root, reject: false });
    expect(check.exitCode, check.stdout).toBe(0);
    expect(check.stdout).toContain('acme-go 0.1.0; envelopes: plaintext');
    expect(check.stdout).toMatch(/createIdentity: answers -32601/); // a method the template does not implement

    const out = join(work, 'run');
    const run = await execa('node', [cli, 'run', '--adapter', join(dir, 'scratch.json'), '--suite', 'plaintext', '--out', out, '--json'], { cwd: root, reject: false });
    expect(run.exitCode, run.stdout).toBe(0);
    const totals = (JSON.parse(run.stdout) as { totals: Record<string, number> }).totals;
    expect(totals).toMatchObject({ failed: 0, errored: 0 });
    expect(totals['passed']).toBeGreaterThan(0);

    await expectTemplateBenchmark(loadManifest(join(dir, 'scratch.json')));
  });
});
