/**
 * The run's adapter processes live in the runner process, not in the vitest workers: the handshake's session
 * serves the suites too, so a run starts its adapter once (an adapter takes from a few hundred milliseconds to
 * seconds to start). A worker reaches its session over a loopback socket (remote-session.ts), one JSON line per
 * request and reply; each worker connection leases a session of its own (the handshake's first, fresh ones for
 * more workers), since cases `reset` the agent and cannot share it.
 *
 * Suite files are kept apart as when each started its own process: at a file boundary restarts are counted
 * afresh and the agent is `reset`, or, when the adapter cannot reset (adapter.json `isolation: "process"`, or
 * no `reset` method), a fresh process is started. Restart-and-replay after a crash is the session's own.
 * @module
 */
import { createServer, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { isAdapterError } from '../errors/adapter-error.js';
import { AdapterSession } from '../adapter/session.js';
import type { AdapterTarget, ResolvedLimits } from '../adapter/manifest.js';
import type { MethodName } from '../adapter/protocol/v1/methods.js';

/** How suite files are kept apart (adapter.json `isolation`). */
export type Isolation = 'reset' | 'process';

/** Where a worker finds the host: plain data for vitest's `provide`. */
export interface SessionHostAddress {
  port: number;
  /** A worker proves it belongs to this run with it (anything on loopback can connect). */
  token: string;
}

/** One request of the host protocol. */
export type HostRequest =
  | { id: number; op: 'hello'; token: string }
  | { id: number; op: 'call'; method: MethodName; params: unknown }
  | { id: number; op: 'transcript' }
  | { id: number; op: 'file' };

/** A thrown value as it crosses the socket. */
export interface HostError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

export type HostReply = { id: number; result: unknown } | { id: number; error: HostError };

interface Lease {
  session: AdapterSession;
  /** A call was made since the session was opened: the agent may hold state a new file must not see. */
  used: boolean;
}

/** Serves adapter sessions to the workers of one run. */
export class SessionHost {
  readonly #server: Server;
  readonly #token = randomBytes(16).toString('hex');
  readonly #target: AdapterTarget;
  readonly #limits: ResolvedLimits;
  #isolation: Isolation;
  /** Sessions no worker holds: the handshake's, and those of workers that went away healthy. */
  readonly #idle: AdapterSession[] = [];
  readonly #leased = new Set<Lease>();
  readonly #sockets = new Set<Socket>();

  private constructor(target: AdapterTarget, limits: ResolvedLimits, isolation: Isolation, first: AdapterSession) {
    this.#target = target;
    this.#limits = limits;
    this.#isolation = isolation;
    this.#idle.push(first);
    this.#server = createServer((socket) => this.#serve(socket));
  }

  /** Listens on 127.0.0.1; `first` (the handshake's session) is the first one leased. */
  static async start(target: AdapterTarget, limits: ResolvedLimits, isolation: Isolation, first: AdapterSession): Promise<SessionHost> {
    const host = new SessionHost(target, limits, isolation, first);
    await new Promise<void>((resolve, reject) => {
      host.#server.once('error', reject);
      host.#server.listen(0, '127.0.0.1', () => resolve());
    });
    return host;
  }

  get address(): SessionHostAddress {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('the session host is not listening');
    return { port: address.port, token: this.#token };
  }

  /** Closes every connection and every session (stdio adapters get `shutdown`). */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    const sessions = [...this.#idle.splice(0), ...[...this.#leased].map((lease) => lease.session)];
    this.#leased.clear();
    await Promise.all(sessions.map((session) => session.close()));
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    socket.setNoDelay(true);
    let lease: Lease | undefined;
    let authenticated = false;
    const reply = (message: HostReply): void => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
    };
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on('line', (line) => {
      let request: HostRequest;
      try {
        request = JSON.parse(line) as HostRequest;
      } catch {
        socket.destroy();
        return;
      }
      if (!authenticated && (request.op !== 'hello' || request.token !== this.#token)) {
        socket.destroy();
        return;
      }
      void this.#handle(request, () => lease, (next) => { lease = next; authenticated = true; }).then(
        (result) => reply({ id: request.id, result: result ?? null }),
        (error: unknown) => reply({ id: request.id, error: toHostError(error) }),
      );
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#sockets.delete(socket);
      if (!lease) return;
      this.#leased.delete(lease);
      // A worker that went away leaves its session for the next one, unless it is in trouble.
      if (lease.session.healthy) this.#idle.push(lease.session);
      else void lease.session.close();
    });
  }

  async #handle(request: HostRequest, current: () => Lease | undefined, lease: (next: Lease) => void): Promise<unknown> {
    if (request.op === 'hello') {
      const held = current() ?? { session: this.#idle.pop() ?? await AdapterSession.open(this.#target, this.#limits), used: false };
      this.#leased.add(held);
      lease(held);
      return { description: held.session.description };
    }
    const held = current()!;
    if (request.op === 'call') {
      held.used = true;
      return held.session.call(request.method, request.params as never);
    }
    if (request.op === 'transcript') return held.session.takeTranscript();
    await this.#beginFile(held);
    return null;
  }

  /** A suite file begins: the agent forgets the previous file's state (reset), or a fresh process starts. */
  async #beginFile(lease: Lease): Promise<void> {
    lease.session.resetRestartCount();
    if (!lease.used) return;
    if (this.#isolation === 'reset' && lease.session.healthy) {
      try {
        await lease.session.call('reset', {});
        lease.session.takeTranscript();
        lease.used = false;
        return;
      } catch (error) {
        // No `reset` at all: every later file gets a fresh process, as the adapter cannot forget.
        if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') this.#isolation = 'process';
      }
    }
    await lease.session.close();
    lease.session = await AdapterSession.open(this.#target, this.#limits);
    lease.used = false;
  }
}

function toHostError(error: unknown): HostError {
  if (isAdapterError(error)) return { name: 'AdapterError', message: error.message, code: error.code, details: error.details };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
