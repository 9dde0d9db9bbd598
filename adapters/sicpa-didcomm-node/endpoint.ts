/**
 * The adapter's own inbound transport: didcomm-node 0.4.1 is a message library with no transport, so an
 * application gives it one. This is that application part, nothing more: `POST` on 127.0.0.1 (any free
 * port), the body kept exactly as it came, unpacked with didcomm-node's `Message.unpack` (agent.ts) and
 * recorded for `received` with what didcomm-node made of it. The HTTP answer is the adapter's transport
 * choice, documented in the README: `202` when didcomm-node accepted the message, `400` when it rejected it
 * (with its error text), `405` for another method, `413` for a body over 4 MiB. Any Content-Type is taken:
 * whether a media type is acceptable is not the listener's call. No reply is ever sent on the connection
 * (didcomm-node has no protocols, so it has nothing to answer with, `return_route` or not); no WebSocket.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedMessage, UnpackResult } from '../../src/adapter/protocol/v1/types.generated.js';

/** Largest body taken, bytes (LIM-002); a larger one is answered 413 and not recorded. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class NodeEndpoint {
  #records: ReceivedMessage[] = [];
  #seq = 0;
  /** Bumped by `clear`: a body still being unpacked when the adapter is reset is not recorded afterwards. */
  #epoch = 0;

  private constructor(private readonly server: Server, readonly url: string) {}

  /** Listens on 127.0.0.1; `unpack` is didcomm-node's verdict on a body (the agent of the moment). */
  static async start(unpack: (packed: string) => Promise<UnpackResult>): Promise<NodeEndpoint> {
    let endpoint: NodeEndpoint | undefined;
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
        const epoch = endpoint!.#epoch;
        void unpack(packed).then((unpacked) => {
          if (epoch === endpoint!.#epoch) endpoint!.#records.push({ seq: ++endpoint!.#seq, packed, transport: 'http', ...(contentType ? { contentType } : {}), unpacked });
          if (unpacked.status === 'accepted') response.writeHead(202).end();
          else response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`${unpacked.error.code}: ${unpacked.error.message}`);
        }, (error: unknown) => {
          // agent.unpack turns every library error into a rejection; reaching here is an adapter bug.
          console.error(`sicpa adapter: endpoint could not unpack: ${String(error)}`);
          response.writeHead(500).end();
        });
      });
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    endpoint = new NodeEndpoint(server, `http://127.0.0.1:${port}/didcomm`);
    return endpoint;
  }

  /** What arrived after `after` (a `seq`), oldest first. */
  received(after = 0): ReceivedMessage[] {
    return this.#records.filter((r) => r.seq > after);
  }

  /** Forgets what arrived (`reset`); sequence numbers keep growing so `after` stays meaningful. */
  clear(): void {
    this.#records = [];
    this.#epoch++;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
