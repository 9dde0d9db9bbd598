/**
 * The interop matrix of `start`, run side by side with the adapters' conformance runs: a run mostly waits on
 * the wire, so the matrix's pairs fill cores the runs leave idle (issue 17: the job scales). It starts once
 * every adapter is prepared (built or found in the cache; one left out is not in the matrix) and its lines
 * are held back until the runs are done, so the terminal shows the runs' progress, then the matrix.
 * @module
 */
import { runMatrix, type MatrixPair, type MatrixResult } from '../../matrix/run.js';
import { pairLine } from './matrix.js';

/** What an adapter's preparation came to: left out (`skip`), failed (`error`) or ready ({}). */
type Prepared = { skip?: string; error?: string };

type Outcome = { result?: MatrixResult; error?: unknown };

export class OverlappedMatrix {
  readonly #abort = new AbortController();
  readonly #held: string[] = [];
  #printing = false;
  readonly #all: string[];
  readonly #adapters: Promise<string[]>;
  readonly #run: Promise<Outcome>;

  /** `after`: a promise the matrix waits for before its first pair (the runs' end, when they cannot share an agent). */
  constructor(adapters: string[], preparations: Map<string, Promise<Prepared>>, options: { out: string; seed: number; live?: boolean; after?: Promise<unknown> }) {
    this.#all = adapters;
    this.#adapters = Promise.all(adapters.map((adapter) => preparations.get(adapter)!))
      .then((prepared) => adapters.filter((_, i) => prepared[i]!.skip === undefined && prepared[i]!.error === undefined));
    // Settled into an Outcome at once: a failure surfaces when `finish` is awaited, never as an unhandled rejection.
    this.#run = this.#adapters.then(async (ready) => {
      await options.after;
      if (ready.length === 0 || this.#abort.signal.aborted) return {};
      return { result: await runMatrix({ adapters: ready, out: options.out, seed: options.seed, ...(options.live === undefined ? {} : { live: options.live }), signal: this.#abort.signal, onPair: (pair) => this.#line(pair) }) };
    }).catch((error: unknown) => ({ error }));
  }

  #line(pair: MatrixPair): void {
    const line = `  ${pairLine(pair)}\n`;
    if (this.#printing) process.stdout.write(line);
    else this.#held.push(line);
  }

  /** The runs are done: prints the matrix's header and the pairs so far, the rest as they finish; its result. */
  async finish(): Promise<MatrixResult | undefined> {
    const ready = await this.#adapters.catch(() => [] as string[]);
    if (ready.length > 0) {
      const leftOut = this.#all.filter((adapter) => !ready.includes(adapter));
      process.stdout.write(`interop matrix: ${ready.length * ready.length} ordered pairs${leftOut.length ? ` (left out: ${leftOut.join(', ')})` : ''}\n`);
      for (const line of this.#held.splice(0)) process.stdout.write(line);
    }
    this.#printing = true;
    const { result, error } = await this.#run;
    if (error !== undefined) throw error;
    return result;
  }

  /** The runs were interrupted: no matrix. Stops taking pairs, lets those under way end, and discards it. */
  async abandon(): Promise<undefined> {
    this.#abort.abort();
    await this.#run;
    return undefined;
  }
}
