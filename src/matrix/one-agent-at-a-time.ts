/**
 * Pairs of the matrix side by side, except around an adapter reached by URL: it is one agent whatever the
 * sessions, and a pair resets it and imports its parties, so a second pair at once would wipe the first's
 * (a false failure: "no held keyAgreement key"). Such adapters serve one pair at a time.
 * @module
 */
import type { ResolvedAdapter } from '../adapter/manifest.js';

/** Locks per adapter reached by URL, taken in name order so never in a cycle. */
export class OneAgentAtATime {
  readonly #tails = new Map<string, Promise<void>>();

  async with<T>(adapters: readonly ResolvedAdapter[], body: () => Promise<T>): Promise<T> {
    const names = [...new Set(adapters.filter((a) => a.target.kind === 'http').map((a) => a.name))].sort();
    const releases: Array<() => void> = [];
    try {
      for (const name of names) {
        let release!: () => void;
        const mine = new Promise<void>((resolve) => { release = resolve; });
        const before = this.#tails.get(name) ?? Promise.resolve();
        this.#tails.set(name, before.then(() => mine));
        await before;
        releases.push(release);
      }
      return await body();
    } finally {
      for (const release of releases) release();
    }
  }
}

