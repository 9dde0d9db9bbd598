/**
 * Hostile adapters through a real run (issue 10, item 3): each faux adapter below runs the plaintext suite
 * through the built CLI (deadline 500 ms), and this prints, per adapter: the run's exit code and wall time,
 * the outcome and error code of every case, the adapter log the transcripts kept and the characters the
 * bounded log dropped, and the processes of the adapter (every one carries a unique `--tag` in its argv)
 * still in the process table after the run, which must be 0.
 *
 *   node dist/bench/hostile-adapters.js [--json] [faux names...]
 * @module
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../src/adapter/manifest.js';
import { readRunRecords, type CaseRecord } from '../src/report/run-records.js';
import { benchArgs } from './support/args.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const { values, positionals: names } = benchArgs('hostile-adapters', 'node dist/bench/hostile-adapters.js [--json] [faux names...]', { json: { type: 'boolean', default: false } }, { positionals: true });
const FAUX = names.length > 0 ? names : ['flood', 'fork', 'out-of-order', 'replay', 'deep-json', 'wide-json', 'hang', 'crash', 'garbage', 'huge', 'wrong-id', 'schema'];

function tagged(tag: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(tag));
}

interface Row {
  adapter: string;
  exitCode: number | undefined;
  seconds: number;
  outcomes: Record<string, number>;
  codes: Record<string, number>;
  reasons: string[];
  logKept: number;
  logDropped: number;
  restarts: number;
  leftover: number;
}

const rows: Row[] = [];
for (const name of FAUX) {
  const tag = `hostile-${name}-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `faux-${name}-`));
  const manifest = JSON.parse(readFileSync(join(root, 'adapters/faux', name, 'adapter.json'), 'utf8')) as { transport: { args: string[] }; limits: Record<string, number> };
  manifest.transport.args[0] = join(root, 'dist/adapters/faux/main.js');
  if (!manifest.transport.args.includes('--tag')) manifest.transport.args.push('--tag', tag);
  else manifest.transport.args[manifest.transport.args.indexOf('--tag') + 1] = tag;
  manifest.limits['deadlineMs'] = 500;
  writeFileSync(join(dir, 'adapter.json'), JSON.stringify(manifest));
  const out = join(dir, 'out');
  const started = performance.now();
  const result = await execa('node', [cli, 'run', '--adapter', dir, '--suite', 'plaintext', '--out', out, '--seed', '1', '--json'], { cwd: root, reject: false, env: { FAUX_CRASH_KEY: tag } });
  const seconds = (performance.now() - started) / 1000;
  const { records } = readRunRecords(join(out, 'run.jsonl'));
  const cases = records.filter((r): r is CaseRecord => r.type === 'case');
  const outcomes: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const reasons = new Set<string>();
  let logKept = 0;
  let logDropped = 0;
  let restarts = 0;
  for (const record of cases) {
    outcomes[record.outcome] = (outcomes[record.outcome] ?? 0) + 1;
    if (record.error?.code) codes[record.error.code] = (codes[record.error.code] ?? 0) + 1;
    if (record.outcome === 'errored') reasons.add((record.error?.message ?? '').replace(/\d+/g, 'N'));
    for (const entry of record.transcript) {
      if (entry.kind === 'restart') restarts += 1;
      if (entry.kind !== 'log') continue;
      logKept += entry.text.length;
      logDropped += Number(/\[harness\] (\d+) characters of adapter log dropped/.exec(entry.text)?.[1] ?? 0);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  rows.push({ adapter: `faux/${name}`, exitCode: result.exitCode, seconds, outcomes, codes, reasons: [...reasons], logKept, logDropped, restarts, leftover: tagged(tag).length });
}

if (values.json) console.log(JSON.stringify(rows, null, 2));
else {
  console.log('hostile adapters, plaintext suite (7 cases), deadline 500 ms:');
  for (const row of rows) {
    const outcomes = Object.entries(row.outcomes).map(([k, v]) => `${v} ${k}`).join(', ');
    const codes = Object.entries(row.codes).map(([k, v]) => `${k} x${v}`).join(', ') || '-';
    console.log(`  ${row.adapter.padEnd(18)} exit ${row.exitCode}  ${row.seconds.toFixed(1).padStart(5)} s  ${outcomes}  [${codes}]  restarts ${row.restarts}  log kept ${row.logKept} chars, dropped ${row.logDropped}  processes left ${row.leftover}`);
    for (const reason of row.reasons) console.log(`      reason: ${reason.slice(0, 160)}`);
  }
}
process.exitCode = rows.every((row) => row.leftover === 0) ? 0 : 1;
