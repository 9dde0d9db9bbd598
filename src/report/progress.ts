/**
 * Progress for long jobs: on an interactive terminal one status line rewritten in place (counts per
 * outcome, the current case); in CI or when output is piped, plain lines only, one per finished step.
 * No dependency: a single line with `\r` and an erase-line sequence is all a status line needs, and a
 * plain fallback is what CI logs want anyway.
 * @module
 */
import { emptyTotals, type Totals } from './outcomes.js';
import type { CaseRecord } from './run-records.js';
import { printable } from './terminal-text.js';

/** True when the output should be a live status line. */
export function isInteractive(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env['CI'] && process.env['TERM'] !== 'dumb';
}

/** A status line for one adapter's run. */
export class RunProgress {
  readonly #label: string;
  readonly #stream: NodeJS.WriteStream;
  readonly #live: boolean;
  readonly #totals: Totals = emptyTotals();
  #count = 0;
  #last = 0;

  constructor(label: string, stream: NodeJS.WriteStream = process.stdout) {
    this.#label = label;
    this.#stream = stream;
    this.#live = isInteractive(stream);
  }

  /** Counts a finished case; prints failures as lines of their own in both modes. */
  onCase = (record: CaseRecord): void => {
    this.#count += 1;
    this.#totals[record.outcome] += 1;
    if ((record.outcome === 'failed' || record.outcome === 'errored') && !record.knownIssue) {
      this.#clear();
      this.#stream.write(printable(`  ✘ ${record.outcome} ${record.id}${record.reason ? ` — ${record.reason.split('\n')[0]!.slice(0, 160)}` : ''}`) + '\n');
    }
    const now = Date.now();
    if (this.#live && now - this.#last > 80) {
      this.#last = now;
      const columns = this.#stream.columns ?? 100;
      this.#stream.write(`\r\u001b[2K${printable(`${this.#label}: ${this.#count} cases ✔${this.#totals.passed} ✘${this.#totals.failed} E${this.#totals.errored} -${this.#totals.skipped}  ${record.id}`).slice(0, columns - 1)}`);
    }
  };

  #clear(): void {
    if (this.#live) this.#stream.write('\r\u001b[2K');
  }

  /** Ends the status line with a summary line. */
  done(summary: string): void {
    this.#clear();
    this.#stream.write(printable(`${this.#label}: ${summary}`) + '\n');
  }
}
