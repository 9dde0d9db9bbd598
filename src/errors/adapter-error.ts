/**
 * Trouble between the harness and an adapter. Every one of these makes the case it happened in `errored`,
 * never `failed`: it says nothing about the agent's conformance (Bowtie keeps the same line).
 * @module
 */

/** Each code, what it means, and the hint `adapter check` prints for it. */
export const ADAPTER_ERROR_CODES = {
  ERR_ADAPTER_START: {
    summary: 'the adapter could not be started or reached',
    hint: 'check the command/args in adapter.json (paths are relative to the adapter folder) or that the URL answers POST',
  },
  ERR_ADAPTER_TIMEOUT: {
    summary: 'no reply within the deadline',
    hint: 'if no reply ever came, stdout is most likely buffered: flush after every line (Python: print(..., flush=True) or sys.stdout.flush(); Go: flush the bufio.Writer; Java: System.out.flush(); Rust: io::stdout().flush()); otherwise a handler never returned: answer every request with exactly one line, and raise limits.deadlineMs in adapter.json only if the agent is really that slow',
  },
  ERR_ADAPTER_CRASHED: {
    summary: 'the adapter process exited or the connection dropped',
    hint: 'read the adapter log (its stderr, kept in each case\'s transcript in report.html); an exception must become a JSON-RPC error reply, not an exit',
  },
  ERR_ADAPTER_REPLY_TOO_LARGE: {
    summary: 'a reply exceeded the size cap',
    hint: 'replies are capped (limits.maxReplyBytes); never print logs or binary data to stdout, use stderr',
  },
  ERR_ADAPTER_REPLY_TOO_COMPLEX: {
    summary: 'a reply nests too deep or holds too many members in one array or object (checked before parsing)',
    hint: 'replies are JSON of reasonable shape: at most 512 levels of nesting and 100,000 members per array or object',
  },
  ERR_ADAPTER_MALFORMED: {
    summary: 'a reply was not one JSON-RPC 2.0 response object on one line',
    hint: 'write exactly one JSON object per line to stdout, with "jsonrpc":"2.0", the request id and "result" or "error"; logs go to stderr',
  },
  ERR_ADAPTER_WRONG_ID: {
    summary: 'a reply carried an id other than the request it answers',
    hint: 'echo the request id unchanged, and answer requests in order',
  },
  ERR_ADAPTER_SCHEMA: {
    summary: 'a result violates the method schema',
    hint: 'see docs/adapter-protocol.md for the method; the listed JSON pointers show what to fix',
  },
  ERR_ADAPTER_UNSUPPORTED: {
    summary: 'the adapter does not implement the method (JSON-RPC -32601)',
    hint: 'this is allowed: cases that need the method are skipped',
  },
  ERR_ADAPTER_METHOD_FAILED: {
    summary: 'the adapter answered with a JSON-RPC error',
    hint: 'a rejected message is a result ({"status":"rejected"}), not a JSON-RPC error; JSON-RPC errors mean the adapter itself failed',
  },
  ERR_ADAPTER_IGNORED_REQUEST: {
    summary: 'pack answered with another envelope than the one asked for (another curve, say), so the case could not test what it asked',
    hint: 'hand `curve`, `enc` and `signBy` to the library; a library that picks the recipient\'s curve itself can be steered by naming one recipient key of that curve (declare adapterProvides: ["curve-selection"]), else answer {"status":"rejected"} with the error code ADAPTER_CANNOT_EXPRESS',
  },
  ERR_ADAPTER_RESTART_LIMIT: {
    summary: 'the adapter died more often than the restart cap allows',
    hint: 'fix the crash first; limits.maxRestarts in adapter.json sets the cap',
  },
  ERR_ADAPTER_PROTOCOL_VERSION: {
    summary: 'describe answered a protocol version this harness does not speak',
    hint: 'answer "protocolVersion": 1',
  },
  ERR_HARNESS_REQUEST: {
    summary: 'the harness built a request that violates the protocol schema (a harness bug)',
    hint: 'report it against didcomm-conformance with the transcript',
  },
} as const;

export type AdapterErrorCode = keyof typeof ADAPTER_ERROR_CODES;

/**
 * Codes after which the stdio stream can no longer be trusted to be in step (a late or stray line
 * could answer the next request), so the session restarts the adapter.
 */
export const DESYNC_CODES: ReadonlySet<AdapterErrorCode> = new Set<AdapterErrorCode>([
  'ERR_ADAPTER_TIMEOUT', 'ERR_ADAPTER_CRASHED', 'ERR_ADAPTER_REPLY_TOO_LARGE', 'ERR_ADAPTER_MALFORMED', 'ERR_ADAPTER_WRONG_ID',
]);

/** Trouble talking to an adapter. `details` holds evidence for the transcript (schema errors, exit code, log tail). */
export class AdapterError extends Error {
  readonly code: AdapterErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: AdapterErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AdapterError';
    this.code = code;
    this.details = details;
  }

  /** The hint printed next to this error: the code's, unless the error knows a likelier cause (`details.hint`). */
  get hint(): string {
    return typeof this.details['hint'] === 'string' ? this.details['hint'] : ADAPTER_ERROR_CODES[this.code].hint;
  }

  toJSON(): { code: AdapterErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Brand check that also works across module copies (vitest workers load their own). */
export function isAdapterError(value: unknown): value is AdapterError {
  return value instanceof Error && value.name === 'AdapterError' && typeof (value as { code?: unknown }).code === 'string';
}
