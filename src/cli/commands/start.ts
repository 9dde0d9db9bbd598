/**
 * `didcomm-conformance start` (`npm start`): the main job on a fresh clone. Every bundled adapter
 * (adapters/<name>/adapter.json, faux/ excluded, discovered, never listed here) through all suites, the
 * interop matrix between them (side by side with the runs once every adapter is prepared), then every report
 * over all runs in reports/latest/. Ends with where to open it.
 * Exit codes: 0 every failure is a known issue (adapter.json knownIssues; `interop.<feature>` for matrix
 * cells), 1 an unexpected failure, 2 harness trouble (a failed build among it). An adapter with a build
 * section is built first, one at a time while the others run; one whose toolchain is missing is left out
 * with the reason (summary.json, report.html, the matrix), which is not a failure. Registered by
 * register/start.ts.
 * @module
 */
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../adapter/package-root.js';
import { resolveAdapter } from '../../adapter/manifest.js';
import { OverlappedMatrix } from './overlapped-matrix.js';
import { runAdapterJobs } from '../../runner/adapter-jobs.js';
import { compareWithBaseline, readBaseline, type BaselineComparison, describeComparison } from '../../report/baseline.js';
import type { RunData } from '../../report/run-data.js';
import { printable } from '../../report/terminal-text.js';
import { writeReports } from '../../report/write-reports.js';
import { OUTCOMES } from '../../report/outcomes.js';
import { JobsTicker } from '../../report/jobs-ticker.js';
import { unexpectedCells, unexpectedLine, writeMatrix } from './matrix.js';
import { preparationProblem, resolveAndPrepare } from './prepare-adapter.js';
import { readCaseCounts, rememberCaseCounts, selectedSuiteFiles, suitesDigest } from '../../report/case-counts.js';
import { suiteGlobs } from '../../runner/run.js';
import type { AdapterNotRun } from '../../report/summary.js';
import { publishJob } from '../../site/publish-job.js';
import { applyAdapterHeaders } from '../apply-adapter-headers.js';
import { bundledAdapters } from '../bundled-adapters.js';
import { DEFAULT_JOBS, DEFAULT_RUN_WORKERS } from '../register/start.js';

/**
 * The `prepare` of start's adapter jobs: adapters with a build section are built (or found in the cache)
 * one at a time, since builds are CPU-bound, while adapters without one already run. A missing toolchain
 * leaves the adapter out; a failed build is a harness error with the log's tail.
 */
function oneBuildAtATime(clearProgress: () => void, interrupted: AbortSignal): (adapter: string) => Promise<{ skip?: string; error?: string }> {
  let queue: Promise<unknown> = Promise.resolve();
  // Build lines go to stdout; on a terminal the jobs ticker's lines are cleared first.
  const out = { write: (text: string) => {
    clearProgress();
    return process.stdout.write(`${printable(text.trimEnd())}\n`);
  } } as NodeJS.WritableStream;
  return (adapter) => {
    const prepared = queue.then(async () => {
      // Every preparation is queued at the start: once the job is interrupted, the builds not begun are not begun.
      if (interrupted.aborted) return { skip: 'not prepared: the job was interrupted' };
      try {
        await resolveAndPrepare(adapter, out);
        return {};
      } catch (error) {
        const problem = preparationProblem(error);
        if (!problem) throw error;
        if (problem.kind === 'toolchain') return { skip: problem.message };
        return { error: [problem.message, ...(problem.tail ?? []).map((line) => `  | ${line}`)].join('\n') };
      }
    });
    queue = prepared.catch(() => undefined);
    return prepared;
  };
}

/** `start`: every adapter through every suite, the matrix, the reports, certificates and the site. */
export async function startAction(options: { out?: string; adapters?: string; seed?: number; baseline?: string; matrix: boolean; jobs?: number; workers?: number; key?: string; adapterHeader?: string[] }): Promise<void> {
  // Checked here (the matrix runs in this process); each adapter's run gets the same lines and reads them itself.
  if (!applyAdapterHeaders('start', options.adapterHeader)) return;
  const started = Date.now();
  const root = packageRoot();
  const out = options.out ?? join(process.cwd(), 'reports', 'latest');
  const adapters = options.adapters ? options.adapters.split(',').map((a) => a.trim()).filter(Boolean) : bundledAdapters(root);
  const seed = options.seed ?? 1;
  rmSync(out, { recursive: true, force: true });
  process.stdout.write(`didcomm-conformance: ${adapters.length} adapters (${adapters.join(', ')}), seed ${seed}, output ${relative(process.cwd(), out) || '.'}\n`);
  const baseline = options.baseline ? readBaseline(options.baseline) : undefined;
  const runs: RunData[] = [];
  const comparisons = new Map<string, BaselineComparison>();
  let exitCode: 0 | 1 | 2 = 0;
  const jobs = adapters.map((adapter) => ({ adapter, out: join(out, 'runs', adapter.replace(/[^A-Za-z0-9._-]/g, '_')) }));
  // Adapters run side by side, each in its own process (src/runner/adapter-jobs.ts): live cases mostly wait.
  const digest = suitesDigest(root);
  const ticker = new JobsTicker(jobs, { files: selectedSuiteFiles(root, suiteGlobs('**')) ?? [], counts: readCaseCounts(digest) });
  const notRun: AdapterNotRun[] = [];
  // Every adapter is prepared (built, or found in the cache) in order, one build at a time, while the runs go on.
  const interruption = new AbortController();
  const interrupt = (): void => interruption.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const prepareOne = oneBuildAtATime(() => ticker.clear(), interruption.signal);
  const preparations = new Map(adapters.map((adapter) => [adapter, prepareOne(adapter)] as const));
  // Made ahead of the job that awaits it: a preparation that throws (not a missing toolchain or a failed build,
  // which it reports) must reach that job as before, not end the process first as an unhandled rejection.
  for (const preparation of preparations.values()) preparation.catch(() => undefined);
  // An adapter reached by URL is one agent: its run resets it and imports parties case after case, and so
  // would the matrix's pairs, so with one in the job the matrix waits for the runs instead of overlapping them.
  let runsDone!: () => void;
  const afterRuns = new Promise<void>((resolve) => { runsDone = resolve; });
  const oneAgent = adapters.some((adapter) => { try { return resolveAdapter(adapter, root).target.kind === 'http'; } catch { return false; } });
  const matrix = options.matrix ? new OverlappedMatrix(adapters, preparations, { out, seed, ...(oneAgent ? { after: afterRuns } : {}) }) : undefined;
  const results = await runAdapterJobs(jobs, {
    root, seed, concurrency: options.jobs ?? DEFAULT_JOBS, workers: options.workers ?? DEFAULT_RUN_WORKERS, adapterHeaders: options.adapterHeader ?? [],
    prepare: (adapter) => preparations.get(adapter)!,
    onStart: (adapter) => ticker.started(adapter),
    onDone: (result) => {
      ticker.finished(result.adapter);
      if (result.skipped !== undefined) {
        notRun.push({ adapter: result.adapter, outcome: 'skipped', reason: result.skipped });
        process.stdout.write(printable(`${result.adapter}: left out: ${result.skipped}`) + '\n');
        return;
      }
      if (!result.run) {
        if (result.error !== undefined) notRun.push({ adapter: result.adapter, outcome: 'errored', reason: result.error });
        process.stdout.write(printable(`${result.adapter}: could not run: ${result.error ?? 'no records'}`) + '\n');
        return;
      }
      const { totals, cases } = result.run;
      const known = cases.filter((c) => (c.outcome === 'failed' || c.outcome === 'errored') && c.knownIssue).length;
      const harness = result.run.footer?.harnessErrors ?? [];
      process.stdout.write(printable(`${result.adapter}: ${OUTCOMES.map((o) => `${totals[o]} ${o}`).join(', ')}${known ? ` (${known} known issues)` : ''}${harness.length ? `, ${harness.length} harness errors` : ''} in ${(result.durationMs / 1000).toFixed(0)} s`) + '\n');
      for (const c of cases) if ((c.outcome === 'failed' || c.outcome === 'errored') && !c.knownIssue) process.stdout.write(printable(`  ✘ ${c.outcome} ${c.id}${c.reason ? ` — ${c.reason.split('\n')[0]!.slice(0, 160)}` : ''}`) + '\n');
      for (const error of harness) process.stdout.write(printable(`  harness error: ${error}`) + '\n');
    },
  }).finally(runsDone);
  for (const result of results) {
    if (result.skipped !== undefined) continue;
    if (!result.run) {
      exitCode = 2;
      continue;
    }
    runs.push(result.run);
    if (result.run.footer && !result.run.footer.interrupted) rememberCaseCounts(digest, result.run.cases);
    let code = (Math.min(2, Math.max(0, result.exitCode)) as 0 | 1 | 2);
    if (baseline && options.baseline) {
      const comparison = compareWithBaseline(result.run, baseline, options.baseline);
      comparisons.set(result.run.header.adapter.name, comparison);
      code = code === 2 ? 2 : comparison.exitCode;
      for (const line of describeComparison(comparison)) process.stdout.write(printable(line) + '\n');
    }
    exitCode = Math.max(exitCode, code) as 0 | 1 | 2;
  }
  ticker.stop();
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  // An adapter left out (its toolchain is missing, its build failed) is not an interruption: the matrix goes on without it.
  const leftOut = new Set(notRun.map((entry) => entry.adapter));
  const interrupted = results.length < adapters.length || results.some((r) => !leftOut.has(r.adapter) && (!r.run?.footer || r.run.footer.interrupted));
  if (interrupted) exitCode = 2;
  const result = interrupted ? await matrix?.abandon() : await matrix?.finish();
  if (result) {
    // Left out of the matrix (their preparation failed) or not run (their run crashed): the summary says which.
    if (notRun.length > 0) result.leftOut = notRun.map(({ adapter, reason }) => ({ adapter, reason }));
    writeMatrix(result, out);
    const unexpected = unexpectedCells(result);
    for (const cell of unexpected) process.stdout.write(`  ${unexpectedLine(cell)}\n`);
    if (unexpected.length > 0) exitCode = Math.max(exitCode, 1) as 0 | 1 | 2;
  }
  const written = writeReports(runs, out, comparisons, notRun);
  for (const entry of notRun) process.stdout.write(printable(`not run: ${entry.adapter} (${entry.outcome}): ${entry.reason.split('\n')[0]}`) + '\n');
  for (const entry of written.repro.slice(0, 10)) process.stdout.write(printable(`repro ${entry.adapter} ${entry.caseId}: ${entry.command}`) + '\n');
  if (written.repro.length > 10) process.stdout.write(`... ${written.repro.length - 10} more repro commands in summary.json\n`);
  // A certificate per finished run and the results site over the whole job (src/site/publish-job.ts).
  const published = await publishJob(interrupted ? [] : runs, out, { root, ...(options.key ? { keyFile: options.key } : {}) });
  for (const line of published.lines) process.stdout.write(printable(line) + '\n');
  if (published.failed) exitCode = 2;
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${exitCode}\n`);
  process.stdout.write(`open the report: ${pathToFileURL(written.html).href}\n`);
  if (options.matrix) process.stdout.write(`interop matrix:  ${pathToFileURL(join(out, 'matrix.html')).href}\n`);
  if (published.site) process.stdout.write(`results site:    ${pathToFileURL(published.site.index).href}\n`);
  process.exitCode = exitCode;
}

