import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // suites/ are conformance suites: they need an adapter and run through `didcomm-conformance run`
    // (src/runner/run.test.ts drives them against adapters/reference and adapters/faux).
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'adapters/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
