/**
 * How fast a vendor gets a verdict, against the targets of issue 17: wall time of `run --adapter reference`
 * (every suite), of a peer with many failures, and of the default job (`start`: every bundled adapter, the
 * matrix and every report; `npm start` without the build) with every built adapter and with the four
 * JavaScript adapters alone. Each line prints the target, the figure and whether it is met, with the CPU
 * time of the command's whole process tree, which load on a shared machine does not inflate the way it
 * inflates wall time. Then the curve of the job's time against adapters (2, 4, all) and of a run's time
 * against cases (suite subsets of the reference).
 *
 *   npm run bench:wall [-- --peer veramo] [--per-adapter]
 *
 * `--per-adapter` adds `run` of every bundled adapter (one suite file at a time and one per core) and the
 * matrix of 1..n adapters (pairs grow as n²). Adapters with a build section are never built here: one
 * not built yet is left out of "every adapter" and named (build with `adapter build --all`).
 * @module
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { isComplete } from '../src/adapter/build/cache.js';
import { planBuild } from '../src/adapter/build/build.js';
import { packageRoot, resolveAdapter } from '../src/adapter/manifest.js';
import { bundledAdapters } from '../src/cli/bundled-adapters.js';
import { benchArgs } from './support/args.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');

const { values } = benchArgs('wall-time', 'npm run bench:wall [-- --peer NAME] [--per-adapter]', {
  peer: { type: 'string', default: 'veramo' },
  'per-adapter': { type: 'boolean', default: false },
});

interface Timing {
  seconds: number;
  /** User+system seconds of the command's process tree (each process is reaped by its parent); undefined off Linux. */
  cpu?: number;
  exitCode: number;
  /** Case outcomes of a `run --json`. */
  totals?: Record<string, number>;
  /** `start`: each adapter's line ("veramo: 250 passed, … in 31 s"). */
  adapterLines: string[];
  load: number;
}

/** CPU seconds of this process's waited-for children (/proc/self/stat cutime + cstime, 1/100 s ticks). */
function childrenCpu(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return (fields[13]! + fields[14]!) / 100;
}

/** One CLI command, timed; nothing else runs from this process meanwhile, so the children's CPU is its own. */
async function timed(args: string[]): Promise<Timing> {
  const out = mkdtempSync(join(tmpdir(), 'bench-wall-'));
  const load = loadavg()[0]!;
  const cpuBefore = childrenCpu();
  const started = performance.now();
  const result = await execa('node', [cli, ...args, '--out', out], { cwd: root, reject: false, env: { CI: 'true' } });
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = childrenCpu();
  rmSync(out, { recursive: true, force: true });
  let totals: Record<string, number> | undefined;
  try {
    totals = (JSON.parse(result.stdout) as { totals?: Record<string, number> }).totals;
  } catch {
    // start and matrix print lines, not JSON
  }
  const adapterLines = result.stdout.split('\n').filter((l) => /^[\w.-]+: \d+ passed, .* in \d+ s$/.test(l));
  return {
    seconds, exitCode: result.exitCode ?? -1, adapterLines, load, ...(totals ? { totals } : {}),
    ...(cpuBefore === undefined || cpuAfter === undefined ? {} : { cpu: cpuAfter - cpuBefore }),
  };
}

const write = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const cpuText = (t: Timing): string => (t.cpu === undefined ? '' : `, CPU ${t.cpu.toFixed(1)} s`);
const casesText = (t: Timing): string => (t.totals
  ? `, ${Object.values(t.totals).reduce((a, b) => a + b, 0)} cases (${t.totals['failed'] ?? 0} failed, ${t.totals['errored'] ?? 0} errored)` : '');

/** A target line: what, the bound, the figure, met or not met. */
function target(label: string, bound: number, t: Timing, note = ''): void {
  const verdict = t.seconds <= bound ? 'met' : 'NOT MET';
  write(`  ${label.padEnd(62)} target <= ${String(bound).padStart(3)} s  figure ${t.seconds.toFixed(1).padStart(6)} s  ${verdict.padEnd(7)} (exit ${t.exitCode}${cpuText(t)}${casesText(t)}, load ${t.load.toFixed(1)})${note}`);
}

function figure(label: string, t: Timing): void {
  write(`  ${label.padEnd(62)} ${t.seconds.toFixed(1).padStart(6)} s  (exit ${t.exitCode}${cpuText(t)}${casesText(t)}, load ${t.load.toFixed(1)})`);
}

/** Whether `adapter` can run without building: no build section, or its build is complete in the cache. */
function builtOrNoBuild(adapter: string): boolean {
  const resolved = resolveAdapter(adapter);
  const spec = resolved.manifest.build;
  if (!spec || !resolved.build) return true;
  if (resolved.build.folder) return true;
  try {
    return isComplete(planBuild(resolved.name, resolved.build.adapterDir, spec).folder);
  } catch {
    return false; // a missing toolchain: it could not run either
  }
}

const adapters = bundledAdapters(root);
const javascript = adapters.filter((a) => { const transport = resolveAdapter(a).manifest.transport; return 'command' in transport && transport.command === 'node'; });
const built = adapters.filter(builtOrNoBuild);
const unbuilt = adapters.filter((a) => !built.includes(a));

write(`wall time on ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`);
write(`bundled adapters: ${adapters.join(', ')}${unbuilt.length ? `; not built (left out of "every adapter"): ${unbuilt.join(', ')}` : ''}`);
write('\ntargets (issue 17):');
const reference = await timed(['run', '--adapter', 'reference', '--json', '--seed', '1']);
target('run --adapter reference (every suite)', 15, reference);
const peer = await timed(['run', '--adapter', values.peer!, '--json', '--seed', '1']);
target(`run --adapter ${values.peer} (a peer with many failures)`, 2 * 15, peer);
const all = await timed(['start', '--adapters', built.join(','), '--seed', '1']);
target(`start, every bundled adapter${unbuilt.length ? ` built (${built.length} of ${adapters.length})` : ` (${adapters.length})`}, matrix, reports`, 120, all,
  unbuilt.length ? `; without ${unbuilt.join(', ')}: not the whole target` : '');
const four = await timed(['start', '--adapters', javascript.join(','), '--seed', '1']);
target(`start, the ${javascript.length} JavaScript adapters (${javascript.join(', ')})`, 60, four);

write('\nthe job (start) against adapters:');
const two = await timed(['start', '--adapters', javascript.slice(0, 2).join(','), '--seed', '1']);
for (const [n, t] of [[2, two], [javascript.length, four], [built.length, all]] as const) {
  figure(`${n} adapters`, t);
  for (const line of t.adapterLines) write(`      ${line}`);
}

write('\na run against cases (reference):');
for (const suite of ['plaintext', 'envelope/signed.test.ts', 'envelope']) {
  figure(`--suite ${suite}`, await timed(['run', '--adapter', 'reference', '--suite', suite, '--json', '--seed', '1']));
}
figure('every suite', reference);

if (values['per-adapter']) {
  write('\nrun per adapter (all suites):');
  for (const adapter of built) {
    figure(`${adapter}, one suite file at a time (--workers 1)`, await timed(['run', '--adapter', adapter, '--json', '--seed', '1', '--workers', '1']));
    figure(`${adapter}, one suite file per core`, await timed(['run', '--adapter', adapter, '--json', '--seed', '1']));
  }
  write('\nmatrix against adapters (ordered pairs = n²):');
  for (let n = 1; n <= built.length; n++) figure(`matrix of ${built.slice(0, n).join(', ')}`, await timed(['matrix', '--adapters', built.slice(0, n).join(',')]));
}
