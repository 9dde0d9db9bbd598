/**
 * Adapter protocol over HTTP: each JSON-RPC request is the body of a `POST` to the adapter's URL and the
 * reply is the response body. For agents that run elsewhere (another container, another host).
 * The body is read as a stream and abandoned at the size cap.
 * @module
 */
import { AdapterError } from '../../errors/adapter-error.js';
import type { AdapterLog, AdapterTransport, ExchangeLimits } from './transport.js';

/** An HTTP transport to `url`. */
export class HttpTransport implements AdapterTransport {
  readonly kind = 'http' as const;
  readonly #url: string;
  /** Extra headers (transport/http-headers.ts): a credential, never printed. */
  readonly #headers: Record<string, string>;
  #alive = false;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.#url = url;
    this.#headers = headers;
  }

  get alive(): boolean {
    return this.#alive;
  }

  log(): string {
    return '';
  }

  logSince(offset: number): AdapterLog {
    return { text: '', dropped: 0, next: offset };
  }

  async start(): Promise<void> {
    this.#alive = true;
  }

  async exchange(request: string, limits: ExchangeLimits): Promise<string> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limits.deadlineMs);
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers: { ...this.#headers, 'content-type': 'application/json' },
        body: request,
        signal: abort.signal,
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        // 401/403: the agent wants credentials (or other ones); say how to give them, never which were sent.
        const denied = response.status === 401 || response.status === 403;
        throw new AdapterError('ERR_ADAPTER_MALFORMED', `POST ${this.#url} answered HTTP ${response.status}`, {
          status: response.status,
          ...(denied ? { hint: `the agent refused the request: give it credentials with --adapter-header "authorization: Bearer \${env:TOKEN}" or transport.headers in adapter.json (${Object.keys(this.#headers).length === 0 ? 'none were sent' : `sent: ${Object.keys(this.#headers).join(', ')}`})` } : {}),
        });
      }
      return await readCapped(response, limits.maxReplyBytes, abort);
    } catch (error) {
      if (error instanceof AdapterError) throw error;
      if (abort.signal.aborted) {
        throw new AdapterError('ERR_ADAPTER_TIMEOUT', `no reply within ${limits.deadlineMs} ms`, { deadlineMs: limits.deadlineMs });
      }
      // fetch says only "fetch failed": the cause's code (ECONNREFUSED, ENOTFOUND) is what tells the user why.
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const code = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
      const unreachable = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'bad port'].includes(code ?? '');
      throw new AdapterError('ERR_ADAPTER_CRASHED', `POST ${this.#url} failed: ${(error as Error).message}${code ? ` (${code})` : ''}`,
        unreachable ? { hint: `nothing answers at ${this.#url}: start the adapter's HTTP server first, or check the host and port` } : {}, error);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.#alive = false;
  }
}

async function readCapped(response: Response, cap: number, abort: AbortController): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      abort.abort();
      throw new AdapterError('ERR_ADAPTER_REPLY_TOO_LARGE', `a reply exceeded ${cap} bytes`, { maxReplyBytes: cap });
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString('utf8').trim();
}
