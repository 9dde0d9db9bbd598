/**
 * The conformance suites type-check against the harness library (`npm run typecheck:suites`, tsc over suites/
 * and the src/ modules they import; vitest only strips their types). A test file rather than a step of
 * `npm test` before vitest: a fresh clone's cold check (about 9 s of CPU) runs beside the other files instead
 * of ahead of all of them.
 */
import { execa } from 'execa';
import { expect, test } from 'vitest';
import { packageRoot } from '../src/adapter/manifest.js';

test('suites/ type-check: tsc -p suites reports no error', { timeout: 180_000 }, async () => {
  const result = await execa('npm', ['run', 'typecheck:suites', '--silent'], { cwd: packageRoot(), reject: false });
  expect(`${result.stdout}${result.stderr}`).toBe('');
  expect(result.exitCode).toBe(0);
});
