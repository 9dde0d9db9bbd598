/**
 * A fault-injecting relay on 127.0.0.1 that suites put between a sender and an agent's endpoint: each
 * HTTP POST or WebSocket message is passed on to `target` after the configured fault. Faults: delay,
 * drop, duplicate, reorder (hold a batch and release it reversed), truncate, wrong Content-Type, answer 5xx
 * without passing on, close the WebSocket mid-stream. Every exchange has a deadline.
 * @module
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { deliver } from './transport.js';

export type Fault =
  | { kind: 'none' }
  | { kind: 'delay'; ms: number }
  | { kind: 'drop' }
  | { kind: 'duplicate' }
  | { kind: 'reorder'; batch: number }
  | { kind: 'truncate'; bytes: number }
  | { kind: 'content-type'; value: string }
  | { kind: 'status'; status: number }
  | { kind: 'ws-close' };

/** What the relay saw and did, per message. */
export interface RelayEvent {
  transport: 'http' | 'ws';
  fault: Fault['kind'];
  forwardedStatus?: number;
}

export class FaultRelay {
  fault: Fault = { kind: 'none' };
  readonly events: RelayEvent[] = [];
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #held: Array<() => Promise<void>> = [];
  #port = 0;

  private constructor(private readonly target: { http?: string; ws?: string }) {
    this.#server = createServer((req, res) => {
      void readBody(req).then(async (body) => {
        const status = await this.#relayHttp(body, req.headers['content-type'] ?? 'application/octet-stream');
        res.writeHead(status).end();
      }, () => res.writeHead(400).end());
    });
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (client) => {
      const upstream = target.ws ? new WebSocket(target.ws) : undefined;
      const ready = upstream ? new Promise((resolve) => { upstream.once('open', resolve); upstream.once('error', resolve); }) : Promise.resolve();
      upstream?.on('message', (data) => client.readyState === WebSocket.OPEN && client.send(data.toString()));
      client.on('message', (data) => {
        const fault = this.fault;
        this.events.push({ transport: 'ws', fault: fault.kind });
        if (fault.kind === 'ws-close') return client.terminate();
        if (fault.kind === 'drop') return;
        void ready.then(async () => {
          if (fault.kind === 'delay') await sleep(fault.ms);
          const text = fault.kind === 'truncate' ? data.toString().slice(0, fault.bytes) : data.toString();
          upstream?.send(text);
          if (fault.kind === 'duplicate') upstream?.send(text);
        });
      });
      client.on('close', () => upstream?.terminate());
    });
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

  async #relayHttp(body: string, contentType: string): Promise<number> {
    const fault = this.fault;
    const event: RelayEvent = { transport: 'http', fault: fault.kind };
    this.events.push(event);
    const pass = async (text = body, type = contentType) => {
      const result = await deliver(this.target.http!, text, { contentType: type, timeoutMs: 5000 });
      event.forwardedStatus = result.status;
      return result.status || 502;
    };
    switch (fault.kind) {
      case 'drop': return 202;
      case 'status': return fault.status;
      case 'delay': await sleep(fault.ms); return pass();
      case 'duplicate': await pass(); return pass();
      case 'truncate': return pass(body.slice(0, fault.bytes));
      case 'content-type': return pass(body, fault.value);
      case 'reorder': {
        this.#held.push(async () => { await pass(); });
        if (this.#held.length >= fault.batch) for (const release of this.#held.splice(0).reverse()) await release();
        return 202;
      }
      default: return pass();
    }
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 10 * 1024 * 1024) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
