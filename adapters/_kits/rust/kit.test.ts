/**
 * The Rust adapter kit: its own unit tests (`cargo test`: the line loop and its error mapping), and the
 * template as `adapter init --lang rust` writes it, built by the harness from its build section (`cargo build
 * --release --locked`) on first use: `adapter check` passes and the plaintext suite runs with 0 failed and 0
 * errored (../template.test-support.ts).
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../../src/adapter/manifest.js';
import { expectPlaintextSuitePasses, initAndCheck } from '../template.test-support.js';

const root = packageRoot();
const kit = join(root, 'adapters/_kits/rust');
/**
 * Cargo's target folders and the template's build cache sit at a fixed place under the temp folder, one per
 * harness checkout, so that a later `npm test` finds the template built (its build is keyed by its inputs) and
 * `cargo test` recompiles only what changed: from scratch the two took 70 s of a 2-core machine, every time.
 */
const work = join(tmpdir(), `didcomm-conformance-rust-kit-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`);

describe.concurrent('Rust adapter kit', { timeout: 300_000 }, () => {
  test('cargo test: the line loop, dispatch, -32601 for Unsupported, -32603 for other errors and panics, shutdown', async () => {
    const result = await execa('cargo', ['test', '--locked', '--target-dir', join(work, 'kit-target')], { cwd: kit, reject: false });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/test result: ok\. [1-9][0-9]* passed; 0 failed/);
  });

  test('the template adapter init writes builds --locked, passes adapter check and the plaintext suite', async () => {
    const dir = join(work, 'acme-rust');
    const cache = join(work, 'cache');
    // Written afresh each time; its build, keyed by its inputs, stays in the cache.
    rmSync(dir, { recursive: true, force: true });
    const check = await initAndCheck('rust', dir, cache);
    expect(check.stdout).toContain('acme-rust 0.1.0; envelopes: plaintext');
    expect(check.stdout).toMatch(/createIdentity: answers -32601/); // a method the template does not implement
    await expectPlaintextSuitePasses(dir, join(work, 'run'), cache);
  });
});
