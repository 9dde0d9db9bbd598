/**
 * Progress of adapter runs that go on in other processes: how many case records each run.jsonl holds so
 * far. On a terminal one line rewritten in place; in CI a plain line every 30 s.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInteractive } from './progress.js';
import { printable } from './terminal-text.js';

export class JobsTicker {
  readonly #jobs: Array<{ adapter: string; out: string }>;
  readonly #running = new Set<string>();
  readonly #stream: NodeJS.WriteStream;
  readonly #live: boolean;
  readonly #timer: NodeJS.Timeout;
  #shown = false;

  constructor(jobs: Array<{ adapter: string; out: string }>, stream: NodeJS.WriteStream = process.stdout) {
    this.#jobs = jobs;
    this.#stream = stream;
    this.#live = isInteractive(stream);
    this.#timer = setInterval(() => this.#tick(), this.#live ? 1000 : 30_000);
    this.#timer.unref();
  }

  started(adapter: string): void {
    this.#running.add(adapter);
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
    const parts = this.#jobs.filter((job) => this.#running.has(job.adapter)).map((job) => `${job.adapter} ${casesSoFar(join(job.out, 'run.jsonl'))} cases`);
    const line = printable(`running: ${parts.join(', ')}`);
    if (this.#live) {
      this.#stream.write(`\r\u001b[2K${line.slice(0, (this.#stream.columns ?? 100) - 1)}`);
      this.#shown = true;
    } else {
      this.#stream.write(`${line}\n`);
    }
  }

  #clear(): void {
    if (this.#live && this.#shown) this.#stream.write('\r\u001b[2K');
    this.#shown = false;
  }
}

/** Case records in a run.jsonl being written (lines minus the header), 0 before it exists. */
function casesSoFar(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file, 'utf8');
  let lines = 0;
  for (let i = text.indexOf('"type":"case"'); i !== -1; i = text.indexOf('"type":"case"', i + 1)) lines++;
  return lines;
}
