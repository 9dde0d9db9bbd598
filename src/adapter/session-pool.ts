/**
 * Adapter sessions kept for reuse: starting an adapter takes from a few hundred milliseconds to seconds, and
 * the interop matrix needs each adapter in many pairs. A session handed out again has been `reset` first, so
 * it starts as clean as a fresh process would; an adapter that cannot reset (adapter.json
 * `isolation: "process"`, or no `reset` method) gets a fresh process every time, as before.
 * @module
 */
import { isAdapterError } from '../errors/adapter-error.js';
import type { ResolvedAdapter } from './manifest.js';
import { AdapterSession } from './session.js';

export class SessionPool {
  readonly #idle = new Map<string, AdapterSession[]>();
  readonly #noReset = new Set<string>();
  readonly #all = new Set<AdapterSession>();

  /** A session of `adapter`: an idle one, reset, or a new process. Throws what `AdapterSession.open` throws. */
  async take(adapter: ResolvedAdapter): Promise<AdapterSession> {
    const idle = this.#idle.get(adapter.name) ?? [];
    for (let session = idle.pop(); session; session = idle.pop()) {
      if (await this.#reset(adapter, session)) return session;
      this.#all.delete(session);
      await session.close();
    }
    const session = await AdapterSession.open(adapter.target, adapter.limits);
    this.#all.add(session);
    return session;
  }

  /** Hands `session` back for reuse; one in trouble, or of an adapter that cannot reset, is closed instead. */
  async give(adapter: ResolvedAdapter, session: AdapterSession): Promise<void> {
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
