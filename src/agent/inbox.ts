/**
 * The record of every message an agent received, with its decoded layers: what the harness observes on
 * the wire and judges. Waits on it are bounded by a deadline and end early once decided (waits.ts).
 * @module
 */
import type { PlaintextMessage, UnpackMetadata } from '../didcomm/types.js';
import type { MessageSchemaCheck } from '../schema/protocol-messages.js';
import { waitUntil } from './waits.js';

export type AgentTransport = 'http' | 'ws';

/** What became of a received message. */
export type InboundOutcome = 'handled' | 'queued' | 'forwarded' | 'rejected' | 'ignored';

/** One message as it arrived, and what the agent made of it. */
export interface InboundRecord {
  seq: number;
  /** Epoch milliseconds of arrival. */
  at: number;
  transport: AgentTransport;
  /** `http`: a POST to the endpoint; `response`: the body of a response to our own request (return_route). */
  channel: 'request' | 'response';
  contentType?: string;
  packed: string;
  message?: PlaintextMessage;
  metadata?: UnpackMetadata;
  outcome: InboundOutcome;
  /** Why a message was rejected or ignored: a DidcommError code or an agent reason, with its requirement. */
  error?: { code: string; message: string; requirement?: string };
  /** It came through our mediator: in a pickup `delivery`, or pushed on our connection in live mode (PROTO-PICKUP-009). */
  pickup?: 'delivery' | 'live';
  /** The HTTP status the agent answered (requests over HTTP only). */
  status?: number;
  /** The message checked against the schema of its protocol message type (when there is one). */
  schema?: MessageSchemaCheck;
}

/** The inbox: append-only records and bounded waits on them. */
export class Inbox {
  readonly records: InboundRecord[] = [];
  #seq = 0;
  #waiters = new Set<() => void>();

  add(record: Omit<InboundRecord, 'seq' | 'at'>): InboundRecord {
    const full: InboundRecord = { seq: ++this.#seq, at: Date.now(), ...record };
    this.records.push(full);
    return full;
  }

  /** Call after a record changed (outcome, message): wakes every wait. */
  touch(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** Records after `seq`, oldest first. */
  after(seq = 0): InboundRecord[] {
    return this.records.filter((r) => r.seq > seq);
  }

  clear(): void {
    this.records.length = 0;
  }

  /**
   * The first record (after `afterSeq`) matching `predicate` within `timeoutMs`, or undefined: at the deadline,
   * or one quiet window after the wait's outcome was decided without it (src/agent/waits.ts).
   */
  waitFor(predicate: (record: InboundRecord) => boolean, timeoutMs: number, afterSeq = 0): Promise<InboundRecord | undefined> {
    return waitUntil(() => this.records.find((r) => r.seq > afterSeq && predicate(r)), timeoutMs, (wake) => {
      this.#waiters.add(wake);
      return () => this.#waiters.delete(wake);
    });
  }

  /** The first handled message of `type` (optionally on thread `thid`) within `timeoutMs`. */
  waitForMessage(type: string, timeoutMs: number, options: { thid?: string; pthid?: string; afterSeq?: number } = {}): Promise<InboundRecord | undefined> {
    return this.waitFor((r) => r.message?.type === type
      && (options.thid === undefined || r.message.thid === options.thid)
      && (options.pthid === undefined || r.message.pthid === options.pthid), timeoutMs, options.afterSeq ?? 0);
  }
}
