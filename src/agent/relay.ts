/**
 * A fault-injecting relay on 127.0.0.1 that suites put between a sender and an agent's endpoint: each
 * HTTP POST or WebSocket message is passed on to `target` after a fault. The fault of a message is the
 * next one in `plan` (e.g. "fail the first, pass the rest"), else the standing `fault`. Every message is
 * counted in `events`, with what was passed on and what the sender was answered. Every exchange has a
 * deadline.
 * @module
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { recordWire } from './wire-log.js';
// The relay reads what the agent endpoint it stands in front of would read.
import { MAX_BODY_BYTES } from './endpoint.js';

export type Fault =
  | { kind: 'none' }
  /** Hold the message `ms` before passing it on (and, over HTTP, before answering). */
  | { kind: 'delay'; ms: number }
  /** HTTP: pass the headers and the first half of the body on, pause `ms`, then the rest. WS: as delay. */
  | { kind: 'stall'; ms: number }
  /** Lose the message: HTTP closes the connection without an answer; WebSocket discards it. */
  | { kind: 'drop' }
  /** Pass the message on twice; HTTP answers with the second answer. */
  | { kind: 'duplicate' }
  /** Hold messages until `batch` are held, then pass them on in reverse order (HTTP answers each 202 at once). */
  | { kind: 'reorder'; batch: number }
  /** Pass on only the first `bytes` characters (negative: all but the last `-bytes`). */
  | { kind: 'truncate'; bytes: number }
  /** Pass the message on with this Content-Type (HTTP only). */
  | { kind: 'content-type'; value: string }
  /** Answer this HTTP status without passing the message on. */
  | { kind: 'status'; status: number }
  /** Close both WebSockets abruptly, after passing the message on when `pass`, else instead of it. */
  | { kind: 'ws-close'; pass?: boolean };

/** What the relay saw and did, per message. */
export interface RelayEvent {
  seq: number;
  transport: 'http' | 'ws';
  fault: Fault['kind'];
  /** Characters the sender sent. */
  length: number;
  /** One entry per copy passed on: the target's HTTP status (0: no answer), or 101 for a WebSocket message sent. */
  forwarded: number[];
  /** The HTTP status the sender got; absent while held, when the connection was dropped, and for WebSocket. */
  answered?: number;
}

/** How long a pass to the target may take, ms. */
const UPSTREAM_DEADLINE_MS = 5000;

interface UpstreamAnswer {
  status: number;
  body: string;
  contentType?: string;
}

export class FaultRelay {
  /** The fault of every message once `plan` is empty. */
  fault: Fault = { kind: 'none' };
  /** Faults for the next messages, first one first (consumed per message, HTTP and WebSocket alike). */
  readonly plan: Fault[] = [];
  readonly events: RelayEvent[] = [];
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #held: Array<() => Promise<void>> = [];
  #port = 0;

  private constructor(private readonly target: { http?: string; ws?: string }) {
    this.#server = createServer((req, res) => {
      void readBody(req).then((body) => this.#relayHttp(req, res, body), () => res.writeHead(400).end());
    });
    this.#wss = new WebSocketServer({ server: this.#server, maxPayload: MAX_BODY_BYTES });
    this.#wss.on('connection', (client) => this.#relayWs(client));
  }

  /** Starts a relay in front of `target` (an HTTP endpoint and/or a WebSocket endpoint). */
  static async start(target: { http?: string; ws?: string }): Promise<FaultRelay> {
    const relay = new FaultRelay(target);
    await new Promise<void>((resolve) => relay.#server.listen(0, '127.0.0.1', resolve));
    relay.#port = (relay.#server.address() as AddressInfo).port;
    return relay;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.#port}/didcomm`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.#port}/ws`;
  }

  /** Resolves once `count` messages have reached the relay, or at the deadline; the events so far. */
  async waitForEvents(count: number, timeoutMs: number): Promise<RelayEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count && Date.now() < deadline) await sleep(20);
    return this.events;
  }

  #take(transport: RelayEvent['transport'], length: number): { fault: Fault; event: RelayEvent } {
    const fault = this.plan.shift() ?? this.fault;
    const event: RelayEvent = { seq: this.events.length + 1, transport, fault: fault.kind, length, forwarded: [] };
    this.events.push(event);
    return { fault, event };
  }

  async #relayHttp(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const { fault, event } = this.#take('http', body.length);
    const contentType = req.headers['content-type'] ?? 'application/octet-stream';
    const pass = async (text = body, type = contentType, stallMs = 0): Promise<UpstreamAnswer> => {
      const answer = await postUpstream(this.target.http!, text, type, stallMs);
      event.forwarded.push(answer.status);
      this.#log('out', 'http', this.target.http!, text, fault, answer.status, type);
      return answer;
    };
    const answer = (result: UpstreamAnswer | number): void => {
      const { status, body: text, contentType: type } = typeof result === 'number' ? { status: result, body: '' } : result;
      // No answer from the target reads as a bad gateway to the sender.
      event.answered = status || 502;
      res.writeHead(event.answered, type ? { 'content-type': type } : {}).end(text);
    };
    this.#log('in', 'http', this.httpUrl, body, fault, undefined, contentType);
    switch (fault.kind) {
      case 'drop': return void req.socket.destroy();
      case 'status': return answer(fault.status);
      case 'delay': await sleep(fault.ms); return answer(await pass());
      case 'stall': return answer(await pass(body, contentType, fault.ms));
      case 'duplicate': await pass(); return answer(await pass());
      case 'truncate': return answer(await pass(body.slice(0, fault.bytes)));
      case 'content-type': return answer(await pass(body, fault.value));
      case 'reorder':
        // The message completing the batch is answered after the batch went on, so its sender sees the order.
        await this.#hold(fault.batch, async () => { await pass(); });
        return answer(202);
      case 'ws-close':
      case 'none': return answer(await pass());
    }
  }

  #relayWs(client: WebSocket): void {
    const upstream = this.target.ws ? new WebSocket(this.target.ws) : undefined;
    // Frames are handled one after another, so a frame passed on is written before the upstream closes.
    let chain = new Promise<void>((resolve) => {
      if (!upstream) return resolve();
      upstream.once('open', () => resolve());
      upstream.once('error', () => resolve());
    });
    const closeBoth = () => {
      client.terminate();
      upstream?.terminate();
    };
    upstream?.on('message', (data) => client.readyState === WebSocket.OPEN && client.send(data.toString()));
    upstream?.on('close', () => client.terminate());
    upstream?.on('error', () => client.terminate());
    // A protocol error (a message over maxPayload) is answered by `ws` closing the client with 1009; unheard,
    // its 'error' event would end the process hosting the relay.
    client.on('error', () => undefined);
    client.on('close', () => {
      void chain.then(() => (upstream?.readyState === WebSocket.OPEN ? upstream.close() : upstream?.terminate()));
    });
    client.on('message', (data) => {
      const text = data.toString();
      const { fault, event } = this.#take('ws', text.length);
      const send = (copy = text, then?: () => void) => {
        if (upstream?.readyState !== WebSocket.OPEN) return;
        upstream.send(copy, then);
        event.forwarded.push(101);
        this.#log('out', 'ws', this.target.ws!, copy, fault, 101);
      };
      this.#log('in', 'ws', this.wsUrl, text, fault);
      if (fault.kind === 'drop' || fault.kind === 'status') return;
      if (fault.kind === 'ws-close' && !fault.pass) return closeBoth();
      chain = chain.then(async () => {
        if (fault.kind === 'reorder') return this.#hold(fault.batch, async () => send());
        if (fault.kind === 'delay' || fault.kind === 'stall') await sleep(fault.ms);
        // ws-close with pass: cut both connections as soon as the frame is written, before any answer.
        send(fault.kind === 'truncate' ? text.slice(0, fault.bytes) : text, fault.kind === 'ws-close' ? closeBoth : undefined);
        if (fault.kind === 'duplicate') send();
      });
    });
  }

  /** Publishes what the relay got and passed on to the wire log, so a case's transcript shows the fault applied. */
  #log(direction: 'in' | 'out', transport: RelayEvent['transport'], endpoint: string, packed: string, fault: Fault, status?: number, contentType?: string): void {
    recordWire({
      direction, transport, endpoint, packed, outcome: `relay fault: ${fault.kind}`,
      ...(status !== undefined ? { status } : {}), ...(contentType ? { contentType } : {}),
    });
  }

  /** Holds a pass until `batch` are held, then runs them newest first. */
  async #hold(batch: number, release: () => Promise<void>): Promise<void> {
    this.#held.push(release);
    if (this.#held.length < batch) return;
    for (const next of this.#held.splice(0).reverse()) await next();
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/**
 * POSTs `body` to `url`; with `stallMs`, the first half of the body goes out, then a pause, then the rest
 * (a slow sender the receiver must wait for). Never throws: no answer is status 0.
 */
function postUpstream(url: string, body: string, contentType: string, stallMs: number): Promise<UpstreamAnswer> {
  return new Promise((resolve) => {
    const bytes = Buffer.from(body, 'utf8');
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': contentType, 'content-length': bytes.length },
      timeout: UPSTREAM_DEADLINE_MS + stallMs,
    }, (res) => {
      void readBody(res).then((text) => resolve({
        status: res.statusCode ?? 0, body: text, ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
      }), () => resolve({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy(new Error('upstream deadline')));
    req.on('error', () => resolve({ status: 0, body: '' }));
    if (stallMs <= 0) return void req.end(bytes);
    const half = Math.floor(bytes.length / 2);
    req.write(bytes.subarray(0, half));
    setTimeout(() => req.end(bytes.subarray(half)), stallMs);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) stream.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
