/**
 * The hint `adapter check` prints under a failed item: the likeliest cause of that failure on that call, said
 * the way a vendor would look for it. The commonest first trouble is an adapter whose stdout is buffered (the
 * first reply never comes, so `describe` times out): it is named as such, with the flush of each language.
 * @module
 */
import { ADAPTER_ERROR_CODES, isAdapterError } from '../errors/adapter-error.js';
import type { CheckItem } from './check.js';

/** The hint when the very first reply (describe) never came. */
export const FIRST_REPLY_HINT = 'the first reply never came. Most often stdout is buffered and the reply sits in the buffer: flush after every line '
  + '(Python: print(line, flush=True) or sys.stdout.flush(), or run with PYTHONUNBUFFERED=1; Go: flush the bufio.Writer; Java: System.out.flush(); '
  + 'Rust: io::stdout().flush(); C: fflush(stdout)). Otherwise the adapter reads more than one line before answering, or writes its reply without the final newline';

/** Per method: what a schema failure usually means. */
const SCHEMA_HINTS: Partial<Record<string, string>> = {
  describe: 'capabilities needs envelopes, algorithms (an object per curve), didMethods, protocols, transports and roles, with names from common.schema.json',
  importIdentity: 'answer {"did": "<the document\'s id>"}, nothing else',
  createIdentity: 'answer {"did", "didDocument"} with the whole DID document (absolute key ids)',
  registerDidDocument: 'answer {} (an empty object)',
  reset: 'answer {} (an empty object)',
  pack: 'answer {"status": "packed", "packed": "<the exact wire text>"} or {"status": "rejected", "error": {"code", "message"}}',
  unpack: 'answer {"status": "accepted", "message", "metadata": {"encrypted", "authenticated", "nonRepudiation", "anonymousSender", ...}} or {"status": "rejected", "error": {"code", "message"}}; metadata keys are camelCase',
  received: 'answer {"messages": [{"seq", "packed", ...}]}',
  send: 'answer {"delivered": true|false}',
};

/**
 * Schema errors without those of the branch the reply did not take: a result with `"status": "accepted"` that
 * misses a member is not also wrong for lacking `error` (newcomer report: both oneOf branches were listed).
 */
export function relevantSchemaErrors(errors: readonly string[]): string[] {
  const own = errors.filter((error) => !/must have required property 'error'|\/status must be equal to constant|must match exactly one schema in oneOf/.test(error));
  return own.length > 0 ? own : [...errors];
}

/** A failed check item for `error` thrown by a call of `method`, with the hint for its likely cause. */
export function adapterFailure(name: string, error: unknown, method: string, options: { firstCall?: boolean } = {}): CheckItem {
  if (!isAdapterError(error)) return { name, verdict: 'fail', detail: (error as Error).message };
  const summary = ADAPTER_ERROR_CODES[error.code].summary;
  if (error.code === 'ERR_ADAPTER_UNSUPPORTED') return { name, verdict: 'unsupported', detail: `${method} answers -32601: cases that need it are skipped` };
  if (error.code === 'ERR_ADAPTER_TIMEOUT' && options.firstCall) {
    return { name, verdict: 'fail', detail: `${error.code} (${summary}): ${error.message}`, hint: FIRST_REPLY_HINT };
  }
  if (error.code === 'ERR_ADAPTER_SCHEMA') {
    const errors = relevantSchemaErrors(Array.isArray(error.details['errors']) ? (error.details['errors'] as string[]) : [error.message]);
    const specific = SCHEMA_HINTS[method];
    return {
      name, verdict: 'fail', detail: `${error.code} (${summary}): the ${method} result: ${errors.join('; ')}`,
      hint: `${specific ? `${specific}; ` : ''}the schema is src/adapter/protocol/v1/${method}.schema.json`,
    };
  }
  return { name, verdict: 'fail', detail: `${error.code} (${summary}): ${error.message}`, hint: error.hint };
}
