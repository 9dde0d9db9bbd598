/**
 * This checkout against a baseline checkout (another commit, built): wall and CPU time of `run` per adapter,
 * of the matrix and of the default job (`start`, which is `npm start` without the build), each command run
 * in the baseline then here, back to back, so load on the shared machine hits both alike; the ratio
 * baseline/this per figure. It also proves the speed changed no verdict: for every run the per-case outcomes
 * of both sides are compared (the harness's own `diff`), and for the matrix every cell's status.
 *
 * CPU is user+system of the whole process tree (the CLI, its vitest workers, its adapter processes), from the
 * shell's `times` after the CLI exits (every process in the tree is reaped by its parent).
 *
 *   node dist/bench/speed-vs-baseline.js --baseline /path/to/built/checkout
 *     [--adapters reference,sicpa-didcomm-node] [--matrix a,b,c] [--start a,b,c | --no-start] [--seed 1]
 * @module
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../src/adapter/manifest.js';
import { diffRuns } from '../src/report/diff.js';
import { loadRun } from '../src/report/run-data.js';
import { benchArgs } from './support/args.js';

interface Timing {
  wall: number;
  cpu: number;
  exitCode: number;
  out: string;
}

const { values } = benchArgs('speed-vs-baseline', 'node dist/bench/speed-vs-baseline.js --baseline DIR [--adapters a,b] [--matrix a,b,c] [--start a,b,c | --no-start] [--no-matrix] [--seed S]', {
  baseline: { type: 'string' },
  adapters: { type: 'string', default: 'reference,sicpa-didcomm-node' },
  matrix: { type: 'string', default: 'reference,sicpa-didcomm-node,veramo' },
  start: { type: 'string', default: 'reference,sicpa-didcomm-node,veramo,identus' },
  'no-start': { type: 'boolean', default: false },
  'no-matrix': { type: 'boolean', default: false },
  seed: { type: 'string', default: '1' },
});
if (!values.baseline || !existsSync(join(values.baseline, 'dist/src/cli/main.js'))) {
  process.stderr.write('speed-vs-baseline: --baseline must name a built checkout (dist/src/cli/main.js)\n');
  process.exit(2);
}
const sides = { baseline: resolve(values.baseline), this: packageRoot() };

/** One CLI command in `root`, timed: wall by the clock, CPU of its process tree by `times` (children). */
async function timed(root: string, args: string[]): Promise<Timing> {
  const out = mkdtempSync(join(tmpdir(), 'bench-speed-'));
  const started = performance.now();
  const script = 'node "$@" >/dev/null 2>&1; code=$?; times; exit $code';
  const result = await execa('bash', ['-c', script, 'bash', join(root, 'dist/src/cli/main.js'), ...args, '--out', out], { cwd: root, reject: false, env: { CI: 'true' } });
  const wall = (performance.now() - started) / 1000;
  // `times` prints the shell's own user/system, then its children's: "1m2.345s 0m6.789s".
  const children = result.stdout.trim().split('\n').at(-1) ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { wall, cpu, exitCode: result.exitCode ?? -1, out };
}

function line(label: string, before: Timing, after: Timing, note = ''): void {
  const f = (t: Timing) => `${t.wall.toFixed(1).padStart(6)} s wall ${t.cpu.toFixed(1).padStart(6)} s cpu (exit ${t.exitCode})`;
  process.stdout.write(`${label.padEnd(34)} baseline ${f(before)} | this ${f(after)} | ratio wall ${(before.wall / after.wall).toFixed(2)}x cpu ${(before.cpu / after.cpu).toFixed(2)}x  load ${loadavg()[0]!.toFixed(1)}${note}\n`);
}

/** Per-case outcomes of two runs: how many cases, and every one that changed. */
function outcomeDiff(before: string, after: string): string {
  const old = loadRun(before);
  const current = loadRun(after);
  const changed = diffRuns(old, current);
  const detail = changed.map((t) => `\n    ${t.id}: ${t.from} -> ${t.to}`).join('');
  return `  outcomes: ${current.cases.length} cases, ${changed.length} changed${detail}`;
}

/** Every matrix cell's status on both sides (pair, feature). */
function cellDiff(before: string, after: string): string {
  type Matrix = { pairs: { sender: string; receiver: string; cells: { feature: string; status: string }[] }[] };
  const cells = (dir: string) => new Map((JSON.parse(readFileSync(join(dir, 'matrix.json'), 'utf8')) as Matrix).pairs
    .flatMap((p) => p.cells.map((c) => [`${p.sender} -> ${p.receiver} ${c.feature}`, c.status] as const)));
  const a = cells(before);
  const b = cells(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changed = keys.filter((k) => a.get(k) !== b.get(k));
  return `  cells: ${b.size}, ${changed.length} changed${changed.map((k) => `\n    ${k}: ${a.get(k) ?? 'absent'} -> ${b.get(k) ?? 'absent'}`).join('')}`;
}

async function both(label: string, args: string[], compare?: (before: string, after: string) => string): Promise<void> {
  const before = await timed(sides.baseline, args);
  const after = await timed(sides.this, args);
  let note = '';
  if (compare) {
    try {
      note = `\n${compare(before.out, after.out)}`;
    } catch (error) {
      note = `\n  could not compare: ${(error as Error).message}`;
    }
  }
  line(label, before, after, note);
}

process.stdout.write(`baseline ${sides.baseline}\nthis     ${sides.this}\n${cpus().length} cores, seed ${values.seed}\n\n`);
for (const adapter of values.adapters.split(',').filter(Boolean)) {
  await both(`run --adapter ${adapter}`, ['run', '--adapter', adapter, '--json', '--seed', values.seed], (a, b) => outcomeDiff(join(a, 'run.jsonl'), join(b, 'run.jsonl')));
}
if (!values['no-matrix']) {
  await both(`matrix (${values.matrix.split(',').length} adapters)`, ['matrix', '--adapters', values.matrix, '--seed', values.seed], cellDiff);
}
if (!values['no-start']) {
  await both(`start (${values.start.split(',').length} adapters)`, ['start', '--adapters', values.start, '--seed', values.seed]);
}
