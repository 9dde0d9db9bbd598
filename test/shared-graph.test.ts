/**
 * The `shared-graph` project's files share a module graph per worker (vitest.config.ts, test/shared-graph.ts):
 * a test there that starts a process, mocks a module, changes process or global state or drives a module
 * that keeps process-wide state would leak into the files after it in the same worker, and pass or fail by
 * the order the files happened to run in. This fails on each such construct, naming the file and the line,
 * so that the file leaves the list and runs isolated.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { SHARED_GRAPH_FILES, SHARED_GRAPH_FOLDERS } from './shared-graph.js';

const root = join(import.meta.dirname, '..');

/** What a test in a shared module graph must not do, each with the reason shown on failure. */
const LEAKS: readonly [RegExp, string][] = [
  [/\bnode:child_process\b|\bfrom 'execa'|\bexeca\(/, 'starts a process'],
  [/\bvi\.(mock|doMock|spyOn|stubGlobal|stubEnv|useFakeTimers|setSystemTime)\b/, 'mocks or stubs (restored per file only when isolated)'],
  [/\bprocess\.env(\.\w+|\[[^\]]+\])\s*=[^=]|\bdelete process\.env\b/, 'changes the environment'],
  [/\bprocess\.(chdir|on|once|exitCode\s*=)\b/, 'changes process state'],
  [/\bglobalThis\.\w+\s*=[^=]/, 'changes a global'],
  [/from '[^']*(agent\/waits|adapter\/redact|transport\/http-headers|runner\/case)\.js'/, 'drives a module with process-wide state'],
];

/** The test files under `folder`, relative to the package root. */
function testFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.test.ts')).map((name) => join(folder, name));
}

describe('the shared-graph project shares module graphs safely', () => {
  test('its folders hold tests and its files exist', () => {
    for (const folder of SHARED_GRAPH_FOLDERS) expect(testFiles(folder).length, folder).toBeGreaterThan(0);
    expect(SHARED_GRAPH_FILES.filter((file) => !existsSync(join(root, file)))).toEqual([]);
  });

  test('no test in them starts a process, mocks, or changes process or global state', () => {
    const found: string[] = [];
    for (const file of [...SHARED_GRAPH_FOLDERS.flatMap(testFiles), ...SHARED_GRAPH_FILES]) {
      readFileSync(join(root, file), 'utf8').split('\n').forEach((line, index) => {
        for (const [pattern, why] of LEAKS) if (pattern.test(line)) found.push(`${file}:${index + 1} ${why}`);
      });
    }
    expect(found).toEqual([]);
  });
});
