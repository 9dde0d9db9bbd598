/**
 * The receiving side of the reference agent's transports on 127.0.0.1: HTTP POST at `/didcomm` (spec §8.1)
 * and WebSocket at `/ws` (§8.2) on one `node:http` server. Each arriving message goes to the agent's
 * `receive`; its status is the HTTP answer (TRANS-003), a reply with `return_route` the response body
 * (TRANS-RR-002), a refusal an RFC 9457 problem description. Replies sent on a connection join the wire log.
 * No web framework, and `ws` is loaded only when the first WebSocket upgrade arrives: most processes that
 * host an agent never see one, and each load costs every such process its start-up time.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { InboundRecord } from './inbox.js';
import { readBody } from './http-body.js';
import { HARNESS_FAULTS, harnessFault, recordWire } from './wire-log.js';

/** Largest body the endpoint reads (HTTP and WebSocket); beyond it HTTP answers 413, WebSocket closes with 1009. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The HTTP path messages are POSTed to, and the WebSocket path. */
const HTTP_PATH = '/didcomm';
const WS_PATH = '/ws';

/** Why the agent refused a message: its error code, text and the requirement it enforced. */
export type Problem = NonNullable<InboundRecord['error']>;

/** What the agent made of one message arriving at its endpoint. */
export interface ReceiveOutcome {
  status: number;
  /** With `return_route: "all"` over HTTP: the one reply for the response body. */
  reply?: { packed: string; mediaType: string };
  problem?: Problem;
}

type Receive = (body: string, transport: 'http' | 'ws', contentType: string | undefined, socket?: WebSocket) => Promise<ReceiveOutcome>;

/** TRANS-002 / ENV-MT-005: a DIDComm v2 media type, with or without `application/`, parameters ignored. */
export function isDidcommMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return /^(application\/)?didcomm-(encrypted|signed|plain)\+json$/.test(type);
}

/** Answers `body` as UTF-8 text of `type` (the charset is named, as the answers always have). */
function sendText(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body) }).end(body);
}

/** A 4xx/5xx answer with an RFC 9457 problem description (the agent's code and requirement as members). */
function sendProblem(res: ServerResponse, status: number, problem: Problem): void {
  if (res.headersSent || res.destroyed) return;
  sendText(res, status, 'application/problem+json', JSON.stringify({
    type: 'about:blank', title: problem.code, status, detail: problem.message, code: problem.code,
    ...(problem.requirement ? { requirement: problem.requirement } : {}),
  }));
}

/** The request's path: no query, case and one trailing slash ignored (how the endpoint has always matched it). */
function pathOf(req: IncomingMessage): string {
  const path = (req.url ?? '').split('?')[0]!.toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The HTTP and WebSocket endpoint of one agent. */
export class AgentEndpoint {
  readonly #server: Server;
  readonly #receive: Receive;
  /** The WebSocket server, made on the first upgrade request. */
  #wss: Promise<WebSocketServer> | undefined;
  #closing = false;
  #port = 0;

  private constructor(receive: Receive) {
    this.#receive = receive;
    this.#server = createServer((req, res) => this.#onRequest(req, res));
    this.#server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.#onUpgrade(req, socket, head));
  }

  /** Listens on 127.0.0.1 (`port` 0: any free port). */
  static async listen(receive: Receive, port = 0): Promise<AgentEndpoint> {
    const endpoint = new AgentEndpoint(receive);
    await new Promise<void>((resolve, reject) => {
      endpoint.#server.once('error', reject);
      endpoint.#server.listen(port, '127.0.0.1', () => resolve());
    });
    endpoint.#port = (endpoint.#server.address() as AddressInfo).port;
    return endpoint;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.#port}${HTTP_PATH}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.#port}${WS_PATH}`;
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (pathOf(req) !== HTTP_PATH || req.method !== 'POST') {
      // OPTIONS names the one method served; anything else is not here (no body for HEAD, as HTTP has it).
      if (pathOf(req) === HTTP_PATH && req.method === 'OPTIONS') return void res.writeHead(200, { allow: 'POST', 'content-type': 'text/plain', 'x-content-type-options': 'nosniff', 'content-length': 4 }).end('POST');
      res.setHeader('x-content-type-options', 'nosniff');
      return sendText(res, 404, 'text/plain', `Cannot ${req.method} ${(req.url ?? '').split('?')[0]}`);
    }
    let text = '';
    void readBody(req, MAX_BODY_BYTES).then((read) => {
      if (read.kind === 'too-large') return sendProblem(res, 413, { code: 'ERR_BODY_TOO_LARGE', message: `the body is over ${MAX_BODY_BYTES} bytes` });
      if (read.kind === 'unreadable') return sendProblem(res, read.status, { code: 'ERR_BODY_UNREADABLE', message: `the body could not be read: ${read.reason}` });
      text = read.text;
      return this.#receive(read.text, 'http', req.headers['content-type']).then(({ status, reply, problem }) => {
        if (reply) {
          recordWire({ direction: 'out', transport: 'http', endpoint: this.httpUrl, channel: 'response', status: 200, contentType: reply.mediaType, packed: reply.packed });
          sendText(res, 200, reply.mediaType, reply.packed);
        } else if (problem && status >= 400) sendProblem(res, status, problem);
        else {
          res.statusCode = status;
          res.end();
        }
      });
    }).catch((error: unknown) => {
      this.#failedOn('http', text, error);
      sendProblem(res, 500, { code: 'ERR_INTERNAL', message: 'the agent failed on this message' });
    });
  }

  /** Hands an upgrade request to `ws` (loaded now if it is the first), which checks the path and the handshake. */
  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Until `ws` takes the socket, an error on it must not go unheard (it would end the process).
    const ignore = () => undefined;
    socket.on('error', ignore);
    this.#wss ??= import('ws').then(({ WebSocketServer }) => {
      const wss = new WebSocketServer({ noServer: true, path: WS_PATH, maxPayload: MAX_BODY_BYTES });
      wss.on('connection', (client) => {
        // A protocol error (e.g. a message over maxPayload) is answered by `ws` closing the socket (1009);
        // unheard, the 'error' event would end the whole process hosting the agent.
        client.on('error', () => undefined);
        client.on('message', (data) => {
          const text = data.toString();
          void this.#receive(text, 'ws', undefined, client).catch((error: unknown) => this.#failedOn('ws', text, error));
        });
      });
      return wss;
    });
    void this.#wss.then((wss) => {
      socket.off('error', ignore);
      if (this.#closing) return void socket.destroy();
      wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
    }, () => socket.destroy());
  }

  /** The agent failed on a message it received (a harness bug, such as ReferenceDrift packing a reply): evidence. */
  #failedOn(transport: 'http' | 'ws', packed: string, error: unknown): void {
    recordWire({
      direction: 'in', transport, endpoint: transport === 'ws' ? this.wsUrl : this.httpUrl, packed, outcome: 'failed', ...(transport === 'http' ? { status: 500 } : {}),
      error: harnessFault(HARNESS_FAULTS.internal, error),
    });
  }

  /** Sends replies on the WebSocket a message came on (return_route, TRANS-RR-002). */
  replyOnSocket(socket: WebSocket | undefined, replies: Array<{ packed: string; mediaType: string }>): void {
    for (const reply of replies) {
      socket?.send(reply.packed);
      recordWire({ direction: 'out', transport: 'ws', endpoint: this.wsUrl, channel: 'response', contentType: reply.mediaType, packed: reply.packed });
    }
  }

  /** Closes every socket and the server. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#wss) {
      const wss = await this.#wss;
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
