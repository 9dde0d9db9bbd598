/**
 * The adapter session an agent under fuzzing is asked through, whichever way (unpack or live): the current
 * session, replaced by a fresh, set-up one when the old one exhausted its restarts, and what the campaign
 * reports of it. A crashing input never errors the rest of a campaign this way.
 * @module
 */
import { AdapterSession } from '../adapter/session.js';
import type { ResolvedAdapter } from '../adapter/manifest.js';
import type { Capabilities } from '../adapter/protocol/v1/types.generated.js';

/** Sessions replaced after exhausting their restarts, at most: past this, the agent is beyond fuzzing. */
const MAX_SESSIONS = 20;

export abstract class SessionBackedTarget {
  readonly adapter: ResolvedAdapter;
  protected session: AdapterSession;
  #sessions = 1;

  protected constructor(adapter: ResolvedAdapter, session: AdapterSession) {
    this.adapter = adapter;
    this.session = session;
  }

  get name(): string {
    return this.adapter.name;
  }

  get capabilities(): Capabilities {
    return this.session.description.capabilities;
  }

  get description(): AdapterSession['description'] {
    return this.session.description;
  }

  /** Fresh sessions opened after one exhausted its restarts, and restarts of the current one. */
  get trouble(): { sessions: number; restarts: number } {
    return { sessions: this.#sessions, restarts: this.session.restarts };
  }

  /** Makes a fresh session hold what the agent needs for the campaign. */
  protected abstract setUp(session: AdapterSession): Promise<void>;

  /** Closes the current session and puts a fresh, set-up one in its place. */
  protected async replaceSession(reason: string): Promise<void> {
    await this.session.close();
    if (this.#sessions >= MAX_SESSIONS) throw new Error(`${this.adapter.name} needed more than ${MAX_SESSIONS} fresh sessions (last: ${reason})`);
    this.#sessions += 1;
    const session = await AdapterSession.open(this.adapter.target, this.adapter.limits);
    await this.setUp(session);
    this.session = session;
  }
}
