import { describe, expect, test } from 'vitest';
import { duration, ProgressState, RunProgress } from './progress.js';

describe('progress line', () => {
  const files = ['suites/a.test.ts', 'suites/live.test.ts'];

  test('with counts from an earlier run: done/total, time left at the pace so far, the file waited on', () => {
    const state = new ProgressState(files, { 'suites/a.test.ts': 8, 'suites/live.test.ts': 2 }, 0);
    for (let i = 0; i < 8; i += 1) state.add({ file: 'suites/a.test.ts', outcome: i < 6 ? 'passed' : 'failed' }, 1000 * (i + 1));
    state.add({ file: 'suites/live.test.ts', outcome: 'skipped' }, 9000);
    expect(state.total).toBe(10);
    // 9 cases in 20 s: one left, ~2 s; the live file has been silent for 11 s.
    expect(state.line('mine', 20_000)).toBe('mine: 9/10 cases · 20s · ~2s left · ✔6 ✘2 !0 E0 -1 · waiting on live (1/2, 11s since its last case)');
    expect(state.waitingOn(20_000).map((w) => w.file)).toEqual(['suites/live.test.ts']);
  });

  test('a first run of these suites has no total and claims no estimate', () => {
    const state = new ProgressState(files, {}, 0);
    state.add({ file: 'suites/a.test.ts', outcome: 'passed' }, 500);
    expect(state.total).toBeUndefined();
    expect(state.remainingMs(1000)).toBeUndefined();
    expect(state.line('mine', 65_000)).toBe('mine: 1 cases (no total yet: this run counts them for the next) · 1m05s · ✔1 ✘0 !0 E0 -0');
  });

  test('on a terminal the line is cut to its width; a pseudo-terminal reporting 0 columns keeps it whole', () => {
    const drawn = (columns: number): string => {
      const written: string[] = [];
      const stream = { isTTY: true, columns, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
      const progress = new RunProgress('mine', new ProgressState(files, {}, 0), stream);
      progress.onCase({ file: 'suites/a.test.ts', outcome: 'skipped' } as Parameters<RunProgress['onCase']>[0]);
      progress.stop();
      return written.filter((text) => text.includes('mine')).at(-1)!.replace('\r\u001b[2K', '');
    };
    const saved = { CI: process.env['CI'], TERM: process.env['TERM'] };
    delete process.env['CI'];
    process.env['TERM'] = 'xterm';
    try {
      expect(drawn(0)).toMatch(/ · ✔0 ✘0 !0 E0 -1$/);
      expect(drawn(20)).toBe('mine: 1 cases (no t');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('durations read as a person would say them', () => {
    expect(duration(999)).toBe('1s');
    expect(duration(95_000)).toBe('1m35s');
  });
});
