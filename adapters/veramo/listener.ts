/**
 * The Veramo agent's DIDComm endpoint: `POST /didcomm` on 127.0.0.1 (express), every body kept as it came
 * and handed to a callback that runs Veramo's own message handling. Veramo 7.0.1 ships no HTTP server for
 * DIDComm in @veramo/did-comm, so this listener is translation: it never decides what a message means, it
 * only turns Veramo's verdict into an HTTP answer (see live-agent.ts).
 * WebSocket: not offered, Veramo 7.0.1 has no WebSocket transport (README, "Live suites").
 * @module
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the agent answered one POST. */
export interface HttpAnswer {
  status: number;
  /** The body of a reply on the request connection (return_route), with its media type. */
  body?: string;
  contentType?: string;
}

/** One POST the endpoint received, before anything looked at it. */
export interface Arrival {
  seq: number;
  packed: string;
  contentType?: string;
  transport: 'http';
}

export class Listener {
  readonly arrivals: Arrival[] = [];
  private seq = 0;

  private constructor(private readonly server: Server, readonly url: string) {}

  /** Listens on a free loopback port; `handle` answers each POST after it is recorded. */
  static async start(handle: (arrival: Arrival) => Promise<HttpAnswer>): Promise<Listener> {
    const app = express();
    let listener: Listener | undefined;
    // Any Content-Type: whether a media type is acceptable is the agent's call, not the listener's (ENV-MT-005).
    app.post('/didcomm', express.text({ type: () => true, limit: '8mb' }), (req, res) => {
      const arrival: Arrival = {
        seq: ++listener!.seq,
        packed: typeof req.body === 'string' ? req.body : '',
        ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        transport: 'http',
      };
      listener!.arrivals.push(arrival);
      handle(arrival).then((answer) => {
        res.status(answer.status);
        if (answer.body === undefined) res.end();
        else res.type(answer.contentType ?? 'application/didcomm-encrypted+json').send(answer.body);
      }, (error: unknown) => {
        res.status(500).type('text/plain').send(error instanceof Error ? error.message : String(error));
      });
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const { port } = server.address() as AddressInfo;
    listener = new Listener(server, `http://127.0.0.1:${port}/didcomm`);
    return listener;
  }

  /** Forgets what arrived (adapter `reset`); sequence numbers keep growing so `after` stays meaningful. */
  clear(): void {
    this.arrivals.length = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
