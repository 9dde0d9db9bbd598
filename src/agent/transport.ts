/**
 * The sending side of the DIDComm transports (spec §8 transports.md): HTTP POST with the message's media
 * type as Content-Type (TRANS-001, TRANS-002) and WebSocket with one DIDComm message per WebSocket
 * message (TRANS-006). Every exchange has a deadline.
 * @module
 */
import { WebSocket } from 'ws';
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

async function deliverHttp(uri: string, packed: string, options: DeliveryOptions): Promise<DeliveryResult> {
  try {
    let target = uri;
    let response: Response;
    for (let hop = 0; ; hop++) {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': options.contentType },
        body: packed,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      // TRANS-005: follow redirects, and only 307 (the POST stays a POST); permanent moves belong in the DID document.
      const location = response.headers.get('location');
      if (response.status !== 307 || !location || hop >= MAX_REDIRECTS) break;
      await response.body?.cancel();
      target = new URL(location, target).href;
    }
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? undefined;
    const replies = response.status >= 200 && response.status < 300 && text.trim().startsWith('{')
      ? [{ packed: text, ...(contentType ? { contentType } : {}) }] : [];
    return { status: response.status, replies };
  } catch (error) {
    return { status: 0, replies: [], error: error instanceof Error ? error.message : String(error) };
  }
}

function deliverWs(uri: string, packed: string, options: DeliveryOptions): Promise<DeliveryResult> {
  return new Promise((resolve) => {
    const replies: DeliveryResult['replies'] = [];
    const expect = options.expectReplies ?? 0;
    let opened = false;
    let settled = false;
    const socket = new WebSocket(uri);
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
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
export function openConnection(uri: string, onMessage: (text: string) => void, timeoutMs = 5000): Promise<PersistentConnection> {
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
