/**
 * The harness's loopback endpoint for envelope cells whose sender has no `pack` but a real transport
 * (`send`, e.g. Identus: Mercury packs and POSTs in one step). The receiver's created DID names one path of
 * this endpoint as its DIDComm service, the sender `send`s to that DID, and what arrives is taken exactly as
 * it came (body, Content-Type) and handed to the receiver's `unpack`, as `pack`'s output would be. It answers
 * 202 to every POST; it judges nothing itself.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the endpoint took. */
export interface Captured {
  body: string;
  contentType?: string;
}

/** Bodies larger than this are cut off and answered 413 (no envelope of a matrix cell comes near it). */
const MAX_BODY_BYTES = 1 << 20;

export class CaptureEndpoint {
  readonly #inbox = new Map<string, Captured[]>();
  readonly #server: Server;
  #base = '';

  private constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on('end', () => {
        const inbox = req.method === 'POST' ? this.#inbox.get((req.url ?? '').split('?')[0]!) : undefined;
        if (!inbox) return void res.writeHead(404).end();
        if (size > MAX_BODY_BYTES) return void res.writeHead(413).end();
        const contentType = req.headers['content-type'];
        inbox.push({ body: Buffer.concat(chunks).toString('utf8'), ...(contentType ? { contentType } : {}) });
        res.writeHead(202).end();
      });
    });
  }

  /** Listens on a free loopback port. */
  static async start(): Promise<CaptureEndpoint> {
    const endpoint = new CaptureEndpoint();
    await new Promise<void>((resolve) => endpoint.#server.listen(0, '127.0.0.1', resolve));
    endpoint.#base = `http://127.0.0.1:${(endpoint.#server.address() as AddressInfo).port}`;
    return endpoint;
  }

  /** A fresh URL of its own: what is POSTed to it is kept for `take(url)`. */
  newUrl(): string {
    const path = `/capture/${randomUUID()}`;
    this.#inbox.set(path, []);
    return `${this.#base}${path}`;
  }

  /** What arrived at `url` since the last take, oldest first. */
  take(url: string): Captured[] {
    const inbox = this.#inbox.get(new URL(url).pathname);
    return inbox ? inbox.splice(0, inbox.length) : [];
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
