/**
 * A session with one adapter: start it, shake hands (`describe`), make calls, and when the adapter dies or
 * its stream goes out of step, restart it and replay its setup (capped), as Bowtie does. What to make of
 * trouble lives here; how bytes move lives in transport/.
 * @module
 */
import { AdapterError, DESYNC_CODES, isAdapterError } from '../errors/adapter-error.js';
import { AdapterClient } from './client.js';
import { createTransport, type AdapterTarget, type ResolvedLimits } from './manifest.js';
import { PROTOCOL_VERSION, REPLAYED_METHODS, type MethodName, type ParamsOf, type ResultOf } from './protocol/v1/methods.js';
import type { DescribeResult } from './protocol/v1/types.generated.js';
import type { TranscriptEntry } from './transcript.js';
import type { AdapterTransport, ExchangeLimits } from './transport/transport.js';
import { LOG_TAIL_CHARS } from './transport/stdio.js';

/** Milliseconds the handshake `describe` may take, start-up included (a cold Node or JVM takes seconds). */
export const STARTUP_DEADLINE_MS = 15_000;

interface SetupCall {
  method: MethodName;
  params: unknown;
}

/** A live connection to an adapter that survives its crashes (up to `limits.maxRestarts`). */
export class AdapterSession {
  readonly #target: AdapterTarget;
  readonly #limits: ResolvedLimits;
  #transport: AdapterTransport;
  #client: AdapterClient;
  #description: DescribeResult | undefined;
  #restarts = 0;
  #setup: SetupCall[] = [];
  #transcript: TranscriptEntry[] = [];
  #logSeen = 0;
  #needsRestart: string | undefined;

  private constructor(target: AdapterTarget, limits: ResolvedLimits) {
    this.#target = target;
    this.#limits = limits;
    this.#transport = createTransport(target);
    this.#client = this.#newClient();
  }

  /** Starts the adapter and calls `describe`. Throws `AdapterError` when either fails. */
  static async open(target: AdapterTarget, limits: ResolvedLimits): Promise<AdapterSession> {
    const session = new AdapterSession(target, limits);
    await session.#transport.start();
    session.#description = await session.#describe();
    return session;
  }

  /** What the adapter said about itself at the handshake. */
  get description(): DescribeResult {
    return this.#description!;
  }

  /** Restarts so far (since the last `resetRestartCount`). */
  get restarts(): number {
    return this.#restarts;
  }

  /** True while the adapter is up and its stream in step: the next call needs no restart. */
  get healthy(): boolean {
    return this.#transport.alive && this.#needsRestart === undefined;
  }

  /**
   * Counts restarts from zero: a new suite file (or matrix pair) begins on this session, and `limits.maxRestarts`
   * applies to each, as when each started its own adapter process.
   */
  resetRestartCount(): void {
    this.#restarts = 0;
  }

  /**
   * Calls `method`, restarting first if the adapter died earlier. Successful setup calls are kept for
   * replay; `reset` forgets them.
   */
  async call<M extends MethodName>(method: M, params: ParamsOf<M>, limits: Partial<ExchangeLimits> = {}): Promise<ResultOf<M>> {
    await this.#ensureRunning();
    try {
      const result = await this.#client.call(method, params, limits);
      if (method === 'reset') this.#setup = [];
      if (REPLAYED_METHODS.has(method)) this.#setup.push({ method, params });
      return result;
    } catch (error) {
      if (isAdapterError(error) && DESYNC_CODES.has(error.code)) this.#needsRestart = `${error.code} during ${method}`;
      throw error;
    }
  }

  /** Calls a method that is not part of protocol v1 (for `adapter check`). */
  async callUnknown(method: string, limits: Partial<ExchangeLimits> = {}): Promise<unknown> {
    await this.#ensureRunning();
    try {
      return await this.#client.callUnknown(method, {}, limits);
    } catch (error) {
      if (isAdapterError(error) && DESYNC_CODES.has(error.code)) this.#needsRestart = `${error.code} during ${method}`;
      throw error;
    }
  }

  /** Everything recorded since the last call of this method (the transcript of one case), with the adapter's new log lines. */
  takeTranscript(): TranscriptEntry[] {
    this.#flushLog();
    const taken = this.#transcript;
    this.#transcript = [];
    return taken;
  }

  /** The adapter's whole log (stderr tail) of the current process. */
  log(): string {
    return this.#transport.log();
  }

  /**
   * Asks a stdio adapter to shut down, then stops it. Never throws. An HTTP adapter is not ours to stop:
   * it may serve other sessions, so it gets no `shutdown`.
   */
  async close(): Promise<void> {
    if (this.#transport.kind === 'stdio' && this.#transport.alive && this.#needsRestart === undefined) {
      await this.#client.call('shutdown', {}, { deadlineMs: Math.min(this.#limits.deadlineMs, 2000) }).catch(() => undefined);
    }
    await this.#transport.close().catch(() => undefined);
  }

  async #ensureRunning(): Promise<void> {
    if (this.#needsRestart !== undefined || !this.#transport.alive) await this.#restart(this.#needsRestart ?? 'the adapter was not running');
  }

  #newClient(): AdapterClient {
    return new AdapterClient(this.#transport, {
      deadlineMs: this.#limits.deadlineMs,
      maxReplyBytes: this.#limits.maxReplyBytes,
      record: (entry) => this.#transcript.push(entry),
    });
  }

  async #describe(): Promise<DescribeResult> {
    // The first call also waits for the process to load, so it gets at least STARTUP_DEADLINE_MS.
    const startup = this.#limits.startupDeadlineMs ?? STARTUP_DEADLINE_MS;
    const description = await this.#client.call('describe', {}, { deadlineMs: Math.max(this.#limits.deadlineMs, startup) });
    if (description.protocolVersion !== PROTOCOL_VERSION) {
      throw new AdapterError('ERR_ADAPTER_PROTOCOL_VERSION', `the adapter speaks protocol ${String(description.protocolVersion)}, the harness ${PROTOCOL_VERSION}`);
    }
    return description;
  }

  /** New log output since the last flush; what the bounded log already dropped is counted, not kept. */
  #flushLog(): void {
    const { text, dropped, next } = this.#transport.logSince(this.#logSeen);
    if (text !== '' || dropped > 0) {
      const note = dropped > 0 ? `[harness] ${dropped} characters of adapter log dropped (the log keeps the last ${LOG_TAIL_CHARS})\n` : '';
      this.#transcript.push({ kind: 'log', at: new Date().toISOString(), text: `${note}${text}` });
    }
    this.#logSeen = next;
  }

  async #restart(reason: string): Promise<void> {
    this.#flushLog();
    await this.#transport.close().catch(() => undefined);
    if (this.#restarts >= this.#limits.maxRestarts) {
      throw new AdapterError('ERR_ADAPTER_RESTART_LIMIT', `the adapter needed more than ${this.#limits.maxRestarts} restarts (last: ${reason})`);
    }
    if (this.#setup.length > this.#limits.maxReplayCalls) {
      throw new AdapterError('ERR_ADAPTER_RESTART_LIMIT', `${this.#setup.length} setup calls exceed the replay cap of ${this.#limits.maxReplayCalls}`);
    }
    this.#restarts += 1;
    this.#needsRestart = undefined;
    this.#transport = createTransport(this.#target);
    this.#client = this.#newClient();
    this.#logSeen = 0;
    this.#transcript.push({ kind: 'restart', at: new Date().toISOString(), reason, replayed: this.#setup.map((call) => call.method) });
    try {
      await this.#transport.start();
      this.#description = await this.#describe();
      for (const call of this.#setup) await this.#client.call(call.method, call.params as never);
    } catch (error) {
      this.#needsRestart = `restart failed: ${(error as Error).message}`;
      throw error;
    }
  }
}
