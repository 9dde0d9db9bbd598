/**
 * Progress of a run. On an interactive terminal: one status line rewritten in place, with cases done out of
 * the total (when an earlier run of these suites counted them), an estimate of the time left, and the suite
 * files still running the longest (the live suites wait on loopback deadlines: naming them tells a wait from a
 * hang); a failure prints a line of its own only when it starts a new cause (the rest are counted, and grouped
 * at the end). In CI or when output is piped: plain lines, one per case.
 * No dependency: a line with `\r` and an erase-line sequence is all a status line needs.
 * @module
 */
import { causeKey } from './fix-list.js';
import { emptyTotals, type Totals } from './outcomes.js';
import type { CaseRecord } from './run-records.js';
import { printable } from './terminal-text.js';
import type { CaseCounts } from './case-counts.js';

/** True when the output should be a live status line. */
export function isInteractive(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env['CI'] && process.env['TERM'] !== 'dumb';
}

const MARK: Record<CaseRecord['outcome'], string> = { passed: '✔', failed: '✘', warning: '!', skipped: '-', errored: 'E' };

/** `95 s` -> `1m35s`. */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** What a progress line knows: counts so far, the expected total, the files still running. */
export class ProgressState {
  readonly totals: Totals = emptyTotals();
  readonly #expected: CaseCounts;
  readonly #files: readonly string[] | undefined;
  readonly #doneByFile = new Map<string, number>();
  readonly #lastByFile = new Map<string, number>();
  readonly #started: number;
  done = 0;

  /** `files`: the selected suite files, when known; `expected`: cases per file from an earlier run. */
  constructor(files: readonly string[] | undefined, expected: CaseCounts, started = Date.now()) {
    this.#files = files;
    this.#expected = expected;
    this.#started = started;
  }

  add(record: Pick<CaseRecord, 'file' | 'outcome'>, now = Date.now()): void {
    this.done += 1;
    this.totals[record.outcome] += 1;
    this.#doneByFile.set(record.file, (this.#doneByFile.get(record.file) ?? 0) + 1);
    this.#lastByFile.set(record.file, now);
  }

  /** The expected number of cases, when every selected file was counted before. */
  get total(): number | undefined {
    if (!this.#files || this.#files.length === 0 || this.#files.some((file) => this.#expected[file] === undefined)) return undefined;
    return this.#files.reduce((n, file) => n + this.#expected[file]!, 0);
  }

  /** Time left at the pace so far, when the total is known and a tenth of it is done. */
  remainingMs(now = Date.now()): number | undefined {
    const total = this.total;
    if (total === undefined || this.done < Math.max(3, total / 10) || this.done >= total) return undefined;
    return ((now - this.#started) / this.done) * (total - this.done);
  }

  /** Files started and not finished (by their counts), the one silent longest first: what the run waits on. */
  waitingOn(now = Date.now()): Array<{ file: string; done: number; of?: number; silentMs: number }> {
    const open = [...this.#doneByFile].filter(([file, done]) => this.#expected[file] === undefined || done < this.#expected[file]!);
    return open.map(([file, done]) => ({ file, done, ...(this.#expected[file] !== undefined ? { of: this.#expected[file] } : {}), silentMs: now - (this.#lastByFile.get(file) ?? now) }))
      .filter((entry) => entry.of !== undefined)
      .sort((a, b) => b.silentMs - a.silentMs);
  }

  /** The status line: `mine: 120/318 cases · 1m02s · ~1m40s left · ✔22 ✘60 … · waiting on transport/http-ws (8/12, 9s …)`. */
  line(label: string, now = Date.now()): string {
    const total = this.total;
    const counts = `✔${this.totals.passed} ✘${this.totals.failed} !${this.totals.warning} E${this.totals.errored} -${this.totals.skipped}`;
    const progress = total !== undefined ? `${this.done}/${total} cases` : `${this.done} cases (no total yet: this run counts them for the next)`;
    const left = this.remainingMs(now);
    const waiting = this.waitingOn(now).filter((entry) => entry.silentMs >= 3000).slice(0, 2)
      .map((entry) => `${entry.file.replace(/^suites\//, '').replace(/\.test\.ts$/, '')} (${entry.done}/${entry.of}, ${duration(entry.silentMs)} since its last case)`);
    return `${label}: ${progress} · ${duration(now - this.#started)}${left !== undefined ? ` · ~${duration(left)} left` : ''} · ${counts}${waiting.length ? ` · waiting on ${waiting.join(', ')}` : ''}`;
  }
}

/** Progress of one adapter's run on `stream`. */
export class RunProgress {
  readonly #label: string;
  readonly #stream: NodeJS.WriteStream;
  readonly #live: boolean;
  readonly #state: ProgressState;
  readonly #causes = new Set<string>();
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(label: string, state: ProgressState, stream: NodeJS.WriteStream = process.stdout) {
    this.#label = label;
    this.#stream = stream;
    this.#live = isInteractive(stream);
    this.#state = state;
    if (this.#live) {
      this.#timer = setInterval(() => this.#render(), 1000);
      this.#timer.unref();
    }
  }

  get live(): boolean {
    return this.#live;
  }

  /** Counts a finished case: a plain line in CI; on a terminal, a line only for a failure of a new cause. */
  onCase = (record: CaseRecord): void => {
    this.#state.add(record);
    if (!this.#live) {
      const known = record.knownIssue ? ` (known issue: ${record.knownIssue.key})` : '';
      const reason = record.reason && record.outcome !== 'passed' ? ` — ${record.reason.split('\n')[0]!.slice(0, 200)}` : '';
      this.#stream.write(printable(`${MARK[record.outcome]} ${record.outcome.padEnd(7)} ${record.id}${known}${reason}`) + '\n');
      return;
    }
    if ((record.outcome === 'failed' || record.outcome === 'errored') && !record.knownIssue) {
      const key = causeKey(record);
      if (!this.#causes.has(key)) {
        this.#causes.add(key);
        this.#clear();
        this.#stream.write(printable(`  ${MARK[record.outcome]} ${record.outcome} ${record.id}${record.reason ? ` — ${record.reason.split('\n')[0]!.slice(0, 160)}` : ''}`) + '\n');
      }
    }
    this.#render();
  };

  #render(): void {
    if (!this.#live) return;
    // A pseudo-terminal without a size (script, some CI runners) reports 0 columns: that is no width.
    const columns = this.#stream.columns || 100;
    this.#stream.write(`\r\u001b[2K${printable(this.#state.line(this.#label)).slice(0, columns - 1)}`);
  }

  #clear(): void {
    if (this.#live) this.#stream.write('\r\u001b[2K');
  }

  /** Stops the status line (the caller prints the summary next). */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#clear();
  }
}
