/**
 * Work the reference agent starts and does not wait for: replies it sends after answering a request's POST,
 * acknowledgements, messages arriving on a connection it keeps. Closing gives that work a grace period, then
 * ends the deliveries still under way, so that a reply to an unreachable endpoint (and its ROUTE-013 retries)
 * does not keep the process alive after the run.
 * @module
 */
import type { PlaintextMessage } from '../didcomm/types.js';
import { HARNESS_FAULTS, harnessFault, recordWire } from './wire-log.js';

export class BackgroundWork {
  readonly #tasks = new Set<Promise<unknown>>();
  readonly #closing = new AbortController();

  /** Aborted once the grace period of `settle` is over: deliveries pass it on (DeliveryOptions.signal). */
  get signal(): AbortSignal {
    return this.#closing.signal;
  }

  /** Tracks `task`; its failure is its own (a background reply that fails is not the caller's error). */
  add(task: Promise<unknown>): void {
    const tracked = task.catch(() => undefined).finally(() => this.#tasks.delete(tracked));
    this.#tasks.add(tracked);
  }

  /**
   * Sends `message` to its first `to` through `sending`, tracked. A failure before it reaches the wire (its
   * recipient unresolvable, or a harness bug such as ReferenceDrift) becomes a wire entry of its own
   * (ERR_HARNESS_NOT_SENT), so that a case waiting for what it would have caused is attributed to the harness
   * (src/runner/silence.ts), not to the agent.
   */
  send(message: PlaintextMessage, sending: (to: string) => Promise<unknown>): void {
    const to = message.to![0]!;
    this.add(sending(to).catch((error: unknown) => {
      recordWire({
        direction: 'out', endpoint: to, packed: '', plaintext: message, outcome: 'not sent',
        error: harnessFault(HARNESS_FAULTS.notSent, error),
      });
    }));
  }

  /** Waits for the tracked work up to `graceMs`, then aborts `signal` and waits for what is left to end. */
  async settle(graceMs: number): Promise<void> {
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.#tasks), new Promise((done) => (grace = setTimeout(done, graceMs)))]);
    clearTimeout(grace);
    this.#closing.abort(new Error('the agent closed'));
    await Promise.all(this.#tasks);
  }
}
