/**
 * Interrupted runs (issue 10, item 6): a run killed midway, by SIGINT or by SIGKILL, leaves a valid
 * run.jsonl prefix with every case it completed (SIGINT also writes an interrupted footer), which
 * `didcomm-conformance report DIR` renders; and no adapter process of the run is left behind.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { readRunRecords, type CaseRecord } from '../report/run-records.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');

/** faux/hang with a 300 ms deadline and a unique tag in its argv (to find its processes). */
function taggedHang(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'faux-hang-'));
  const manifest = JSON.parse(readFileSync(join(root, 'adapters/faux/hang/adapter.json'), 'utf8')) as { transport: { args: string[] }; limits: Record<string, number> };
  manifest.transport.args[0] = join(root, 'dist/adapters/faux/main.js');
  manifest.transport.args.push('--tag', tag);
  manifest.limits['deadlineMs'] = 300;
  writeFileSync(join(dir, 'adapter.json'), JSON.stringify(manifest));
  return dir;
}

function tagged(tag: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(tag));
}

async function settled(tag: string, ms = 5000): Promise<string[]> {
  let left = tagged(tag);
  for (let waited = 0; left.length > 0 && waited < ms; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = tagged(tag);
  }
  return left;
}

// The two runs are independent processes found by their own tags, and mostly wait (a 300 ms deadline per case):
// side by side, not one after the other.
describe.concurrent.each(['SIGINT', 'SIGKILL'] as const)('a run killed by %s', (signal) => {
  test('keeps a valid prefix with every completed case, renders with `report DIR`, leaves no adapter behind', { timeout: 60_000 }, async () => {
    const tag = `interrupt-${signal}-${randomBytes(6).toString('hex')}`;
    const out = mkdtempSync(join(tmpdir(), `didcomm-${signal}-`));
    const file = join(out, 'run.jsonl');
    const child = execa('node', [cli, 'run', '--adapter', taggedHang(tag), '--suite', 'plaintext', '--out', out, '--json'], { cwd: root, reject: false });
    const cases = (): number => (existsSync(file) ? readFileSync(file, 'utf8').split('"type":"case"').length - 1 : 0);
    for (let waited = 0; cases() < 2 && waited < 40_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cases()).toBeGreaterThanOrEqual(2);
    child.kill(signal);
    const result = await child;
    const { records, errors } = readRunRecords(file);
    expect(errors).toEqual([]);
    expect(records[0]?.type).toBe('header');
    const kept = records.filter((r): r is CaseRecord => r.type === 'case');
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(7);
    if (signal === 'SIGINT') {
      expect(records.at(-1)).toMatchObject({ type: 'footer', interrupted: true });
      expect(result.exitCode).toBe(2);
    } else {
      expect(records.some((r) => r.type === 'footer')).toBe(false);
      expect(result.signal).toBe('SIGKILL');
    }
    const rendered = join(out, 'rendered');
    const report = await execa('node', [cli, 'report', out, '--out', rendered], { cwd: root, reject: false });
    expect(report.exitCode, report.stderr).toBe(0);
    const html = readFileSync(join(rendered, 'report.html'), 'utf8');
    for (const record of kept) expect(html).toContain(record.id);
    const summary = JSON.parse(readFileSync(join(rendered, 'summary.json'), 'utf8')) as unknown;
    expect(JSON.stringify(summary)).toContain(kept[0]!.id.split('.')[0]!);
    expect(readFileSync(join(rendered, 'junit.xml'), 'utf8').match(/<testcase /g)?.length).toBe(kept.length);
    expect(await settled(tag)).toEqual([]);
  });
});
