/**
 * `report DIR` on what an interrupted or killed run leaves (newcomer report, issue 19): a run.jsonl whose
 * last line was cut off mid-write renders all the complete records and says which line it left out; a file
 * that is no run.jsonl at all is named as such by `report` and `diff`, not with the schema's list of errors.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../../adapter/manifest.js';

const cli = join(packageRoot(), 'dist/src/cli/main.js');

describe('report on a torn run.jsonl', () => {
  test('the last line cut off: exit 0, report.html with every complete case, a note naming the line', { timeout: 180_000 }, async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'report-cli-'));
    const ran = await execa('node', [cli, 'run', '--adapter', 'reference', '--suite', 'plaintext', '--out', 'run', '--no-reports', '--json'], { cwd, reject: false });
    expect(ran.exitCode, ran.stderr).toBe(0);
    const file = join(cwd, 'run', 'run.jsonl');
    // Killed while writing a case: the footer never came and the last case stops mid-record.
    const lines = readFileSync(file, 'utf8').trim().split('\n').filter((line) => !line.startsWith('{"type":"footer"'));
    const last = lines.pop()!;
    writeFileSync(file, `${lines.join('\n')}\n${last.slice(0, Math.floor(last.length / 2))}`);
    const result = await execa('node', [cli, 'report', join(cwd, 'run')], { reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(`note: ${join(cwd, 'run')}/run.jsonl: line ${lines.length + 1} was cut off mid-write and is left out`);
    expect(result.stdout).toBe(`report: file://${join(cwd, 'run', 'report.html')}\n`.trimEnd());
    const html = readFileSync(join(cwd, 'run', 'report.html'), 'utf8');
    expect(html).toContain(`line ${lines.length + 1}, a killed write`);
    const kept = lines.slice(1).map((line) => (JSON.parse(line) as { id: string }).id);
    expect(kept.length).toBeGreaterThan(3);
    for (const id of kept) expect(html).toContain(id);
    expect(existsSync(join(cwd, 'run', 'summary.json'))).toBe(true);
  });

  test.each([['report'], ['diff']])('%s of a file that is no run.jsonl: exit 2, one line saying so', async (command) => {
    const file = join(mkdtempSync(join(tmpdir(), 'report-cli-')), 'other.jsonl');
    writeFileSync(file, '{"a": 1}\n');
    const result = await execa('node', [cli, command, file, ...(command === 'diff' ? [file] : [])], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`didcomm-conformance ${command}: ${file} is not a run.jsonl: its first line is not a run header (a run writes run.jsonl into its output folder)`);
  });
});
