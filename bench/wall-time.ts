/**
 * How fast a vendor gets a verdict: wall time of `run` per bundled adapter (one suite file at a time and
 * one per core), how it scales with the number of cases (suite subsets on the reference), of the matrix
 * with one, two and three adapters (pairs grow as n²), and of the full default job (`start`, which is
 * `npm start` without the build). Each figure is one timed CLI process, so the numbers include start-up.
 * Run with `npm run bench:wall` (minutes: it runs the whole job several times).
 * @module
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../src/adapter/manifest.js';
import { bundledAdapters } from '../src/cli/commands/start.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');

async function timed(args: string[]): Promise<{ seconds: number; exitCode: number; cases?: number }> {
  const out = mkdtempSync(join(tmpdir(), 'bench-wall-'));
  const started = performance.now();
  const result = await execa('node', [cli, ...args, '--out', out], { cwd: root, reject: false, env: { CI: 'true' } });
  const seconds = (performance.now() - started) / 1000;
  let cases: number | undefined;
  try {
    const summary = JSON.parse(result.stdout) as { totals?: Record<string, number> };
    if (summary.totals) cases = Object.values(summary.totals).reduce((a, b) => a + b, 0);
  } catch {
    // start and matrix print lines, not JSON
  }
  return { seconds, exitCode: result.exitCode ?? -1, ...(cases === undefined ? {} : { cases }) };
}

const line = (label: string, r: { seconds: number; exitCode: number; cases?: number }): void => {
  process.stdout.write(`${label.padEnd(58)} ${r.seconds.toFixed(1).padStart(6)} s  exit ${r.exitCode}${r.cases === undefined ? '' : `  ${r.cases} cases (${(r.cases / r.seconds).toFixed(1)}/s)`}\n`);
};

const adapters = bundledAdapters(root);
process.stdout.write(`wall time on ${(await import('node:os')).cpus().length} cores\n\nrun per adapter (all suites):\n`);
for (const adapter of adapters) {
  line(`  ${adapter}, one suite file at a time (--workers 1)`, await timed(['run', '--adapter', adapter, '--json', '--seed', '1', '--workers', '1']));
  line(`  ${adapter}, one suite file per core`, await timed(['run', '--adapter', adapter, '--json', '--seed', '1']));
}
process.stdout.write('\nscaling with cases (reference):\n');
for (const suite of ['plaintext', 'envelope/signed.test.ts', 'envelope']) {
  line(`  --suite ${suite}`, await timed(['run', '--adapter', 'reference', '--suite', suite, '--json', '--seed', '1']));
}
process.stdout.write('\nscaling with adapters (matrix, ordered pairs = n²):\n');
for (let n = 1; n <= adapters.length; n++) {
  line(`  matrix of ${adapters.slice(0, n).join(', ')}`, await timed(['matrix', '--adapters', adapters.slice(0, n).join(',')]));
}
process.stdout.write('\nthe full default job:\n');
line('  start (every adapter, all suites, matrix, all reports)', await timed(['start']));
