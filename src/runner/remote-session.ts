/**
 * The worker's end of the run's adapter session (session-host.ts): the calls a case makes, the transcript it
 * takes and the file boundaries it announces travel to the runner process over one loopback socket. Adapter
 * trouble comes back as the same `AdapterError` the session threw, so cases classify it as before.
 * @module
 */
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { AdapterError, type AdapterErrorCode } from '../errors/adapter-error.js';
import type { MethodName, ParamsOf, ResultOf } from '../adapter/protocol/v1/methods.js';
import type { DescribeResult } from '../adapter/protocol/v1/types.generated.js';
import type { TranscriptEntry } from '../adapter/transcript.js';
import type { HostError, HostReply, HostRequest, SessionHostAddress } from './session-host.js';

type Pending = { resolve(value: unknown): void; reject(error: Error): void };
/** A request without its id (the id is the connection's). */
type Op = HostRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** What a case needs of its adapter session. */
export interface CaseSession {
  readonly description: DescribeResult;
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** The transcript since the last take: calls, restarts, the adapter's log. */
  takeTranscript(): Promise<TranscriptEntry[]>;
}

/** A session leased from the runner's host for the life of this worker. */
export class RemoteSession implements CaseSession {
  readonly #socket: Socket;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed: Error | undefined;
  #description!: DescribeResult;

  private constructor(socket: Socket) {
    this.#socket = socket;
    createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
      const reply = JSON.parse(line) as HostReply;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if ('error' in reply) pending.reject(fromHostError(reply.error));
      else pending.resolve(reply.result);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#closed = new Error('the run\'s adapter session host closed the connection');
      for (const pending of this.#pending.values()) pending.reject(this.#closed);
      this.#pending.clear();
    });
  }

  /** Connects to the host and leases a session (started already, or started now for a further worker). */
  static async connect(address: SessionHostAddress): Promise<RemoteSession> {
    const socket = connect({ host: '127.0.0.1', port: address.port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    // The worker may exit while holding it: the host takes the session back when the socket closes.
    socket.unref();
    const session = new RemoteSession(socket);
    const { description } = await session.#request({ op: 'hello', token: address.token }) as { description: DescribeResult };
    session.#description = description;
    return session;
  }

  get description(): DescribeResult {
    return this.#description;
  }

  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    return this.#request({ op: 'call', method, params }) as Promise<ResultOf<M>>;
  }

  takeTranscript(): Promise<TranscriptEntry[]> {
    return this.#request({ op: 'transcript' }) as Promise<TranscriptEntry[]>;
  }

  /** A new suite file starts: the host resets the agent (or starts a fresh process) and counts restarts anew. */
  async beginFile(): Promise<void> {
    await this.#request({ op: 'file' });
  }

  #request(op: Op): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#socket.write(`${JSON.stringify({ id, ...op })}\n`);
    });
  }
}

function fromHostError(error: HostError): Error {
  if (error.name === 'AdapterError' && error.code) return new AdapterError(error.code as AdapterErrorCode, error.message, error.details ?? {});
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
