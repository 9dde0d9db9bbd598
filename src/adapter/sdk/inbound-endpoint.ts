/**
 * An inbound HTTP endpoint for an adapter whose library has no transport of its own (SICPA didcomm-node,
 * the Identus SDK): `POST` on 127.0.0.1 (any free port), the body kept exactly as it came, handed to the
 * library through `take`, and recorded for `received` with what the library made of it. The HTTP answer
 * is the one `take` returns; `405` for another method, `413` for a body over the limit (LIM-002). Any
 * Content-Type is taken: whether a media type is acceptable is the library's call, not the listener's.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedMessage, UnpackResult } from '../protocol/v1/types.generated.js';

/** What the library made of one body: the HTTP status to answer, an optional text, its unpack result. */
export interface TakenBody {
  status: number;
  /** A plain-text answer body (e.g. the library's error), none by default. */
  text?: string;
  unpacked?: UnpackResult;
}

export class InboundEndpoint {
  #records: ReceivedMessage[] = [];
  #seq = 0;
  /** Bumped by `clear`: a body still being taken when the adapter is reset is not recorded afterwards. */
  #epoch = 0;

  private constructor(private readonly server: Server, readonly url: string) {}

  /** Listens on 127.0.0.1; `take` is the library's verdict on a body. */
  static async start(take: (packed: string) => Promise<TakenBody>, maxBodyBytes = 4 * 1024 * 1024): Promise<InboundEndpoint> {
    let endpoint: InboundEndpoint | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBodyBytes) chunks.push(chunk);
      });
      request.on('end', () => {
        if (request.method !== 'POST') return void response.writeHead(405).end();
        if (size > maxBodyBytes) return void response.writeHead(413).end();
        const packed = Buffer.concat(chunks).toString('utf8');
        const contentType = request.headers['content-type'];
        const self = endpoint!;
        const epoch = self.#epoch;
        void take(packed).then((taken) => {
          if (epoch === self.#epoch) {
            self.#records.push({ seq: ++self.#seq, packed, transport: 'http', ...(contentType ? { contentType } : {}), ...(taken.unpacked ? { unpacked: taken.unpacked } : {}) });
          }
          if (taken.text === undefined) response.writeHead(taken.status).end();
          else response.writeHead(taken.status, { 'content-type': 'text/plain; charset=utf-8' }).end(taken.text);
        }, (error: unknown) => {
          // `take` is meant to turn every library error into a verdict; reaching here is an adapter bug.
          console.error(`adapter endpoint: could not take a message: ${String(error)}`);
          response.writeHead(500).end();
        });
      });
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    endpoint = new InboundEndpoint(server, `http://127.0.0.1:${port}/didcomm`);
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
