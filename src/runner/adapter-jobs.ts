/**
 * The main job's adapter runs (`start`), each `run` in a process of its own, several at once. A live case
 * spends most of its time waiting on loopback deadlines and an adapter's start-up, so runs overlap well
 * even on two cores; one vitest per process keeps their state apart. An interrupt reaches every running
 * child, which writes its footer: every record so far is kept.
 * @module
 */
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { loadRun, type RunData } from '../report/run-data.js';

export interface AdapterJobOptions {
  root: string;
  seed: number;
  /** Runs at once. */
  concurrency: number;
  /** Suite files at once within each run (`run --workers`); default the run's own. */
  workers?: number;
  /** `run --suite`; default all suites. */
  suite?: string;
  /** `run --adapter-header` lines, passed on as given (`${env:NAME}` is read by the run, from the same environment). */
  adapterHeaders?: readonly string[];
  /**
   * Called before an adapter's run (start builds adapters with a build section here): `skip` leaves the
   * adapter out with that reason (a missing toolchain), `error` counts as harness trouble (a failed build).
   */
  prepare?: (adapter: string) => Promise<{ skip?: string; error?: string }>;
  onStart?: (adapter: string) => void;
  onDone?: (result: AdapterJobResult) => void;
}

/** One adapter's run as its process left it. */
export interface AdapterJobResult {
  adapter: string;
  out: string;
  /** The run's exit code (0 clean, 1 unexpected failures, 2 harness trouble or interrupted). */
  exitCode: number;
  /** The records, when the run wrote a readable run.jsonl. */
  run?: RunData;
  /** Why there is no run: the process's last words, or the build's failure. */
  error?: string;
  /** Why the adapter was left out without running (its toolchain is missing): not a failure. */
  skipped?: string;
  durationMs: number;
}

/** Runs `run --adapter A --out DIR` for each of `jobs`, `concurrency` at a time; results in the order given. */
export async function runAdapterJobs(jobs: Array<{ adapter: string; out: string }>, options: AdapterJobOptions): Promise<AdapterJobResult[]> {
  const cli = join(options.root, 'dist/src/cli/main.js');
  const results: AdapterJobResult[] = new Array(jobs.length);
  const running = new Set<ResultPromise>();
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    for (const child of running) child.kill('SIGINT');
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!interrupted && next < jobs.length) {
      const index = next++;
      const { adapter, out } = jobs[index]!;
      const started = Date.now();
      const prepared = await options.prepare?.(adapter) ?? {};
      if (prepared.skip !== undefined || prepared.error !== undefined) {
        const result: AdapterJobResult = { adapter, out, exitCode: prepared.error !== undefined ? 2 : 0, durationMs: Date.now() - started, ...prepared.skip !== undefined ? { skipped: prepared.skip } : { error: prepared.error! } };
        results[index] = result;
        options.onDone?.(result);
        continue;
      }
      if (interrupted) break;
      options.onStart?.(adapter);
      const child = execa(process.execPath, [
        cli, 'run', '--adapter', adapter, '--out', out, '--seed', String(options.seed), '--json', '--no-reports',
        ...(options.workers ? ['--workers', String(options.workers)] : []),
        ...(options.suite ? ['--suite', options.suite] : []),
        ...(options.adapterHeaders ?? []).flatMap((line) => ['--adapter-header', line]),
      ], { cwd: options.root, reject: false, stdin: 'ignore' });
      running.add(child);
      const finished = await child;
      running.delete(child);
      const result: AdapterJobResult = { adapter, out, exitCode: finished.exitCode ?? 2, durationMs: Date.now() - started };
      try {
        result.run = loadRun(out);
      } catch (error) {
        const said = `${String(finished.stderr ?? '')}`.trim().split('\n').slice(-3).join(' ');
        result.error = said || (error as Error).message;
        result.exitCode = 2;
      }
      results[index] = result;
      options.onDone?.(result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, jobs.length)) }, worker));
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
  return results.filter((result) => result !== undefined);
}
