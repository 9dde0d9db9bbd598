/**
 * Work the reference agent starts and does not wait for: replies it sends after answering a request's POST,
 * acknowledgements, messages arriving on a connection it keeps. Closing gives that work a grace period, then
 * ends the deliveries still under way, so that a reply to an unreachable endpoint (and its ROUTE-013 retries)
 * does not keep the process alive after the run.
 * @module
 */

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

  /** Waits for the tracked work up to `graceMs`, then aborts `signal` and waits for what is left to end. */
  async settle(graceMs: number): Promise<void> {
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.#tasks), new Promise((done) => (grace = setTimeout(done, graceMs)))]);
    clearTimeout(grace);
    this.#closing.abort(new Error('the agent closed'));
    await Promise.all(this.#tasks);
  }
}
