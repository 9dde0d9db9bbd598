/**
 * The loopback HTTP endpoint named by the adapter's own DIDs (`createIdentity` with `endpoint: "self:http"`).
 * Identus's edge agent has no inbound transport of its own (it receives through a mediator: pickup or a
 * live WebSocket), so this endpoint only gives its DIDs a real address and records what arrives for
 * `received`. Whether a message is taken is Identus's Mercury verdict (202 when it unpacks, 400 when not);
 * the adapter claims no receiver role, so no case judges this endpoint's behaviour.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedMessage } from '../../src/adapter/protocol/v1/types.generated.js';

/** Largest body kept, bytes; a larger one is answered 413 (LIM-002). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class LoopbackEndpoint {
  readonly #server: Server;
  #records: ReceivedMessage[] = [];
  #seq = 0;

  private constructor(server: Server, readonly url: string) {
    this.#server = server;
  }

  /** Listens on 127.0.0.1 (any free port); `accepts(body)` says whether the agent takes a body. */
  static async start(accepts: (body: string) => Promise<boolean>): Promise<LoopbackEndpoint> {
    let endpoint: LoopbackEndpoint | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      request.on('end', () => {
        if (request.method !== 'POST') return void response.writeHead(405).end();
        if (size > MAX_BODY_BYTES) return void response.writeHead(413).end();
        const packed = Buffer.concat(chunks).toString('utf8');
        const contentType = request.headers['content-type'];
        endpoint?.record(packed, contentType);
        void accepts(packed).then((ok) => response.writeHead(ok ? 202 : 400).end(), () => response.writeHead(400).end());
      });
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    endpoint = new LoopbackEndpoint(server, `http://127.0.0.1:${port}/didcomm`);
    return endpoint;
  }

  record(packed: string, contentType: string | undefined): void {
    this.#records.push({ seq: ++this.#seq, packed, transport: 'http', ...(contentType ? { contentType } : {}) });
  }

  received(after = 0): ReceivedMessage[] {
    return this.#records.filter((r) => r.seq > after);
  }

  clear(): void {
    this.#records = [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
