/**
 * The bench scripts' command lines (bench/support/args.ts): a mistyped option or a bad value is one line on
 * stderr naming it, with the usage, exit 2 and no stack trace; `--help` prints the usage. Compiled scripts.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../src/adapter/manifest.js';

const bench = (script: string, args: string[]) => execa('node', [join(packageRoot(), 'dist/bench', script), ...args], { reject: false });

describe('bench command lines', () => {
  test('an unknown option is refused by name (not ignored, not a stack trace): exit 2', async () => {
    const result = await bench('hostile-adapters.js', ['--jsn']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("hostile-adapters: Unknown option '--jsn' (usage: node dist/bench/hostile-adapters.js [--json] [faux names...])");
  });

  test('a value that is not a whole number is refused naming the option and the value: exit 2', async () => {
    const result = await bench('load.js', ['--messages', '10k']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^load: --messages takes a whole number >= 1, not "10k" \(usage: node dist\/bench\/load\.js \[--messages N\].*\)$/);
  });

  test('--help prints the usage and exits 0 without running the bench', async () => {
    const result = await bench('cross-language.js', ['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('usage: node dist/bench/cross-language.js [--quick] [--json] [--adapters a,b] [--out DIR]');
  });
});
