/**
 * The cross-language throughput table (issue 17): every bundled adapter that implements the optional
 * `benchmark` method packs and then unpacks N messages of each mode it claims inside its own process, with
 * its own library, on the same ~1 KB message and the same machine, in interleaved rounds; the table gives
 * messages/s median (min–max) per adapter and mode and the ratio to the reference. Each round's answer is
 * checked (counts, times, a sample the reference unpacks to the message asked for) before it counts.
 * The process boundary is not in the figures: each adapter times its own loops.
 * Run with `node dist/bench/cross-language.js [--quick] [--json] [--adapters a,b] [--out DIR]`; adapters with a
 * build step take part once built (`node dist/src/cli/main.js adapter build NAME`). `--out DIR` writes
 * DIR/throughput.json, which a results site built from DIR shows as throughput.html (src/site/throughput.ts).
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCHMARK_MODES, QUICK_MODES } from '../src/adapter/benchmark-modes.js';
import { bundledAdapters } from '../src/cli/bundled-adapters.js';
import { crossLanguageRun, type Cell } from './support/cross-language-run.js';
import { fmt, type Stats } from './support/measure.js';
import { THROUGHPUT_FILE, type ThroughputResult } from '../src/site/throughput.js';
import { benchArgs } from './support/args.js';

const { values } = benchArgs('cross-language', 'node dist/bench/cross-language.js [--quick] [--json] [--adapters a,b] [--out DIR]', {
  quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, adapters: { type: 'string' }, out: { type: 'string' },
});
const QUICK = values.quick;
const JSON_OUT = values.json;
const OUT = values.out;
const adapters = values.adapters !== undefined ? values.adapters.split(',').filter(Boolean) : bundledAdapters();
if (adapters.length === 0) {
  process.stderr.write('--adapters needs a comma-separated list of adapter names\n');
  process.exit(2);
}
const modes = QUICK ? BENCHMARK_MODES.filter((m) => QUICK_MODES.includes(m.name)) : BENCHMARK_MODES;
const rounds = QUICK ? 3 : 5;
const targetMs = QUICK ? 150 : 500;

const loadBefore = loadavg()[0]!;
const started = performance.now();
const cells = await crossLanguageRun({ adapters, modes, rounds, targetMs, progress: (line) => process.stderr.write(`${line}\n`) });
const seconds = (performance.now() - started) / 1000;
const loadAfter = loadavg()[0]!;

const cell = (s: Stats | undefined): string => (s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '');
const ratio = (s: Stats | undefined, reference: Stats | undefined): string => (s && reference ? `${(s.median / reference.median).toFixed(2)}x` : '-');

process.stdout.write(`messages/s inside each adapter's process, median (min–max) over ${rounds} interleaved rounds; ratio = adapter/reference;\n`
  + `checked = rounds whose counts and times held up and whose sample the reference unpacked to the message asked for.\n`
  + `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), 1-minute load ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; ${seconds.toFixed(0)} s\n\n`);
process.stdout.write(`${'mode'.padEnd(31)} ${'adapter'.padEnd(27)} ${'pack'.padEnd(22)} ${'ratio'.padEnd(7)} ${'unpack'.padEnd(22)} ${'ratio'.padEnd(7)} checked\n`);
// An adapter with no figure and one reason for every mode gets one line under the table, not a row per mode.
const sole = (adapter: string): string | undefined => {
  const own = cells.filter((c) => c.adapter === adapter);
  return own.every((c) => c.status === 'n/a' && c.reason === own[0]?.reason) ? own[0]?.reason : undefined;
};
for (const mode of modes) {
  const row = cells.filter((c) => c.mode === mode.name && sole(c.adapter) === undefined);
  const reference = row.find((c) => c.adapter === 'reference');
  for (const c of row) {
    const checked = c.status === 'measured' ? `${c.verified}/${rounds}` : `${c.status}: ${c.reason}`;
    process.stdout.write(`${mode.name.padEnd(31)} ${c.adapter.padEnd(27)} ${cell(c.pack).padEnd(22)} ${ratio(c.pack, reference?.pack).padEnd(7)} `
      + `${cell(c.unpack).padEnd(22)} ${ratio(c.unpack, reference?.unpack).padEnd(7)} ${checked}\n`);
  }
}
for (const adapter of adapters) {
  const reason = sole(adapter);
  if (reason) process.stdout.write(`${adapter}: n/a: ${reason}\n`);
}
const flagged = cells.filter((c: Cell) => c.status === 'flagged');
if (flagged.length > 0) process.stdout.write(`\n${flagged.length} cell(s) flagged: a benchmark answer that did not hold up has no figure\n`);
const result: ThroughputResult = {
  format: 1, kind: 'cross-language-throughput', measuredAt: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', load: [loadBefore, loadAfter] },
  rounds, targetMs, modes: modes.map((m) => m.name), cells,
};
if (OUT) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, THROUGHPUT_FILE), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`wrote ${join(OUT, THROUGHPUT_FILE)}\n`);
}
if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
