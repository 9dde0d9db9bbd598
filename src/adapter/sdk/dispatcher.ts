/**
 * The adapter side of protocol v1: turn one request text into one reply text by calling the author's
 * handler. Requests are checked against the schemas before a handler sees them and results after, so an
 * author learns about a mistake from their own adapter rather than from a failed run.
 * @module
 */
import { JSONRPC_ERROR, isMethodName, type MethodName, type ParamsOf, type ResultOf } from '../protocol/v1/methods.js';
import { validateParams, validateRequestFrame, validateResult } from '../protocol/v1/validator.js';

type Awaitable<T> = T | Promise<T>;

/**
 * What an adapter author writes: one function per method. Only `describe` is required; a method without
 * a handler answers -32601, which the harness reads as "unsupported" and skips the cases that need it.
 */
export type AdapterHandlers = { describe: () => Awaitable<ResultOf<'describe'>> } & {
  [M in Exclude<MethodName, 'describe'>]?: (params: ParamsOf<M>) => Awaitable<ResultOf<M>>;
};

export interface DispatcherOptions {
  /** Check each handler result against the schema and answer -32603 when it is wrong. Default true. */
  validateResults?: boolean;
}

/** A JSON-RPC reply frame. */
export type ReplyFrame =
  | { jsonrpc: '2.0'; id: number | string; result: unknown }
  | { jsonrpc: '2.0'; id: number | string | null; error: { code: number; message: string; data?: unknown } };

/** Turns request texts into reply frames; `handle` never throws. */
export interface Dispatcher {
  /** The reply to one request line, and the method it named (when it named one). */
  handle(text: string): Promise<{ reply: ReplyFrame; method: string | undefined }>;
}

/** Builds the dispatcher for `handlers`. */
export function createDispatcher(handlers: AdapterHandlers, options: DispatcherOptions = {}): Dispatcher {
  const checkResults = options.validateResults ?? true;
  const table = handlers as Partial<Record<MethodName, (params: unknown) => Awaitable<unknown>>>;
  return {
    async handle(text) {
      let request: unknown;
      try {
        request = JSON.parse(text);
      } catch {
        return { reply: error(null, JSONRPC_ERROR.PARSE_ERROR, 'the request is not JSON'), method: undefined };
      }
      const frame = validateRequestFrame(request);
      const id = (request as { id?: unknown }).id;
      const replyId = typeof id === 'number' || typeof id === 'string' ? id : null;
      if (!frame.valid) return { reply: error(replyId, JSONRPC_ERROR.INVALID_REQUEST, `invalid request: ${frame.errors.join('; ')}`), method: undefined };
      const { method, params } = request as { method: string; params: unknown };
      const handler = isMethodName(method) ? table[method] : undefined;
      if (!isMethodName(method) || !handler) return { reply: error(replyId, JSONRPC_ERROR.METHOD_NOT_FOUND, `method not found: ${method}`), method };
      const valid = validateParams(method, params);
      if (!valid.valid) return { reply: error(replyId, JSONRPC_ERROR.INVALID_PARAMS, `invalid params: ${valid.errors.join('; ')}`), method };
      try {
        const result = (await handler(params)) ?? {};
        if (checkResults) {
          const checked = validateResult(method, result);
          if (!checked.valid) {
            return { reply: error(replyId, JSONRPC_ERROR.INTERNAL_ERROR, `the ${method} handler returned a result that violates the schema: ${checked.errors.join('; ')}`), method };
          }
        }
        return { reply: { jsonrpc: '2.0', id: replyId!, result }, method };
      } catch (thrown) {
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        // A handler saying it cannot do this one request (e.g. a protocol action its library lacks): unsupported, the case is skipped.
        if (thrown instanceof Unsupported) return { reply: error(replyId, JSONRPC_ERROR.METHOD_NOT_FOUND, `unsupported: ${message}`), method };
        return { reply: error(replyId, JSONRPC_ERROR.INTERNAL_ERROR, `the ${method} handler threw: ${message}`), method };
      }
    },
  };
}

/**
 * Thrown by a handler that cannot serve this particular request (a `protocol` action or an option its
 * library lacks): answered JSON-RPC -32601, so the case is `skipped`, not `errored`.
 */
export class Unsupported extends Error {
  override readonly name: string = 'Unsupported';
}

function error(id: number | string | null, code: number, message: string): ReplyFrame {
  return { jsonrpc: '2.0', id, error: { code, message } };
}
