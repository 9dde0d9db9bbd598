/**
 * A conformance run: resolve the adapter, shake hands with it, then let vitest run the suites with the
 * adapter as a parameter, streaming one record per case to `reports/<run-id>/run.jsonl`.
 *
 * Exit codes: 0 every case passed, warned or was skipped (or failed/errored under a known issue);
 * 1 a case failed or errored; 2 usage or harness error (unknown adapter, adapter that cannot start or
 * describe itself, a suite that does not load, an interrupted run).
 * @module
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { randomBytes, randomInt } from 'node:crypto';
import { packageRoot, resolveAdapter, type ResolvedAdapter } from '../adapter/manifest.js';
import { AdapterSession } from '../adapter/session.js';
import { RunRecordWriter, type CaseRecord, type RunHeader } from '../report/run-records.js';
import { RunRecordReporter } from '../report/vitest-reporter.js';
import type { Totals } from '../report/outcomes.js';
import { folderDigest, harnessIdentity, registryIdentity } from './header.js';
import type { ProfileName } from '../spec/profiles.js';
import type { RunContext } from './run-context.js';
import { profileVerdicts, type ProfileResult } from './verdicts.js';
import { SessionHost } from './session-host.js';
import { suiteModuleCacheDir } from './suite-module-cache.js';

export interface RunOptions {
  /** NAME (under adapters/), PATH (adapter.json or its folder) or URL. */
  adapter: string;
  profile?: ProfileName;
  /** Suites to run, relative to suites/: a folder (`plaintext`) or a glob (`plaintext/*.test.ts`). Default all. */
  suite?: string;
  /** `i/n`: run the i-th of n slices of the suite files. */
  shard?: string;
  /** Output folder; default reports/<run-id> under the working directory (never inside the harness's package). */
  out?: string;
  /** The run's id (default: newRunId()); a caller that must know the folder before the run ends sets it. */
  runId?: string;
  seed?: number;
  /** The reference side's fixed time (epoch seconds) for the whole run; default: the start of the run. */
  clock?: number;
  /** Per-case timeout of vitest, a backstop behind the per-call deadlines. Default 120 s. */
  caseTimeoutMs?: number;
  /** Called after each case record is written. */
  onCase?: (record: CaseRecord) => void;
  /** Only these case IDs (replay of one case, retries of failed ones). */
  caseIds?: readonly string[];
  /** Suite files run at once (vitest workers, each with its own adapter process); default one per core (workersFor). */
  workers?: number;
}

export interface RunSummary {
  runId: string;
  runFile: string;
  adapter: string;
  totals: Totals;
  /** Failed or errored cases not covered by a known issue. */
  unexpected: number;
  interrupted: boolean;
  harnessErrors: string[];
  /** One verdict per profile, as in the footer. */
  profiles: Record<string, ProfileResult>;
  exitCode: 0 | 1 | 2;
}

/** The run could not start: the CLI prints it with its hint and exits 2. */
export class RunSetupError extends Error {
  override readonly name = 'RunSetupError';
  readonly hint: string;

  constructor(message: string, hint: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.hint = hint;
  }
}

/** Runs the suites against one adapter. */
export async function runConformance(options: RunOptions): Promise<RunSummary> {
  const root = packageRoot();
  const adapter = resolveAdapter(options.adapter, root);
  const opened = await handshake(adapter);
  const description = opened.description;
  const runId = options.runId ?? newRunId();
  const dir = options.out ?? join(process.cwd(), 'reports', runId);
  mkdirSync(dir, { recursive: true });
  // One run per folder: records of an earlier run in the same --out would make the file unreadable.
  rmSync(join(dir, 'run.jsonl'), { force: true });
  const writer = new RunRecordWriter(join(dir, 'run.jsonl'));
  const seed = options.seed ?? randomInt(0, 2 ** 31);
  const clock = options.clock ?? Math.floor(Date.now() / 1000);
  const suites = options.suite ?? '**';
  const header: RunHeader = {
    type: 'header',
    format: 1,
    runId,
    startedAt: new Date().toISOString(),
    harness: harnessIdentity(root),
    adapter: {
      name: adapter.name,
      transport: adapter.target.kind,
      ...(adapter.manifestPath ? { manifestPath: adapter.manifestPath } : {}),
      declared: adapter.manifest.implementation,
      described: description.implementation,
      capabilities: description.capabilities,
      protocolVersion: description.protocolVersion,
    },
    vectors: { path: 'vectors', digest: folderDigest(join(root, 'vectors')) },
    suites: { digest: folderDigest(join(root, 'suites'))! },
    registry: registryIdentity(),
    seed,
    clock,
    selection: { suites, ...(options.profile ? { profile: options.profile } : {}), ...(options.shard ? { shard: options.shard } : {}) },
    node: process.version,
  };
  const reporter = new RunRecordReporter(writer, header, root, options.onCase, options.caseIds);
  // The handshake's adapter process serves the suites too: workers lease it from the host.
  const sessions = await SessionHost.start(adapter.target, adapter.limits, adapter.manifest.isolation ?? 'reset', opened);
  const quietMs = adapter.manifest.limits?.quietMs;
  const context: RunContext = {
    adapterName: adapter.name,
    target: adapter.target,
    limits: adapter.limits,
    sessions: sessions.address,
    ...(quietMs === undefined ? {} : { quietMs }),
    knownIssues: (adapter.manifest.knownIssues ?? {}) as RunContext['knownIssues'],
    seed,
    clock,
    ...(options.profile ? { profile: options.profile } : {}),
  };
  // Registered before vitest starts: vitest exits the process shortly after SIGINT/SIGTERM, so the footer is
  // written synchronously here; every case record is already on disk.
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
    reporter.writeFooter(true);
    process.exitCode = 2;
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  const moduleCache = suiteModuleCacheDir(root);
  try {
    // Loaded here, not at import: every CLI command loads this module, and only `run` needs vitest (~0.3 s).
    const { startVitest } = await import('vitest/node');
    const vitest = await startVitest('test', [], {
      config: false,
      root,
      watch: false,
      include: suiteGlobs(suites),
      reporters: [reporter],
      provide: { conformanceRun: context },
      pool: 'forks',
      // A worker runs its suite files in one module graph (no worker or module load per file) and leases one
      // adapter process for them all; one worker per core by default (workersFor). An HTTP adapter is one shared agent: one worker.
      isolate: false,
      maxWorkers: workersFor(adapter.target.kind, options.workers),
      fileParallelism: workersFor(adapter.target.kind, options.workers) > 1,
      testTimeout: options.caseTimeoutMs ?? 120_000,
      hookTimeout: 60_000,
      passWithNoTests: false,
      ...(moduleCache ? { experimental: { fsModuleCache: true, fsModuleCachePath: moduleCache } } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.caseIds ? { testNamePattern: caseIdPattern(options.caseIds) } : {}),
      // The harness library the suites import is already compiled: loaded by Node from dist/ as is, only the
      // suites themselves go through vite's TypeScript transform (which took seconds of every run's start).
      server: { deps: { external: [COMPILED_LIBRARY] } },
    }, { resolve: { alias: [{ find: SOURCE_IMPORT, replacement: '$1dist/src/' }] } });
    await vitest.close();
  } finally {
    await sessions.close();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    reporter.writeFooter(interrupted);
    writer.close();
  }
  // vitest sets process.exitCode for failed tests; the run's own exit code is decided below.
  process.exitCode = undefined;
  const exitCode = interrupted || reporter.harnessErrors.length > 0 ? 2 : reporter.unexpected > 0 ? 1 : 0;
  return {
    runId,
    runFile: writer.path,
    adapter: adapter.name,
    totals: reporter.totals,
    unexpected: reporter.unexpected,
    interrupted,
    harnessErrors: reporter.harnessErrors,
    profiles: profileVerdicts(reporter.verdictInputs, header.selection),
    exitCode,
  };
}

/** A suite's import of the harness library (`../../src/runner/case.js`), to be taken from dist/src/ instead. */
const SOURCE_IMPORT = /^((?:\.\.\/)+)src\//;
/** The compiled harness library, loaded natively by the worker. */
const COMPILED_LIBRARY = /\/dist\/src\//;

/** A fresh run id: the start time and 6 random hex digits (`2026-01-01T00-00-00-000Z-a1b2c3`). */
export function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

/** Matches the vitest names (`<case-id>: <title>`) of exactly `ids`. */
export function caseIdPattern(ids: readonly string[]): RegExp {
  return new RegExp(`^(?:${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}): `);
}

/**
 * The include globs for `--suite`: a comma-separated list of folders (`transport,routing`) or globs ending
 * in .ts; commas inside a brace group (`envelope/{signed,nesting}.test.ts`) belong to the glob.
 */
export function suiteGlobs(selection: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selection) {
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    if (char === '{') depth++;
    if (char === '}') depth = Math.max(0, depth - 1);
    current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean)
    .map((suite) => (suite.endsWith('.ts') ? `suites/${suite}` : `suites/${suite}/**/*.test.ts`));
}

/**
 * Default suite files at once: one per core, at most this many. A run mostly waits on the wire (quiet windows,
 * the transport faults' deliberate delays), so a second worker overlaps those waits with another file's work
 * (issue 17); each worker holds an adapter process of its own, which is why there is a cap.
 */
const DEFAULT_WORKERS_CAP = 4;

/** Suite files at once: `--workers`, else one per core (capped); always one for an HTTP adapter (one shared agent). */
export function workersFor(kind: ResolvedAdapter['target']['kind'], workers: number | undefined): number {
  if (kind === 'http') return 1;
  return Math.max(1, workers ?? Math.min(availableParallelism(), DEFAULT_WORKERS_CAP));
}

/** Starts the adapter and asks it to describe itself; the session goes on to serve the suites. */
async function handshake(adapter: ResolvedAdapter): Promise<AdapterSession> {
  try {
    return await AdapterSession.open(adapter.target, adapter.limits);
  } catch (error) {
    const hint = (error as { hint?: string }).hint ?? 'run `didcomm-conformance adapter check` on it for details';
    throw new RunSetupError(`adapter ${adapter.name} did not complete the describe handshake: ${(error as Error).message}`, hint, error);
  }
}
