/**
 * The receiving side of the reference agent's transports on 127.0.0.1: HTTP POST at `/didcomm` (express,
 * spec §8.1) and WebSocket at `/ws` (`ws`, §8.2) on one server. Each arriving message goes to the agent's
 * `receive`; its status is the HTTP answer (TRANS-003), a reply with `return_route` the response body
 * (TRANS-RR-002), a refusal an RFC 9457 problem description. Replies sent on a connection join the wire log.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { WebSocketServer, type WebSocket } from 'ws';
import type { InboundRecord } from './inbox.js';
import { recordWire } from './wire-log.js';

/** Largest body the endpoint reads (HTTP and WebSocket); beyond it HTTP answers 413, WebSocket closes with 1009. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

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

/** A 4xx/5xx answer with an RFC 9457 problem description (the agent's code and requirement as members). */
function sendProblem(res: express.Response, status: number, problem: Problem): void {
  res.status(status).type('application/problem+json').send(JSON.stringify({
    type: 'about:blank', title: problem.code, status, detail: problem.message, code: problem.code,
    ...(problem.requirement ? { requirement: problem.requirement } : {}),
  }));
}

/** The HTTP and WebSocket endpoint of one agent. */
export class AgentEndpoint {
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  #port = 0;

  private constructor(receive: Receive) {
    const app = express();
    app.post('/didcomm', express.text({ type: () => true, limit: MAX_BODY_BYTES }), (req, res) => {
      const body = typeof req.body === 'string' ? req.body : '';
      void receive(body, 'http', req.get('content-type')).then(({ status, reply, problem }) => {
        if (reply) {
          recordWire({ direction: 'out', transport: 'http', endpoint: this.httpUrl, channel: 'response', status: 200, contentType: reply.mediaType, packed: reply.packed });
          res.status(200).type(reply.mediaType).send(reply.packed);
        } else if (problem && status >= 400) sendProblem(res, status, problem);
        else res.status(status).end();
      }, () => sendProblem(res, 500, { code: 'ERR_INTERNAL', message: 'the agent failed on this message' }));
    });
    // Bodies the parser refuses (over MAX_BODY_BYTES: 413; bad encoding: 400/415) get a problem description too.
    app.use((error: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      const status = typeof error.status === 'number' && error.status >= 400 && error.status < 600 ? error.status : 500;
      const tooLarge = error.type === 'entity.too.large';
      if (res.headersSent) return;
      sendProblem(res, status, tooLarge
        ? { code: 'ERR_BODY_TOO_LARGE', message: `the body is over ${MAX_BODY_BYTES} bytes` }
        : { code: 'ERR_BODY_UNREADABLE', message: 'the body could not be read' });
    });
    this.#server = createServer(app);
    this.#wss = new WebSocketServer({ server: this.#server, path: '/ws', maxPayload: MAX_BODY_BYTES });
    this.#wss.on('connection', (socket) => {
      socket.on('message', (data) => void receive(data.toString(), 'ws', undefined, socket));
    });
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
    return `http://127.0.0.1:${this.#port}/didcomm`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.#port}/ws`;
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
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
