/**
 * The transcript of a case: every request the harness sent and every reply the adapter gave, in order,
 * with restarts and the adapter's log. Nothing reaches a transcript unredacted: the client redacts params,
 * replies and errors, the stdio transport the log, the wire log the messages (redact.ts says what is secret).
 * @module
 */

/** Characters of a raw reply kept in a transcript; the rest is cut with a marker. */
export const TRANSCRIPT_REPLY_MAX_CHARS = 64 * 1024;

/**
 * One DIDComm message on the wire between a harness agent and the agent under test, as the harness saw it:
 * the evidence of a live case's verdict (the adapter's own account is in the calls).
 */
export interface WireEntry {
  kind: 'wire';
  at: string;
  /** `in`: arrived at a harness endpoint; `out`: a harness agent sent it. */
  direction: 'in' | 'out';
  /** Absent for a message the harness could not send (`error` says why, code ERR_HARNESS_NOT_SENT). */
  transport?: 'http' | 'ws';
  /** The harness endpoint it arrived at (`in`) or the URI it was sent to (`out`). */
  endpoint: string;
  /** `response`: it came back on the connection of a harness request (return_route). */
  channel?: 'request' | 'response';
  contentType?: string;
  /** The HTTP status answered (`in`) or received (`out`); 101 for a WebSocket that opened, 0 for no connection. */
  status?: number;
  /** The exact bytes (cut at TRANSCRIPT_REPLY_MAX_CHARS). */
  packed: string;
  /** The innermost plaintext: what the harness decrypted (`in`) or packed (`out`). */
  plaintext?: unknown;
  /** What the harness agent made of a received message (handled, queued, forwarded, rejected, ignored). */
  outcome?: string;
  error?: { code: string; message: string; requirement?: string };
  /** The plaintext checked against its protocol message schema: the schemas used and what they found. */
  schema?: { schemas: string[]; violations: Array<{ requirement: string; pointer: string; message: string; schema: string }> };
}

/** One thing that happened between the harness and the adapter. */
export type TranscriptEntry =
  | {
      kind: 'call';
      /** JSON-RPC id. */
      id: number;
      at: string;
      method: string;
      params: unknown;
      /** The raw reply line, as received (cut at TRANSCRIPT_REPLY_MAX_CHARS). */
      reply?: string;
      durationMs: number;
      error?: { code: string; message: string; details?: Record<string, unknown> };
    }
  | { kind: 'restart'; at: string; reason: string; replayed: string[] }
  | { kind: 'log'; at: string; text: string }
  | WireEntry;

import { redactText } from './redact.js';

/** Kept here for the modules that import it from the transcript; redact.ts is where it is defined. */
export { PRIVATE_JWK_MEMBERS } from './redact.js';

/** Characters redacted beyond the cut, so that a key straddling it is seen whole (an RSA-4096 JWK is ~3.2 K). */
const REDACT_MARGIN_CHARS = 16 * 1024;

/** Cuts a raw reply for the transcript. */
export function clipReply(text: string): string {
  return text.length <= TRANSCRIPT_REPLY_MAX_CHARS
    ? text
    : `${text.slice(0, TRANSCRIPT_REPLY_MAX_CHARS)}…[${text.length - TRANSCRIPT_REPLY_MAX_CHARS} more characters cut]`;
}

/** Redacts (as JSON text) and cuts adapter text for the transcript, redacting only what is kept (and a margin). */
export function clipRedacted(text: string): string {
  if (text.length <= TRANSCRIPT_REPLY_MAX_CHARS) return redactText(text, 'json');
  const kept = redactText(text.slice(0, TRANSCRIPT_REPLY_MAX_CHARS + REDACT_MARGIN_CHARS), 'json').slice(0, TRANSCRIPT_REPLY_MAX_CHARS);
  return `${kept}…[${text.length - TRANSCRIPT_REPLY_MAX_CHARS} more characters cut]`;
}
