/**
 * The commands' numeric options refuse what is not the whole number they take, naming the option (exit 2):
 * `start --jobs abc` and `matrix --seed x` used to pass NaN on, `run --workers 0` to mean one worker silently.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../adapter/package-root.js';
import { nonNegativeInteger, positiveInteger } from './number-options.js';

const cli = join(packageRoot(), 'dist/src/cli/main.js');

describe('numeric options', () => {
  test('the parsers: whole numbers in range pass through; anything else is refused with what it must be', () => {
    expect([nonNegativeInteger('0'), nonNegativeInteger('42'), positiveInteger('1'), positiveInteger('8')]).toEqual([0, 42, 1, 8]);
    for (const bad of ['', ' ', 'abc', '1.5', '-1', '1e400', 'NaN']) expect(() => nonNegativeInteger(bad), bad).toThrow('a non-negative integer');
    for (const bad of ['0', '-3', '2.5', 'x']) expect(() => positiveInteger(bad), bad).toThrow('a positive integer');
  });

  test.each([
    [['start', '--jobs', 'abc'], "error: option '--jobs <n>' argument 'abc' is invalid. a positive integer"],
    [['start', '--workers', '0'], "error: option '--workers <n>' argument '0' is invalid. a positive integer"],
    [['matrix', '--adapters', 'reference', '--seed', 'x'], "error: option '--seed <n>' argument 'x' is invalid. a non-negative integer"],
    [['run', '--adapter', 'reference', '--workers', '0'], "error: option '--workers <n>' argument '0' is invalid. a positive integer"],
  ])('%j is a usage error naming the option: exit 2, nothing run', async (args, message) => {
    const result = await execa('node', [cli, ...args], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(result.stdout).toBe('');
  });
});
