/**
 * Adapter protocol over a spawned process: one JSON-RPC request per line on its stdin, one reply per line
 * on its stdout, stderr kept as the adapter's log. The reply size cap is enforced while reading, so a
 * runaway line is dropped at the cap rather than buffered whole.
 * @module
 */
import { execa, type ResultPromise } from 'execa';
import { AdapterError } from '../../errors/adapter-error.js';
import type { AdapterTransport, ExchangeLimits } from './transport.js';

/** How to spawn a stdio adapter. */
export interface StdioLaunch {
  command: string;
  args: string[];
  /** Working directory; adapter.json paths are relative to the adapter folder. */
  cwd: string;
  env?: Record<string, string>;
}

/** Bytes of stderr kept as the log (the tail; older output is dropped). */
const LOG_TAIL_BYTES = 64 * 1024;
/** Milliseconds `close` waits after closing stdin before it kills the process. */
const CLOSE_GRACE_MS = 500;

interface Pending {
  resolve(line: string): void;
  reject(error: AdapterError): void;
  limits: ExchangeLimits;
}

/** A stdio transport: spawns `launch` on `start`. */
export class StdioTransport implements AdapterTransport {
  readonly kind = 'stdio' as const;
  readonly #launch: StdioLaunch;
  #process: ResultPromise | undefined;
  #alive = false;
  #pending: Pending | undefined;
  #chunks: Buffer[] = [];
  #lineBytes = 0;
  #overflowing = false;
  #log = '';
  #exit: string | undefined;

  constructor(launch: StdioLaunch) {
    this.#launch = launch;
  }

  get alive(): boolean {
    return this.#alive;
  }

  log(): string {
    return this.#log;
  }

  async start(): Promise<void> {
    const { command, args, cwd, env } = this.#launch;
    const child = execa(command === 'node' ? process.execPath : command, args, {
      cwd,
      env: { ...env },
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      stripFinalNewline: false,
      cleanup: true,
    });
    this.#process = child;
    child.stdout.on('data', (chunk: Buffer) => this.#onStdout(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.#appendLog(chunk.toString('utf8')));
    // Writes to a dead adapter surface as the exit below, not as an unhandled stream error.
    child.stdin.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (error) => reject(new AdapterError('ERR_ADAPTER_START', `cannot start ${command}: ${error.message}`, { command, args, cwd }, error)));
    });
    this.#alive = true;
    void child.then((result) => {
      this.#alive = false;
      this.#exit = result.signal ? `signal ${result.signal}` : `exit code ${String(result.exitCode)}`;
      this.#fail(new AdapterError('ERR_ADAPTER_CRASHED', `the adapter exited (${this.#exit}) before replying`, { exit: this.#exit, log: this.#log.slice(-4000) }));
    });
  }

  exchange(request: string, limits: ExchangeLimits): Promise<string> {
    const child = this.#process;
    if (!child || !this.#alive) {
      return Promise.reject(new AdapterError('ERR_ADAPTER_CRASHED', `the adapter is not running (${this.#exit ?? 'not started'})`, { log: this.#log.slice(-4000) }));
    }
    if (this.#pending) return Promise.reject(new Error('StdioTransport.exchange called while another exchange is pending'));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(new AdapterError('ERR_ADAPTER_TIMEOUT', `no reply within ${limits.deadlineMs} ms`, { deadlineMs: limits.deadlineMs, log: this.#log.slice(-4000) }));
      }, limits.deadlineMs);
      this.#pending = {
        limits,
        resolve: (line) => { clearTimeout(timer); resolve(line); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      };
      child.stdin?.write(`${request}\n`);
    });
  }

  async close(): Promise<void> {
    const child = this.#process;
    if (!child) return;
    this.#alive = false;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), CLOSE_GRACE_MS);
    await child;
    clearTimeout(timer);
  }

  /** Kills the process at once (after a timeout or a desynchronised stream). */
  kill(): void {
    this.#alive = false;
    this.#process?.kill('SIGKILL');
  }

  #fail(error: AdapterError): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (error.code !== 'ERR_ADAPTER_CRASHED') this.kill();
    pending?.reject(error);
  }

  #appendLog(text: string): void {
    this.#log = (this.#log + text).slice(-LOG_TAIL_BYTES);
  }

  #onStdout(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.#push(chunk.subarray(start, newline));
      this.#endLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.#push(chunk.subarray(start));
  }

  #push(part: Buffer): void {
    if (this.#overflowing) return;
    this.#lineBytes += part.length;
    const cap = this.#pending?.limits.maxReplyBytes ?? Number.POSITIVE_INFINITY;
    if (this.#lineBytes > cap) {
      // Drop what we hold and everything up to the line end: never buffer a runaway line.
      this.#overflowing = true;
      this.#chunks = [];
      this.#fail(new AdapterError('ERR_ADAPTER_REPLY_TOO_LARGE', `a reply exceeded ${cap} bytes`, { maxReplyBytes: cap }));
      return;
    }
    this.#chunks.push(Buffer.from(part));
  }

  #endLine(): void {
    const overflowed = this.#overflowing;
    const line = Buffer.concat(this.#chunks).toString('utf8').replace(/\r$/, '');
    this.#chunks = [];
    this.#lineBytes = 0;
    this.#overflowing = false;
    if (overflowed || line.trim() === '') return;
    const pending = this.#pending;
    if (!pending) {
      this.#appendLog(`[harness] unsolicited stdout line ignored: ${line.slice(0, 200)}\n`);
      return;
    }
    this.#pending = undefined;
    pending.resolve(line);
  }
}
