/**
 * Seeded fuzzing of the reference `unpack` (`npm run fuzz -- --cases N --seed S`): prints the figures —
 * cases, accepts, rejections by code, failures, the slowest case, heap growth — and writes every failure,
 * shrunk to its fewest mutations, as a negative-vector candidate under reports/fuzz/<seed>/.
 * Exit 1 when any case failed.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuzz } from '../src/fuzz/engine.js';
import { PACKAGE_ROOT } from '../src/vectors/paths.js';
import { benchArgs, wholeNumber } from './support/args.js';

const USAGE = 'npm run fuzz -- [--cases N] [--seed S]';
const { values } = benchArgs('fuzz', USAGE, { cases: { type: 'string' }, seed: { type: 'string' } });
const cases = wholeNumber('fuzz', USAGE, 'cases', values.cases, 1_000_000);
const seed = wholeNumber('fuzz', USAGE, 'seed', values.seed, 1, 0);

const started = performance.now();
let done = 0;
const summary = await fuzz(cases, seed, () => {
  done += 1;
  if (done % 50_000 === 0) process.stdout.write(`  ${done} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`fuzz: ${summary.cases} cases from seed ${seed} in ${seconds.toFixed(1)} s (${Math.round(summary.cases / seconds)}/s)\n`);
process.stdout.write(`  accepted ${summary.accepted} (protected content unchanged, or a plaintext)\n`);
process.stdout.write(`  rejected ${summary.cases - summary.accepted - summary.failures.length}, by code:\n`);
for (const [code, count] of Object.entries(summary.rejectedByCode).sort((a, b) => b[1] - a[1])) process.stdout.write(`    ${code.padEnd(24)} ${count}\n`);
process.stdout.write(`  failures ${summary.failures.length}; slowest case ${summary.slowestMs.toFixed(0)} ms; heap growth ${(summary.heapGrowthBytes / 2 ** 20).toFixed(1)} MB\n`);
if (summary.failures.length > 0) {
  const dir = join(PACKAGE_ROOT, 'reports', 'fuzz', String(seed));
  mkdirSync(dir, { recursive: true });
  for (const failure of summary.failures) {
    writeFileSync(join(dir, `seed-${failure.seed}.json`), `${JSON.stringify({ base: failure.base, mutation: failure.mutations.join(' + '), verdict: failure.verdict, seed: failure.seed, text: failure.text }, null, 2)}\n`);
  }
  process.stdout.write(`  failures written to ${dir} (each a negative-vector candidate: base, mutation, bytes)\n`);
  process.exitCode = 1;
}
