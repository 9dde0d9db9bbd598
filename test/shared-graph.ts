/**
 * The test files that share one module graph per vitest worker (vitest.config.ts, project `shared-graph`):
 * tests that call pure code, start no process, mock nothing and change no module or process state, so that
 * a file cannot see what an earlier file in the same worker did. Everything else is `isolated` (a process
 * and a module load per file), the safe default for a new file. Sharing saves that start-up: these 52 files
 * took 30-33 s of CPU and 16-17 s of wall isolated, 15-17 s and 8-9 s shared, on 2 cores (issue 17).
 * test/shared-graph.test.ts fails when a file listed here starts to do what would leak.
 *
 * Left isolated on purpose, although they start no process: src/agent (its tests move the measured quiet
 * window, src/agent/waits.ts), src/adapter/redact.test.ts (the process-wide secret registry),
 * src/report/progress.test.ts (sets the environment), test/wire-asked-curve.test.ts (the case runner's
 * session) and the tests of adapters' live agents (loopback servers of a third-party library).
 */

/** Folders of the library's pure code, every test file in them. */
export const SHARED_GRAPH_FOLDERS = ['src/crypto', 'src/did', 'src/didcomm', 'src/encoding', 'src/schema', 'src/vectors'] as const;

/** Single files elsewhere, each checked to touch no shared state. */
export const SHARED_GRAPH_FILES = [
  'src/adapter/protocol/v1/types.test.ts',
  'src/adapter/sdk/capability-probe.test.ts',
  'src/adapter/sdk/dispatcher.test.ts',
  'src/certify/signing-key.test.ts',
  'src/cli/commands/matrix-known-issues.test.ts',
  'src/fuzz/fuzz.test.ts',
  'src/fuzz/shrink.test.ts',
  'src/matrix/feature-on-wire.test.ts',
  'src/matrix/live-exchange.test.ts',
  'src/matrix/live-wire.test.ts',
  'src/matrix/one-agent-at-a-time.test.ts',
  'src/report/coverage-view.test.ts',
  'src/report/fix-list.test.ts',
  'src/report/run-records.test.ts',
  'src/report/verdicts.test.ts',
  'src/runner/applicability.test.ts',
  'src/runner/capability-rules.test.ts',
  'src/runner/silence.test.ts',
  'src/site/throughput.test.ts',
  'src/spec/requirements.test.ts',
  'src/spec/verdict-rule.test.ts',
  'src/spec/warn-only.test.ts',
] as const;

/** The include globs of the `shared-graph` project (the `isolated` project excludes them). */
export const SHARED_GRAPH_GLOBS: readonly string[] = [...SHARED_GRAPH_FOLDERS.map((folder) => `${folder}/**/*.test.ts`), ...SHARED_GRAPH_FILES];
