/**
 * Progress of adapter runs that go on in other processes (`start`), read from the run.jsonl each one is
 * writing: on a terminal one line per running adapter, redrawn in place every second (cases done out of the
 * total when an earlier run counted them, an estimate of the time left, the suite file it has waited on
 * longest); in CI a plain line per running adapter every 30 s.
 * @module
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseCounts } from './case-counts.js';
import { isInteractive, ProgressState } from './progress.js';
import type { CaseRecord } from './run-records.js';
import { printable } from './terminal-text.js';

/** A run.jsonl being written by another process, read as it grows. */
class GrowingRunFile {
  readonly #file: string;
  #offset = 0;
  #partial = '';

  constructor(file: string) {
    this.#file = file;
  }

  /** The case records appended since the last call (complete lines only). */
  newCases(): Array<Pick<CaseRecord, 'file' | 'outcome'>> {
    if (!existsSync(this.#file)) return [];
    const fd = openSync(this.#file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.#offset) return [];
      const buffer = Buffer.alloc(size - this.#offset);
      readSync(fd, buffer, 0, buffer.length, this.#offset);
      this.#offset = size;
      const lines = (this.#partial + buffer.toString('utf8')).split('\n');
      this.#partial = lines.pop() ?? '';
      return lines.filter((line) => line.includes('"type":"case"')).flatMap((line) => {
        try {
          const record = JSON.parse(line) as CaseRecord;
          return [{ file: record.file, outcome: record.outcome }];
        } catch {
          return [];
        }
      });
    } finally {
      closeSync(fd);
    }
  }
}

export interface TickerOptions {
  /** The suite files each run selects, when known. */
  files?: readonly string[];
  /** Cases per suite file from an earlier run (case-counts.ts). */
  counts?: CaseCounts;
}

export class JobsTicker {
  readonly #jobs: Array<{ adapter: string; out: string }>;
  readonly #running = new Map<string, { state: ProgressState; file: GrowingRunFile }>();
  readonly #stream: NodeJS.WriteStream;
  readonly #live: boolean;
  readonly #timer: NodeJS.Timeout;
  readonly #options: TickerOptions;
  #shown = 0;

  constructor(jobs: Array<{ adapter: string; out: string }>, options: TickerOptions = {}, stream: NodeJS.WriteStream = process.stdout) {
    this.#jobs = jobs;
    this.#options = options;
    this.#stream = stream;
    this.#live = isInteractive(stream);
    this.#timer = setInterval(() => this.#tick(), this.#live ? 1000 : 30_000);
    this.#timer.unref();
  }

  started(adapter: string): void {
    const out = this.#jobs.find((job) => job.adapter === adapter)?.out;
    if (!out) return;
    this.#running.set(adapter, { state: new ProgressState(this.#options.files, this.#options.counts ?? {}), file: new GrowingRunFile(join(out, 'run.jsonl')) });
    if (!this.#live) this.#stream.write(printable(`${adapter}: running`) + '\n');
  }

  /** Call before printing the adapter's result line. */
  finished(adapter: string): void {
    this.#running.delete(adapter);
    this.#clear();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#clear();
  }

  #tick(): void {
    if (this.#running.size === 0) return;
    const lines = [...this.#running].map(([adapter, { state, file }]) => {
      for (const record of file.newCases()) state.add(record);
      return printable(state.line(adapter));
    });
    if (this.#live) {
      this.#clear();
      const width = (this.#stream.columns || 100) - 1; // 0 columns (a pseudo-terminal without a size) is no width
      this.#stream.write(lines.map((line) => `${line.slice(0, width)}\n`).join(''));
      this.#shown = lines.length;
    } else {
      for (const line of lines) this.#stream.write(`${line}\n`);
    }
  }

  /** Erases the progress lines: call before writing any other line while jobs run. */
  clear(): void {
    this.#clear();
  }

  /** Erases the lines drawn last (cursor up over them, clear to the end of the screen). */
  #clear(): void {
    if (this.#live && this.#shown > 0) this.#stream.write(`\u001b[${this.#shown}A\r\u001b[0J`);
    this.#shown = 0;
  }
}
