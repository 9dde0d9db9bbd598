/**
 * `didcomm-conformance replay BUNDLE [--adapter X]`: re-runs exactly the case of a repro bundle (same case
 * ID, same seed) against an adapter (default: the one that failed) and says whether the failure reproduced.
 * Exit codes: 0 the case passed this time, 1 it failed or errored again (reproduced), 2 usage or harness error.
 * Registered by register/replay.ts.
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AdapterNotFound } from '../../adapter/manifest.js';
import { runJob } from '../../runner/job.js';
import { RunSetupError } from '../../runner/run.js';
import type { ReproManifest } from '../../report/repro.js';
import { printable } from '../../report/terminal-text.js';
import { printJobEnd } from './job-output.js';
import { applyAdapterHeaders } from '../apply-adapter-headers.js';
import { isFuzzBundle, replayFuzzBundle } from '../../fuzz/replay.js';
import { preparationProblem, resolveAndPrepare } from './prepare-adapter.js';

async function replayFuzz(folder: string, adapter: string | undefined): Promise<void> {
  try {
    // A built adapter (Python, Rust, JVM) is built first when its build is not cached, as fuzz does.
    const outcome = await replayFuzzBundle(folder, adapter, (ref) => resolveAndPrepare(ref, process.stderr));
    for (const line of outcome.lines) process.stdout.write(printable(line) + '\n');
    process.exitCode = outcome.reproduced ? 1 : 0;
  } catch (error) {
    if (error instanceof AdapterNotFound) return usage(error.message);
    const problem = preparationProblem(error);
    if (problem) return usage(problem.message);
    throw error;
  }
}

function usage(message: string): void {
  process.stderr.write(printable(`didcomm-conformance replay: ${message}`) + '\n');
  process.exitCode = 2;
}

/** `replay`: the case of `bundle` again; exit 1 when its failure reproduces. */
export async function replayAction(bundle: string, options: { adapter?: string; out?: string; adapterHeader?: string[] }): Promise<void> {
  if (!applyAdapterHeaders('replay', options.adapterHeader)) return;
  // A fuzz finding's or disagreement's bundle replays its input (src/fuzz/replay.ts).
  const folder = existsSync(bundle) && statSync(bundle).isDirectory() ? bundle : join(bundle, '..');
  if (isFuzzBundle(folder)) return replayFuzz(folder, options.adapter);
  const file = existsSync(bundle) && statSync(bundle).isDirectory() ? join(bundle, 'repro.json') : bundle;
  if (!existsSync(file)) return usage(`no repro.json at ${file}`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as ReproManifest;
  const adapter = options.adapter ?? manifest.adapter.name;
  const suite = manifest.file.replace(/^suites\//, '');
  try {
    const job = await runJob({ adapter, suite, caseIds: [manifest.caseId], seed: manifest.seed, out: options.out ?? join(file, '..', 'replay') });
    const record = job.run.cases.find((c) => c.id === manifest.caseId);
    if (!record) return usage(`case ${manifest.caseId} did not run (was it renamed or removed?)`);
    const again = record.outcome === 'failed' || record.outcome === 'errored';
    process.stdout.write(printable(`${manifest.caseId} against ${adapter}: ${record.outcome}${record.reason ? ` — ${record.reason.split('\n')[0]}` : ''}`) + '\n');
    process.stdout.write(printable(again ? `reproduced (was ${manifest.observed.outcome})` : `did not reproduce (was ${manifest.observed.outcome}, now ${record.outcome})`) + '\n');
    printJobEnd(job, process.stdout, { fixList: false });
    process.exitCode = job.exitCode === 2 ? 2 : again ? 1 : 0;
  } catch (error) {
    if (error instanceof AdapterNotFound || error instanceof RunSetupError) return usage(error.message);
    throw error;
  }
}
