/**
 * The sending side of the DIDComm transports (spec §8 transports.md): HTTP POST with the message's media
 * type as Content-Type (TRANS-001, TRANS-002) and WebSocket with one DIDComm message per WebSocket
 * message (TRANS-006). Every exchange has a deadline.
 * @module
 */
import { recordWire } from './wire-log.js';

/** What came back from one delivery. */
export interface DeliveryResult {
  /** HTTP status; 101 for a WebSocket that opened; 0 when the connection failed or timed out. */
  status: number;
  /** Messages the peer sent back on this connection (return_route), as text. */
  replies: Array<{ packed: string; contentType?: string }>;
  error?: string;
}

export interface DeliveryOptions {
  /** Content-Type to send (TRANS-002); the outer layer's media type. */
  contentType: string;
  /** Deadline for the whole exchange, ms. Default 5000. */
  timeoutMs?: number;
  /** WebSocket: how many replies to wait for before closing (return_route). Default 0. */
  expectReplies?: number;
  /** WebSocket: how long to linger for replies after sending when none are expected, ms. Default 0. */
  lingerMs?: number;
  /** The plaintext inside, for the wire log (the harness knows what it packed). */
  plaintext?: unknown;
  /** Ends the exchange early (the agent is closing): a failed delivery, status 0. */
  signal?: AbortSignal;
}

/** Delivers `packed` to `uri` over HTTP(S) or WS; never throws for transport trouble. Each delivery joins the wire log. */
export async function deliver(uri: string, packed: string, options: DeliveryOptions): Promise<DeliveryResult> {
  const ws = uri.startsWith('ws:') || uri.startsWith('wss:');
  const result = ws ? await deliverWs(uri, packed, options) : await deliverHttp(uri, packed, options);
  recordWire({
    direction: 'out', transport: ws ? 'ws' : 'http', endpoint: uri, contentType: options.contentType, status: result.status, packed,
    ...(options.plaintext !== undefined ? { plaintext: options.plaintext } : {}),
    ...(result.error ? { error: { code: 'ERR_DELIVERY', message: result.error } } : {}),
  });
  return result;
}

/** How many 307 redirects one delivery follows. */
const MAX_REDIRECTS = 3;

/** One HTTP answer, its body read whole. */
interface HttpAnswer {
  status: number;
  location?: string;
  contentType?: string;
  body: Buffer;
}

/**
 * POSTs `packed` with `node:http(s)` (no fetch: its first use compiles undici, a cost every process that
 * delivers would pay). One deadline covers the whole exchange: connects, sends, redirects and answer bodies.
 */
async function deliverHttp(uri: string, packed: string, options: DeliveryOptions): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`no complete answer within ${timeoutMs} ms`)), timeoutMs);
  // The caller's signal ends the exchange through the deadline's; its listener goes with the exchange, since the
  // agent's signal outlives every delivery it makes.
  const stop = () => deadline.abort(options.signal!.reason);
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener('abort', stop, { once: true });
  try {
    if (!URL.canParse(uri)) throw new TypeError(`not a URL: ${uri}`);
    let target = new URL(uri);
    let answer: HttpAnswer;
    for (let hop = 0; ; hop++) {
      answer = await post(target, packed, options.contentType, deadline.signal);
      // TRANS-005: follow redirects, and only 307 (the POST stays a POST); permanent moves belong in the DID document.
      if (answer.status !== 307 || !answer.location || hop >= MAX_REDIRECTS) break;
      target = new URL(answer.location, target);
    }
    const text = new TextDecoder('utf-8').decode(answer.body);
    const replies = answer.status >= 200 && answer.status < 300 && text.trim().startsWith('{')
      ? [{ packed: text, ...(answer.contentType ? { contentType: answer.contentType } : {}) }] : [];
    return { status: answer.status, replies };
  } catch (error) {
    return { status: 0, replies: [], error: causeOf(error) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}

/** The error's text, with its system code when the text does not name it (`socket hang up (ECONNRESET)`). */
function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

/**
 * One POST on a connection of its own (no pooled socket the peer may have closed since: a POST is not
 * retried). Rejects with the cause (e.g. `connect ECONNREFUSED 127.0.0.1:9`) or the deadline's reason.
 */
async function post(url: URL, body: string, contentType: string, signal: AbortSignal): Promise<HttpAnswer> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`cannot POST to a ${url.protocol} URL`);
  // https (and with it tls) is loaded only for an https endpoint.
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  signal.throwIfAborted();
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = request(url, {
      method: 'POST', agent: false, signal,
      headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, body: Buffer.concat(chunks),
        ...(res.headers.location ? { location: res.headers.location } : {}),
        ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
      }));
      // Torn down before its end (the deadline, a reset): the deadline's reason, else what happened.
      res.on('error', (error) => reject(signal.aborted ? signal.reason : error));
      res.on('close', () => reject(signal.aborted ? signal.reason : new Error('the connection closed before the answer was complete')));
    });
    req.on('error', (error) => reject(signal.aborted ? signal.reason : error));
    req.end(body);
  });
}

/** `ws`, loaded on the first WebSocket this process opens (most never open one). */
const loadWs = () => import('ws');

async function deliverWs(uri: string, packed: string, options: DeliveryOptions): Promise<DeliveryResult> {
  const { WebSocket } = await loadWs();
  return new Promise((resolve) => {
    const replies: DeliveryResult['replies'] = [];
    const expect = options.expectReplies ?? 0;
    let opened = false;
    let settled = false;
    const socket = new WebSocket(uri);
    const stop = () => finish(String((options.signal?.reason as Error | undefined)?.message ?? 'aborted'));
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', stop);
      clearTimeout(deadline);
      clearTimeout(linger);
      socket.terminate();
      resolve({ status: opened ? 101 : 0, replies, ...(error ? { error } : {}) });
    };
    const deadline = setTimeout(() => finish(expect > 0 ? `timed out waiting for ${expect} replies` : undefined), options.timeoutMs ?? 5000);
    let linger: NodeJS.Timeout | undefined;
    socket.on('open', () => {
      opened = true;
      socket.send(packed, (error) => {
        if (error) return finish(error.message);
        if (expect === 0) linger = setTimeout(() => finish(), options.lingerMs ?? 0);
      });
    });
    socket.on('message', (data) => {
      replies.push({ packed: data.toString() });
      if (expect > 0 && replies.length >= expect) finish();
    });
    socket.on('error', (error) => finish(error.message));
    socket.on('close', () => finish());
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
  });
}

/** A WebSocket the agent keeps open (TRANS-006): what pickup live mode needs (PROTO-PICKUP-009). */
export interface PersistentConnection {
  readonly uri: string;
  /** Sends one DIDComm message; resolves once written, rejects when the socket is closed. */
  send(packed: string): Promise<void>;
  readonly open: boolean;
  /** Resolves when the socket has closed (by either side). */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/** Opens a WebSocket to `uri`; every message the peer sends on it goes to `onMessage`. */
export async function openConnection(uri: string, onMessage: (text: string) => void, timeoutMs = 5000): Promise<PersistentConnection> {
  const { WebSocket } = await loadWs();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(uri);
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const deadline = setTimeout(() => {
      socket.terminate();
      reject(new Error(`no WebSocket connection to ${uri} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('message', (data) => onMessage(data.toString()));
    socket.once('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    socket.once('open', () => {
      clearTimeout(deadline);
      socket.on('error', () => undefined);
      resolve({
        uri,
        closed,
        get open() {
          return socket.readyState === WebSocket.OPEN;
        },
        send: (packed) => new Promise((sent, failed) => socket.send(packed, (error) => {
          recordWire({ direction: 'out', transport: 'ws', endpoint: uri, packed, ...(error ? { error: { code: 'ERR_DELIVERY', message: error.message } } : {}) });
          return error ? failed(error) : sent();
        })),
        close: async () => {
          socket.terminate();
          await closed;
        },
      });
    });
  });
}
