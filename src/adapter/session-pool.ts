/**
 * Adapter sessions kept for reuse: starting an adapter takes from a few hundred milliseconds to seconds, and
 * the interop matrix needs each adapter in many pairs. A session handed out again has been `reset` first, so
 * it starts as clean as a fresh process would; an adapter that cannot reset (adapter.json
 * `isolation: "process"`, or no `reset` method) gets a fresh process every time, as before. An adapter reached
 * by URL is one agent however many sessions talk to it: a session of it is reset only while no other is in
 * use, so a self-pair's second side does not wipe what the first side imported.
 * @module
 */
import { isAdapterError } from '../errors/adapter-error.js';
import type { ResolvedAdapter } from './manifest.js';
import { AdapterSession } from './session.js';

export class SessionPool {
  readonly #idle = new Map<string, AdapterSession[]>();
  readonly #noReset = new Set<string>();
  readonly #all = new Set<AdapterSession>();
  /** Sessions handed out and not given back, per adapter. */
  readonly #inUse = new Map<string, number>();

  /** A session of `adapter`: an idle one, reset, or a new process. Throws what `AdapterSession.open` throws. */
  async take(adapter: ResolvedAdapter): Promise<AdapterSession> {
    const shared = adapter.target.kind === 'http' && (this.#inUse.get(adapter.name) ?? 0) > 0;
    this.#inUse.set(adapter.name, (this.#inUse.get(adapter.name) ?? 0) + 1);
    try {
      const idle = this.#idle.get(adapter.name) ?? [];
      for (let session = idle.pop(); session; session = idle.pop()) {
        // The agent behind a URL is in use by another session: resetting it would reset that one too.
        if (shared || await this.#reset(adapter, session)) return session;
        this.#all.delete(session);
        await session.close();
      }
      const session = await AdapterSession.open(adapter.target, adapter.limits);
      this.#all.add(session);
      return session;
    } catch (error) {
      this.#inUse.set(adapter.name, this.#inUse.get(adapter.name)! - 1);
      throw error;
    }
  }

  /** Hands `session` back for reuse; one in trouble, or of an adapter that cannot reset, is closed instead. */
  async give(adapter: ResolvedAdapter, session: AdapterSession): Promise<void> {
    this.#inUse.set(adapter.name, Math.max(0, (this.#inUse.get(adapter.name) ?? 0) - 1));
    if (!session.healthy || this.#noReset.has(adapter.name) || adapter.manifest.isolation === 'process') {
      this.#all.delete(session);
      await session.close();
      return;
    }
    session.takeTranscript();
    const idle = this.#idle.get(adapter.name) ?? [];
    idle.push(session);
    this.#idle.set(adapter.name, idle);
  }

  /** Closes every session the pool ever handed out or holds. */
  async close(): Promise<void> {
    const sessions = [...this.#all];
    this.#all.clear();
    this.#idle.clear();
    await Promise.all(sessions.map((session) => session.close()));
  }

  /** Resets a reused session; false when it cannot be reset (then a fresh process is better). */
  async #reset(adapter: ResolvedAdapter, session: AdapterSession): Promise<boolean> {
    try {
      await session.call('reset', {});
      session.resetRestartCount();
      session.takeTranscript();
      return true;
    } catch (error) {
      if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') this.#noReset.add(adapter.name);
      return false;
    }
  }
}
