/**
 * The JSON-RPC 2.0 client of adapter protocol v1. Checks its own request against the method schema, sends
 * it over a transport within the deadline and size cap, then checks the reply frame, its id, and the result
 * against the method schema. Every exchange is handed to `record` for the transcript.
 *
 * This is where replies enter the harness, so it is where they are redacted (redact.ts): the raw reply kept
 * for the transcript, the parsed result every caller gets (and records, reports, verdicts derive from), and the
 * message and details of every error. The secrets an importIdentity hands over are remembered first, so the
 * adapter can never print them back, in a reply or on stderr.
 * @module
 */
import { AdapterError, isAdapterError } from '../errors/adapter-error.js';
import { JSONRPC_ERROR, type MethodName, type ParamsOf, type ResultOf } from './protocol/v1/methods.js';
import { validateParams, validateResponseFrame, validateResult } from './protocol/v1/validator.js';
import { redactParsed, redactText, redactValue, rememberHandedSecrets } from './redact.js';
import { clipReply, type TranscriptEntry } from './transcript.js';
import type { AdapterTransport, ExchangeLimits } from './transport/transport.js';

/** Default milliseconds per call (Bowtie uses 2 s; crypto on slow CI needs more). */
export const DEFAULT_DEADLINE_MS = 10_000;
/** Default reply cap: 16 MiB, far above any honest reply. */
export const DEFAULT_MAX_REPLY_BYTES = 16 * 1024 * 1024;
/** Nesting levels a reply may have: checked on the text, so 100k levels never reach a recursive walk. */
export const MAX_REPLY_DEPTH = 512;
/** Members one array or object of a reply may have (ajv with allErrors reports one error per bad member). */
export const MAX_REPLY_MEMBERS = 100_000;

export interface ClientOptions extends ExchangeLimits {
  /** Receives every exchange (successful or not), already redacted. */
  record?: (entry: TranscriptEntry) => void;
}

/** A JSON-RPC client over one transport. */
export class AdapterClient {
  readonly #transport: AdapterTransport;
  readonly #options: ClientOptions;
  #nextId = 1;

  constructor(transport: AdapterTransport, options: Partial<ClientOptions> = {}) {
    this.#transport = transport;
    this.#options = { deadlineMs: DEFAULT_DEADLINE_MS, maxReplyBytes: DEFAULT_MAX_REPLY_BYTES, ...options };
  }

  /** Calls `method`; resolves with its schema-valid result or throws `AdapterError`. */
  async call<M extends MethodName>(method: M, params: ParamsOf<M>, limits: Partial<ExchangeLimits> = {}): Promise<ResultOf<M>> {
    const checked = validateParams(method, params);
    if (!checked.valid) {
      throw new AdapterError('ERR_HARNESS_REQUEST', `the harness's ${method} params violate the schema`, { errors: checked.errors });
    }
    return (await this.#exchange(method, params, limits, (result) => {
      const valid = validateResult(method, result);
      if (!valid.valid) throw new AdapterError('ERR_ADAPTER_SCHEMA', `the ${method} result violates the schema: ${valid.errors.join('; ')}`, { errors: valid.errors });
    })) as ResultOf<M>;
  }

  /** Calls a method outside protocol v1 (how `adapter check` probes the unknown-method answer). */
  async callUnknown(method: string, params: Record<string, unknown> = {}, limits: Partial<ExchangeLimits> = {}): Promise<unknown> {
    return this.#exchange(method, params, limits, () => undefined);
  }

  async #exchange(method: string, params: unknown, limits: Partial<ExchangeLimits>, checkResult: (result: unknown) => void): Promise<unknown> {
    const id = this.#nextId++;
    const at = new Date().toISOString();
    const started = performance.now();
    if (method === 'importIdentity') rememberHandedSecrets((params as { secrets?: unknown }).secrets);
    /** The reply as the transcript shows it: redacted. */
    let shown: string | undefined;
    const entry = (error?: AdapterError): TranscriptEntry => ({
      kind: 'call', id, at, method, params: redactValue(params),
      ...(shown === undefined ? {} : { reply: clipReply(shown) }),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(error ? { error: { code: error.code, message: error.message, details: error.details } } : {}),
    });
    try {
      const reply = await this.#transport.exchange(JSON.stringify({ jsonrpc: '2.0', id, method, params }), {
        deadlineMs: limits.deadlineMs ?? this.#options.deadlineMs,
        maxReplyBytes: limits.maxReplyBytes ?? this.#options.maxReplyBytes,
      });
      shown = redactText(reply, 'json');
      const result = parseReply(reply, shown, id, this.#nextId);
      // The schema judges what the adapter sent; callers get it redacted.
      checkResult(result);
      const redacted = redactParsed(result, reply, shown);
      this.#options.record?.(entry());
      return redacted;
    } catch (error) {
      const adapterError = redactedError(isAdapterError(error)
        ? error
        : new AdapterError('ERR_ADAPTER_CRASHED', `transport failure: ${(error as Error).message}`, {}, error));
      this.#options.record?.(entry(adapterError));
      throw adapterError;
    }
  }
}

/** `error` with adapter text in its message and details redacted (a JSON-RPC error's message and data, a log tail). */
function redactedError(error: AdapterError): AdapterError {
  const message = redactText(error.message, 'free');
  const details = redactValue(error.details) as Record<string, unknown>;
  return message === error.message && details === error.details ? error : new AdapterError(error.code, message, details, error.cause);
}

/**
 * Refuses a reply nested deeper than MAX_REPLY_DEPTH or with a container of more than MAX_REPLY_MEMBERS
 * members, by a scan of the text that skips strings (no parse, no recursion, bounded memory).
 */
export function checkReplyShape(text: string, maxDepth = MAX_REPLY_DEPTH, maxMembers = MAX_REPLY_MEMBERS): void {
  const members = new Int32Array(maxDepth + 1);
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > maxDepth) {
        throw new AdapterError('ERR_ADAPTER_REPLY_TOO_COMPLEX', `the reply nests deeper than ${maxDepth} levels (refused before parsing)`, { maxDepth });
      }
      members[depth] = 0;
    } else if (c === 0x7d || c === 0x5d) depth = Math.max(0, depth - 1);
    else if (c === 0x2c && depth > 0 && ++members[depth]! >= maxMembers) {
      throw new AdapterError('ERR_ADAPTER_REPLY_TOO_COMPLEX', `an array or object in the reply has more than ${maxMembers} members (refused before parsing)`, { maxMembers, depth });
    }
  }
}

/**
 * Parses and checks one reply line; returns its `result` or throws for an `error` frame. Replies are
 * matched by id: `id` is the only request outstanding and `nextId` the next one to be sent, so any other id
 * is a protocol error, named for what it is (a replay of an answered request, a reply to one not sent yet).
 * Messages quote the redacted text `shown`, never `text`.
 */
function parseReply(text: string, shown: string, id: number, nextId: number): unknown {
  checkReplyShape(text);
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    throw new AdapterError('ERR_ADAPTER_MALFORMED', `the reply is not JSON: ${JSON.stringify(shown.slice(0, 80))}`);
  }
  const valid = validateResponseFrame(frame);
  if (!valid.valid) throw new AdapterError('ERR_ADAPTER_MALFORMED', `the reply is not a JSON-RPC 2.0 response: ${valid.errors.join('; ')}`, { errors: valid.errors });
  const response = frame as { id: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } };
  if (response.error) {
    // A parse error reply may carry id null (JSON-RPC 2.0 §5); anything else must echo our id.
    if (response.id !== id && response.id !== null) throw wrongId(response.id, id, nextId);
    if (response.error.code === JSONRPC_ERROR.METHOD_NOT_FOUND) {
      throw new AdapterError('ERR_ADAPTER_UNSUPPORTED', `the adapter does not implement this method: ${response.error.message}`, { rpcError: response.error });
    }
    throw new AdapterError('ERR_ADAPTER_METHOD_FAILED', `JSON-RPC error ${response.error.code}: ${response.error.message}`, { rpcError: response.error });
  }
  if (response.id !== id) throw wrongId(response.id, id, nextId);
  return response.result;
}

function wrongId(got: unknown, expected: number, nextId: number): AdapterError {
  const what = typeof got === 'number' && Number.isInteger(got) && got >= 1 && got < expected ? `a replay of request ${got}, which was already answered`
    : got === nextId ? `an answer to request ${got}, the next one, which was not sent yet (out of order)`
      : 'an id the harness never used';
  return new AdapterError('ERR_ADAPTER_WRONG_ID', `the reply has id ${JSON.stringify(got)}, the request had ${expected}: ${what}`, { got, expected, pending: [expected] });
}
