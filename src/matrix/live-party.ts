/**
 * One adapter process as a party of live matrix cells: its identities on its own endpoint (one per
 * transport, created once), the peers' DID documents it was taught, and what its endpoint received since
 * a mark, polled with `received {after}` until a deadline. Adapter trouble becomes a `LiveTrouble`
 * carrying the cell's outcome (`error`, or `n/a` for a method the adapter does not implement).
 * @module
 */
import type { AdapterSession } from '../adapter/session.js';
import type { MethodName, ParamsOf, ResultOf } from '../adapter/protocol/v1/methods.js';
import type { CreateIdentityResult, ReceivedMessage, TransportKind } from '../adapter/protocol/v1/types.generated.js';
import { isAdapterError } from '../errors/adapter-error.js';

/** How often `received` is polled while waiting, ms. */
const POLL_MS = 40;
/**
 * How long a wait goes on once it is decided that the message will not be taken (see `waitFor`), ms: a sender
 * that tries again at once (another encoding, another endpoint) still gets many polls' time to be seen.
 */
export const REJECTED_GRACE_MS = 1000;

/** Adapter trouble during a live cell: the cell is `error` (or `n/a` when a method is unsupported), never `fail`. */
export class LiveTrouble extends Error {
  readonly status: 'error' | 'n/a';

  constructor(status: 'error' | 'n/a', message: string) {
    super(message);
    this.name = 'LiveTrouble';
    this.status = status;
  }
}

/** What a wait saw: the entry it waited for, if it came, and everything received since the mark. */
export interface Arrivals {
  match?: ReceivedMessage;
  seen: ReceivedMessage[];
}

/** An adapter session playing one side of live exchanges. */
export class LiveParty {
  readonly name: string;
  readonly session: AdapterSession;
  readonly #identities = new Map<TransportKind, Promise<CreateIdentityResult>>();
  readonly #known = new Set<string>();
  #mark = 0;
  /** The session's restart count when the identities were made: a restart takes the endpoint with it. */
  #epoch = 0;

  constructor(name: string, session: AdapterSession) {
    this.name = name;
    this.session = session;
  }

  /** Calls `method`; adapter trouble becomes a `LiveTrouble`. */
  async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    try {
      return await this.session.call(method, params);
    } catch (error) {
      if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') throw new LiveTrouble('n/a', `${this.name} does not implement \`${method}\``);
      const reason = isAdapterError(error) ? `${error.code}: ${error.message}` : (error as Error).message;
      throw new LiveTrouble('error', `${this.name} \`${method}\` failed: ${reason}`);
    }
  }

  /** Its did:peer:2 on its own `transport` endpoint (docs/live-suites.md `self:http` / `self:ws`), created once. */
  identity(transport: TransportKind): Promise<CreateIdentityResult> {
    if (this.session.restarts !== this.#epoch) {
      this.#identities.clear();
      this.#mark = 0;
      this.#epoch = this.session.restarts;
    }
    let identity = this.#identities.get(transport);
    if (!identity) {
      identity = this.call('createIdentity', { didMethod: 'peer:2', endpoint: `self:${transport}` });
      this.#identities.set(transport, identity);
      identity.catch(() => this.#identities.delete(transport));
    }
    return identity;
  }

  /** Teaches it a peer's DID document, once per DID. */
  async learn(peer: CreateIdentityResult): Promise<void> {
    if (this.#known.has(peer.did)) return;
    try {
      await this.session.call('registerDidDocument', { didDocument: peer.didDocument });
    } catch (error) {
      // The peers are did:peer:2, which carry their document: an agent that resolves them itself needs no lesson.
      const selfResolving = isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED' && peer.did.startsWith('did:peer:2');
      if (!selfResolving) {
        const reason = isAdapterError(error) ? `${error.code}: ${error.message}` : (error as Error).message;
        throw new LiveTrouble('error', `${this.name} \`registerDidDocument\` failed: ${reason}`);
      }
    }
    this.#known.add(peer.did);
  }

  /** Forgets what was received so far: later waits see only what arrives after this. */
  async mark(): Promise<void> {
    const { messages } = await this.call('received', { after: this.#mark });
    this.#mark = Math.max(this.#mark, ...messages.map((m) => m.seq));
  }

  /**
   * Polls `received` until an entry since the mark satisfies `wanted` or `deadline` (epoch ms) passes. With
   * `refusedOnTheWire` (the sender's own POST of this cell's message was answered with an error status), the
   * outcome is decided once this agent also records a rejected arrival: the wait ends REJECTED_GRACE_MS later
   * (issue 17's decided waits). Both are needed, so a late or stray arrival from an earlier cell alone never
   * cuts a wait short.
   */
  async waitFor(wanted: (entry: ReceivedMessage) => boolean, deadline: number, refusedOnTheWire = false): Promise<Arrivals> {
    const seen = new Map<number, ReceivedMessage>();
    let until = deadline;
    let decided = false;
    for (;;) {
      const { messages } = await this.call('received', { after: this.#mark });
      for (const entry of messages) if (entry.seq > this.#mark) seen.set(entry.seq, entry);
      const match = [...seen.values()].find(wanted);
      if (match || Date.now() >= until) return { ...(match ? { match } : {}), seen: [...seen.values()] };
      if (refusedOnTheWire && !decided && [...seen.values()].some((entry) => entry.unpacked?.status === 'rejected')) {
        decided = true;
        until = Math.min(until, Date.now() + REJECTED_GRACE_MS);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, until - Date.now()))));
    }
  }
}

/** Each learns the other's identity on `transport`; returns both. */
export async function introduce(a: LiveParty, b: LiveParty, transport: TransportKind): Promise<{ a: CreateIdentityResult; b: CreateIdentityResult }> {
  const [ofA, ofB] = [await a.identity(transport), await b.identity(transport)];
  await a.learn(ofB);
  await b.learn(ofA);
  return { a: ofA, b: ofB };
}
