/**
 * The Go adapter kit: its own unit tests (`go test`, the line loop and its error mapping), and the template as
 * `adapter init --lang go` writes it, built by the harness from its build section (`go build -mod=readonly`)
 * on first use: `adapter check` passes, the plaintext suite runs with 0 failed and 0 errored
 * (../template.test-support.ts), and its `benchmark` (the kit's WithBenchmark) is driven as the cross-language
 * table drives it (../benchmark.test-support.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, onTestFinished, test } from 'vitest';
import { packageRoot } from '../../../src/adapter/manifest.js';
import { expectTemplateBenchmark } from '../benchmark.test-support.js';
import { builtTemplate, expectPlaintextSuitePasses, initAndCheck } from '../template.test-support.js';

const root = packageRoot();
const kit = join(root, 'adapters/_kits/go');

// One test after the other, and `go test` with the template's flags (CGO_ENABLED=0, -trimpath), so that the
// standard library compiled into Go's build cache for one serves the other: on a fresh machine (that cache
// empty) the two side by side compiled it twice, 34 s of CPU; one after the other 15 s.
describe('Go adapter kit', { timeout: 180_000 }, () => {
  test('go test: the line loop, dispatch, -32601 for Unsupported, -32603 for other errors, shutdown, WithBenchmark', async () => {
    const result = await execa('go', ['test', '-trimpath', '-count=1', './...'], { cwd: kit, reject: false, env: { CGO_ENABLED: '0' } });
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  test('the template adapter init writes builds read-only, passes adapter check and the plaintext suite, and benchmarks plaintext', async () => {
    const work = mkdtempSync(join(tmpdir(), 'didcomm-go-template-'));
    onTestFinished(() => rmSync(work, { recursive: true, force: true }));
    const dir = join(work, 'acme-go');
    // Its own build cache: built the way a first use builds it (Go's own build cache keeps the compiler warm).
    const cache = join(work, 'cache');
    const check = await initAndCheck('go', dir, cache);
    expect(check.stdout).toContain('acme-go 0.1.0; envelopes: plaintext');
    expect(check.stdout).toMatch(/createIdentity: answers -32601/); // a method the template does not implement
    await expectPlaintextSuitePasses(dir, join(work, 'run'), cache);
    await expectTemplateBenchmark(builtTemplate(dir, cache));
  });
});
