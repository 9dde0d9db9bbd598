/**
 * Adapter protocol over a spawned process: one JSON-RPC request per line on its stdin, one reply per line
 * on its stdout, stderr kept as the adapter's log. The reply size cap is enforced while reading, so a
 * runaway line is dropped at the cap rather than buffered whole.
 *
 * Hostile adapters (adapters/faux: flood, fork) shape the rest: the adapter runs in its own process group
 * and the whole group is killed on close, on a timeout and when the adapter dies (children that ignore
 * SIGTERM or hold the pipes open go with it), also when the harness process exits; liveness follows the
 * adapter's own `exit`, not its pipes (a forked child may keep them open forever); stderr is a bounded
 * tail with a count of what was dropped. stderr is redacted line by line as it arrives (redact.ts), so the
 * log never holds key material, whatever later reads it (transcripts, error details, `adapter check`).
 * @module
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { AdapterError } from '../../errors/adapter-error.js';
import { LogRedactor, redactText } from '../redact.js';
import type { AdapterLog, AdapterTransport, ExchangeLimits } from './transport.js';

/** How to spawn a stdio adapter. */
export interface StdioLaunch {
  command: string;
  args: string[];
  /** Working directory; adapter.json paths are relative to the adapter folder. */
  cwd: string;
  env?: Record<string, string>;
}

/** Characters of stderr kept as the log (the tail; older output is dropped and counted). */
export const LOG_TAIL_CHARS = 64 * 1024;
/** Milliseconds `close` waits after closing stdin before it kills the process group. */
const CLOSE_GRACE_MS = 500;

/** Process groups of adapters still running; killed when the harness process exits, however it exits. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** SIGKILL to every process of the group led by `pid` (an adapter and whatever it forked). */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone
  }
}

function trackGroup(pid: number): void {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const group of liveGroups) killGroup(group);
  });
}

interface Pending {
  resolve(line: string): void;
  reject(error: AdapterError): void;
  limits: ExchangeLimits;
}

/** A stdio transport: spawns `launch` on `start`. */
export class StdioTransport implements AdapterTransport {
  readonly kind = 'stdio' as const;
  readonly #launch: StdioLaunch;
  #process: ChildProcessWithoutNullStreams | undefined;
  #alive = false;
  #pending: Pending | undefined;
  #chunks: Buffer[] = [];
  #lineBytes = 0;
  #overflowing = false;
  #log = '';
  readonly #redactor = new LogRedactor();
  /** Characters of (redacted) log written in all (the log keeps the last LOG_TAIL_CHARS of them). */
  #logTotal = 0;
  #exit: string | undefined;
  #exited: Promise<void> | undefined;

  constructor(launch: StdioLaunch) {
    this.#launch = launch;
  }

  get alive(): boolean {
    return this.#alive;
  }

  log(): string {
    return this.#log;
  }

  logSince(offset: number): AdapterLog {
    const start = this.#logTotal - this.#log.length;
    const from = Math.max(offset, start);
    return { text: this.#log.slice(from - start), dropped: from - offset, next: this.#logTotal };
  }

  async start(): Promise<void> {
    const { command, args, cwd, env } = this.#launch;
    // node:child_process, not execa: every harness process that drives an adapter loads this module, and
    // execa's import alone (about 70 ms of CPU) outweighed what it added here.
    const child = spawn(command === 'node' ? process.execPath : command, args, {
      cwd,
      // The harness's environment with the manifest's variables over it (what execa's extendEnv did).
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so that close/kill reach everything it forks; the exit hook above kills the
      // groups still running when the harness exits.
      detached: true,
    });
    this.#process = child;
    child.stdout.on('data', (chunk: Buffer) => this.#onStdout(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => this.#appendLog(this.#redactor.push(chunk)));
    // Writes to a dead adapter surface as the exit below, not as an unhandled stream error.
    child.stdin.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', (error) => reject(new AdapterError('ERR_ADAPTER_START', `cannot start ${command}: ${error.message}`, { command, args, cwd }, error)));
    });
    const pid = child.pid!;
    trackGroup(pid);
    this.#alive = true;
    this.#exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        this.#alive = false;
        // A last line without its newline is kept too (a crash message).
        this.#appendLog(this.#redactor.end());
        // Whatever it left behind in its group goes too (a crash must not leave orphans).
        killGroup(pid);
        liveGroups.delete(pid);
        this.#exit = signal ? `signal ${signal}` : `exit code ${String(code)}`;
        this.#fail(new AdapterError('ERR_ADAPTER_CRASHED', `the adapter exited (${this.#exit}) before replying`, { exit: this.#exit, log: this.#log.slice(-4000) }));
        // Pipes still held open by killed children close on their own; do not wait for them.
        child.stdout.destroy();
        child.stderr.destroy();
        resolve();
      });
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

  /** Closes stdin, waits up to CLOSE_GRACE_MS for the adapter to exit, then kills its whole process group. */
  async close(): Promise<void> {
    const child = this.#process;
    if (!child?.pid) return;
    this.#alive = false;
    child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#exited, new Promise((resolve) => { timer = setTimeout(resolve, CLOSE_GRACE_MS); })]);
    clearTimeout(timer);
    this.kill();
    await this.#exited;
  }

  /** Kills the adapter's process group at once (after a timeout or a desynchronised stream). */
  kill(): void {
    this.#alive = false;
    const pid = this.#process?.pid;
    if (pid !== undefined) killGroup(pid);
  }

  #fail(error: AdapterError): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (error.code !== 'ERR_ADAPTER_CRASHED') this.kill();
    pending?.reject(error);
  }

  /** Appends redacted text to the bounded log. */
  #appendLog(text: string): void {
    if (text === '') return;
    this.#logTotal += text.length;
    this.#log = text.length >= LOG_TAIL_CHARS ? text.slice(-LOG_TAIL_CHARS) : (this.#log + text).slice(-LOG_TAIL_CHARS);
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
      this.#appendLog(`[harness] unsolicited stdout line ignored: ${redactText(line, 'free').slice(0, 200)}\n`);
      return;
    }
    this.#pending = undefined;
    pending.resolve(line);
  }
}
