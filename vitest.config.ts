import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { LongestFirst } from './test/longest-first.js';
import { SHARED_GRAPH_GLOBS } from './test/shared-graph.js';

export default defineConfig({
  test: {
    // DIDCOMM_TEST_CPU_LOG=FILE: each file's wall and CPU time (its own and its child processes'), one line each.
    setupFiles: ['test/cpu-per-file.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most test files spend their time in processes they start (the CLI, adapters, compilers) or waiting
    // on them (live-matrix and live-fuzz: 70 s of wall for 19 s of CPU), not in the worker: one worker more
    // than the cores keeps the cores busy while a file waits. On 2 idle cores (a fresh clone, caches warm):
    // 2 workers 190.9 s, 3 workers 171.3 s, every test passing. On a machine loaded by other work (a load
    // average of 26) the third worker made the run tests whose windows are wall time (an interrupt sent once
    // the first case is recorded, within 30 s) miss them: there, `npm test -- --maxWorkers=2`.
    maxWorkers: availableParallelism() + 1,
    // Tests of a file marked concurrent (they wait on processes they start): at most two at once, so that a
    // file adds at most about one core to the machine's load.
    maxConcurrency: 2,
    // The longest files start first (test/longest-first.ts), also in a fresh clone with no cached durations.
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared-graph',
          // Unit tests of pure code (test/shared-graph.ts): one module graph per worker, since a process and a
          // module load per file cost them more CPU than their tests do.
          include: [...SHARED_GRAPH_GLOBS],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          // suites/ are conformance suites: they need an adapter and run through `didcomm-conformance run`
          // (src/runner/run.test.ts drives them against adapters/reference and adapters/faux).
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'adapters/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SHARED_GRAPH_GLOBS],
          // Tests that spawn the CLI or an adapter need dist/ built first; the shared-graph tests import sources.
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
