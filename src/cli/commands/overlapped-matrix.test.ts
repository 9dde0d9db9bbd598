/**
 * start's matrix beside the runs: it waits for every adapter's preparation, pairs only those ready, holds its
 * lines until `finish` (then header, held pairs, the rest), `abandon` before the preparations are done runs
 * no pair at all, and with `after` it waits for that too. Real reference adapter processes over loopback.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { OverlappedMatrix } from './overlapped-matrix.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the matrix writes to stdout meanwhile. */
function captureStdout(): string[] {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return written;
}

describe('the matrix side by side with start\'s runs', { timeout: 120_000 }, () => {
  test('pairs the adapters whose preparation succeeded; prints nothing until finish, then the header with who was left out and every pair', async () => {
    const out = mkdtempSync(join(tmpdir(), 'overlapped-matrix-'));
    let ready!: (value: object) => void;
    const preparations = new Map<string, Promise<{ skip?: string; error?: string }>>([
      ['reference', new Promise((resolve) => { ready = resolve; })],
      ['needs-zig', Promise.resolve({ skip: 'no Zig' })],
    ]);
    const written = captureStdout();
    const matrix = new OverlappedMatrix(['reference', 'needs-zig'], preparations, { out, seed: 3, live: false });
    ready({});
    // The pair runs while "the runs" go on; nothing reaches the terminal before finish.
    await vi.waitFor(() => expect(existsSync(join(out, 'evidence', 'reference__reference'))).toBe(true), { timeout: 60_000, interval: 50 });
    expect(written).toEqual([]);
    const result = await matrix.finish();
    expect(written[0]).toBe('interop matrix: 1 ordered pairs (left out: needs-zig)\n');
    expect(written.slice(1)).toEqual([expect.stringMatching(/^ {2}✔ reference → reference: \d+\/\d+ envelope/)]);
    expect(result?.pairs.map((pair) => `${pair.sender}>${pair.receiver}`)).toEqual(['reference>reference']);
    expect(result?.pairs[0]!.cells.filter((cell) => cell.status === 'pass').length).toBeGreaterThan(0);
  });

  test('abandoned before every adapter is prepared (the runs were interrupted): no pair runs, no result', async () => {
    const out = mkdtempSync(join(tmpdir(), 'overlapped-matrix-'));
    let ready!: (value: object) => void;
    const preparations = new Map<string, Promise<{ skip?: string; error?: string }>>([['reference', new Promise((resolve) => { ready = resolve; })]]);
    const written = captureStdout();
    const matrix = new OverlappedMatrix(['reference'], preparations, { out, seed: 3, live: false });
    const abandoned = matrix.abandon();
    ready({});
    expect(await abandoned).toBeUndefined();
    expect(existsSync(join(out, 'evidence'))).toBe(false);
    expect(written).toEqual([]);
  });

  test('with `after` (an adapter reached by URL is in the job: one agent its run is using), no pair starts before the runs end', async () => {
    const out = mkdtempSync(join(tmpdir(), 'overlapped-matrix-'));
    let runsDone!: () => void;
    const after = new Promise<void>((resolve) => { runsDone = resolve; });
    captureStdout();
    const matrix = new OverlappedMatrix(['reference'], new Map([['reference', Promise.resolve({})]]), { out, seed: 3, live: false, after });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(existsSync(join(out, 'evidence'))).toBe(false);
    runsDone();
    const result = await matrix.finish();
    expect(result?.pairs.map((pair) => `${pair.sender}>${pair.receiver}`)).toEqual(['reference>reference']);
  });
});
