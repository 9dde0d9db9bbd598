/**
 * Seeded fuzzing of the reference `unpack` (`npm run fuzz -- --cases N --seed S`): prints the figures —
 * cases, accepts, rejections by code, failures, the slowest case, heap growth — and writes every failure,
 * shrunk to its fewest mutations, as a negative-vector candidate under reports/fuzz/<seed>/.
 * Exit 1 when any case failed.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzz } from '../src/fuzz/engine.js';
import { PACKAGE_ROOT } from '../src/vectors/paths.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' } } });
const cases = Number(values.cases);
const seed = Number(values.seed);
if (!Number.isSafeInteger(cases) || cases < 1 || !Number.isSafeInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- [--cases N] [--seed S]   (positive integers)\n');
  process.exit(2);
}

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
