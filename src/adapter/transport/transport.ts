/**
 * The seam between the JSON-RPC client and how bytes reach an adapter. A transport moves one request
 * text out and one reply text back, within a deadline and a size cap; it knows nothing of JSON-RPC.
 * @module
 */

/** Per-exchange limits. */
export interface ExchangeLimits {
  /** Milliseconds to wait for the reply. */
  deadlineMs: number;
  /** Bytes a reply may have (UTF-8, without the line end). */
  maxReplyBytes: number;
}

/** One way to reach an adapter: a spawned process (stdio) or a URL (http). */
export interface AdapterTransport {
  readonly kind: 'stdio' | 'http';
  /** Starts the process or checks the endpoint. Throws `AdapterError` `ERR_ADAPTER_START`. */
  start(): Promise<void>;
  /** Sends one request and resolves with the reply text. Throws `AdapterError` on any trouble. */
  exchange(request: string, limits: ExchangeLimits): Promise<string>;
  /** Stops the adapter (stdio: close stdin, then kill after a grace period). Idempotent. */
  close(): Promise<void>;
  /** True while the transport can carry another exchange. */
  readonly alive: boolean;
  /** The adapter's log so far (stdio: stderr tail), for transcripts: already redacted (redact.ts). */
  log(): string;
  /** The log from character `offset` on (an earlier `next`): what is still kept, and how much was dropped. */
  logSince(offset: number): AdapterLog;
}

/** A slice of an adapter's log. */
export interface AdapterLog {
  text: string;
  /** Characters between `offset` and `text` that the bounded log no longer holds. */
  dropped: number;
  /** The offset to ask for next time. */
  next: number;
}
