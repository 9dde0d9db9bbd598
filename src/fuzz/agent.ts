/**
 * One agent under fuzzing: an adapter session set up as the holder of every SICPA party (as the vector cases
 * do), whose `unpack` answers become `Answer`s. A dead or hung process is restarted by the session; a session
 * past its restart limit is replaced by a fresh one, so one crashing input never errors the rest of a
 * campaign. A crash or hang counts only when it repeats on the same bytes after the untouched base was
 * accepted in between (`confirm`); otherwise it is harness trouble.
 * @module
 */
import { AdapterSession } from '../adapter/session.js';
import type { ResolvedAdapter } from '../adapter/manifest.js';
import type { Capabilities, PrivateJwk } from '../adapter/protocol/v1/types.generated.js';
import type { TranscriptEntry } from '../adapter/transcript.js';
import { didOf } from '../did/document.js';
import { isAdapterError } from '../errors/adapter-error.js';
import { judge, type Answer, type Judgement } from './judge.js';
import type { Expectation } from './oracle.js';
import { recipeKeys } from './recipe.js';
import { SessionBackedTarget } from './session-target.js';
import type { PlaintextMessage } from '../didcomm/types.js';

/** The agent cannot be fuzzed through `unpack` (no receiver role, no `unpack`, no `importIdentity`). */
export class FuzzUnsupported extends Error {
  override readonly name = 'FuzzUnsupported';
}

/** How a case asks: the plaintext the input carries (live answers are on its thread), whether an answer is owed. */
export interface AskOptions {
  message?: PlaintextMessage;
  /** Keep the transcript of the call (it is large). */
  keep?: boolean;
  /** Live mode: 'quiet' when the agent must not answer, so the harness waits a quiet window, not for an answer. */
  patience?: 'answer' | 'quiet';
}

/** An agent under fuzzing, whichever way it is asked: through `unpack` (FuzzAgent) or live (live-agent.ts). */
export interface FuzzTarget {
  readonly adapter: ResolvedAdapter;
  readonly name: string;
  readonly capabilities: Capabilities;
  readonly description: AdapterSession['description'];
  readonly trouble: { sessions: number; restarts: number };
  ask(text: string, options?: AskOptions): Promise<{ answer: Answer; transcript: TranscriptEntry[] }>;
  judge(expectation: Expectation, answer: Answer): Judgement;
  /** A crash or hang on `text` is the agent's when it repeats after the untouched `base` was accepted. */
  confirm(status: 'crash' | 'hang', text: string, base: { text: string; message?: PlaintextMessage }, message?: PlaintextMessage): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Hands the adapter the parties fuzzed messages are addressed to or come from: `importIdentity` for each
 * document whose secrets the recipe holds, `registerDidDocument` for the others. An adapter without the method
 * cannot be fuzzed this way (FuzzUnsupported).
 */
export async function handOverParties(session: AdapterSession, adapterName: string, documents: Iterable<{ id: string }>): Promise<void> {
  const keys = recipeKeys();
  for (const didDocument of documents) {
    const secrets: PrivateJwk[] = keys.secrets.kids().filter((kid) => didOf(kid) === didDocument.id)
      .map((kid) => ({ ...(keys.secrets.find(kid)!.privateJwk as Record<string, unknown>), kid }) as PrivateJwk);
    try {
      if (secrets.length > 0) await session.call('importIdentity', { didDocument: didDocument as never, secrets });
      else await session.call('registerDidDocument', { didDocument: didDocument as never });
    } catch (error) {
      if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') {
        throw new FuzzUnsupported(`${adapterName} does not implement ${secrets.length > 0 ? 'importIdentity' : 'registerDidDocument'}: it cannot hold the parties the fuzzed messages are addressed to`);
      }
      throw error;
    }
  }
}

export class FuzzAgent extends SessionBackedTarget implements FuzzTarget {
  private constructor(adapter: ResolvedAdapter, session: AdapterSession) {
    super(adapter, session);
  }

  /** Starts the adapter and makes it the holder of every SICPA party; throws FuzzUnsupported when it cannot be. */
  static async open(adapter: ResolvedAdapter): Promise<FuzzAgent> {
    const session = await AdapterSession.open(adapter.target, adapter.limits);
    const agent = new FuzzAgent(adapter, session);
    try {
      if (!session.description.capabilities.roles.includes('receiver')) throw new FuzzUnsupported(`${adapter.name} claims no receiver role: its unpack cannot be asked about messages addressed to it`);
      await agent.setUp(session);
    } catch (error) {
      await session.close();
      throw error;
    }
    return agent;
  }

  protected override async setUp(session: AdapterSession): Promise<void> {
    await session.call('reset', {});
    await handOverParties(session, this.adapter.name, recipeKeys().documents);
    session.takeTranscript();
  }

  /** Unpacks `text`; the transcript of the call is returned only when `keep` (it is large). */
  async unpack(text: string, keep = false): Promise<{ answer: Answer; transcript: TranscriptEntry[] }> {
    let answer: Answer;
    try {
      const result = await this.session.call('unpack', { packed: text });
      answer = result.status === 'accepted'
        ? { status: 'accepted', message: result.message, metadata: result.metadata }
        : { status: 'rejected', code: result.error.code, message: result.error.message };
    } catch (error) {
      if (!isAdapterError(error)) throw error;
      if (error.code === 'ERR_ADAPTER_UNSUPPORTED') throw new FuzzUnsupported(`${this.adapter.name} does not implement unpack`);
      if (error.code === 'ERR_ADAPTER_RESTART_LIMIT') {
        await this.replaceSession(error.message);
        return this.unpack(text, keep);
      }
      answer = error.code === 'ERR_ADAPTER_TIMEOUT' ? { status: 'hang', detail: error.message }
        : error.code === 'ERR_ADAPTER_CRASHED' ? { status: 'crash', detail: error.message }
          : { status: 'errored', code: error.code, detail: error.message };
    }
    const transcript = this.session.takeTranscript();
    return { answer, transcript: keep ? transcript : [] };
  }

  ask(text: string, options: AskOptions = {}): Promise<{ answer: Answer; transcript: TranscriptEntry[] }> {
    return this.unpack(text, options.keep);
  }

  judge(expectation: Expectation, answer: Answer): Judgement {
    return judge(expectation, answer, this.capabilities);
  }

  /**
   * A crash or hang on `text` is the agent's when it repeats after the untouched `base` was accepted by the
   * restarted process; anything else (it passed this time, or the base failed too) is harness trouble.
   */
  async confirm(status: 'crash' | 'hang', text: string, base: { text: string }): Promise<boolean> {
    const control = await this.unpack(base.text);
    if (control.answer.status !== 'accepted') return false;
    const again = await this.unpack(text);
    return again.answer.status === status;
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}
