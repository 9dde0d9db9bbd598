/**
 * The load driver of bench/load.ts and of its small twin in npm test (src/agent/load.robustness.test.ts):
 * N authcrypt trust pings with `return_route: "all"` from one sender identity to the reference agent over
 * C concurrent loopback connections (half HTTP keep-alive, half WebSocket), each connection sending its
 * share one after the other and waiting for the response. Interleaved with them, on the same connections,
 * hostile bodies: malformed (not DIDComm), wrong Content-Type and (HTTP only) oversized. Counted: pings
 * answered exactly once, pings the agent recorded exactly once (by message id), 4xx with a problem
 * description for every hostile body; timed: latency per ping and throughput.
 * @module
 */
import { request, Agent as HttpAgent } from 'node:http';
import { WebSocket } from 'ws';
import { ReferenceAgent, MAX_BODY_BYTES } from '../../src/agent/agent.js';
import { packMessage } from '../../src/didcomm/envelope/pack.js';
import { buildPing, PING } from '../../src/didcomm/protocols/trust-ping-2.0/trust-ping.js';
import { MEDIA_TYPES } from '../../src/spec/media-types.js';

export interface LoadOptions {
  messages: number;
  connections: number;
  /** One hostile body after every `hostileEvery` pings on a connection (0: none). */
  hostileEvery: number;
  /** Oversized bodies sent in all (over HTTP; each is MAX_BODY_BYTES + 1 KiB). */
  oversized: number;
  /** The whole run is abandoned after this (pings without an answer count as lost). */
  deadlineMs: number;
}

export interface LoadFigures {
  messages: number;
  connections: { http: number; ws: number };
  /** Pings without a response (client side) or never recorded as handled (agent side). */
  lost: number;
  /** Pings answered more than once, or recorded more than once by the agent. */
  duplicated: number;
  answered: number;
  recordedOnce: number;
  hostile: { sent: number; http4xxWithProblem: number; wsIgnored: number; wrong: string[] };
  latencyMs: { p50: number; p99: number; max: number };
  byTransport: Record<'http' | 'ws', { count: number; p50: number; p99: number }>;
  seconds: number;
  perSecond: number;
  packSeconds: number;
}

const MALFORMED = '{"protected": "not base64url!", "ciphertext": 42';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

function post(agent: HttpAgent, url: URL, body: string | Buffer, contentType: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A 4xx answer whose body is an RFC 9457 problem description with the agent's code. */
function isProblem(answer: HttpAnswer): boolean {
  if (answer.status < 400 || answer.status >= 500 || !answer.contentType.startsWith('application/problem+json')) return false;
  try {
    const problem = JSON.parse(answer.body) as { status?: unknown; code?: unknown; detail?: unknown };
    return problem.status === answer.status && typeof problem.code === 'string' && typeof problem.detail === 'string';
  } catch {
    return false;
  }
}

/** Runs the load against a fresh reference agent; closes it. */
export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const receiver = await ReferenceAgent.start();
  const sender = await ReferenceAgent.start();
  try {
    const httpTarget = await receiver.createIdentity();
    const wsTarget = await receiver.createIdentity({ transport: 'ws' });
    const me = await sender.createIdentity();
    const httpCount = Math.ceil(options.connections / 2);
    const wsCount = options.connections - httpCount;
    // Pre-pack every ping (client work stays out of the timing), dealt round-robin to the connections.
    const packStarted = performance.now();
    const shares: Array<Array<{ id: string; packed: string }>> = Array.from({ length: options.connections }, () => []);
    for (let i = 0; i < options.messages; i += 1) {
      const connection = i % options.connections;
      const to = connection < httpCount ? httpTarget.did : wsTarget.did;
      const ping = buildPing({ from: me.did, to: [to], return_route: 'all' });
      const packed = await packMessage(ping, { mode: 'authcrypt', from: me.did, to: [to] }, sender.keys);
      shares[connection]!.push({ id: ping.id, packed: packed.packed });
    }
    const packSeconds = (performance.now() - packStarted) / 1000;

    const answers = new Map<string, number>();
    const latencies: Record<'http' | 'ws', number[]> = { http: [], ws: [] };
    const hostile = { sent: 0, http4xxWithProblem: 0, wsIgnored: 0, wrong: [] as string[] };
    let oversizedLeft = options.oversized;
    const deadline = Date.now() + options.deadlineMs;
    const url = new URL(receiver.httpUrl);
    const oversizedBody = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x61);

    const httpConnection = async (share: Array<{ id: string; packed: string }>): Promise<void> => {
      const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
      try {
        for (const [index, ping] of share.entries()) {
          if (Date.now() > deadline) return;
          if (options.hostileEvery > 0 && index % options.hostileEvery === options.hostileEvery - 1) {
            const kind = oversizedLeft > 0 ? 'oversized' : index % 2 === 0 ? 'malformed' : 'content-type';
            if (kind === 'oversized') oversizedLeft -= 1;
            hostile.sent += 1;
            const answer = await post(agent, url, kind === 'oversized' ? oversizedBody : MALFORMED, kind === 'content-type' ? 'text/plain' : MEDIA_TYPES.encrypted)
              .catch((error: Error) => ({ status: 0, contentType: '', body: error.message }));
            if (isProblem(answer)) hostile.http4xxWithProblem += 1;
            else hostile.wrong.push(`${kind}: HTTP ${answer.status} ${answer.contentType} ${answer.body.slice(0, 80)}`);
          }
          const started = performance.now();
          const answer = await post(agent, url, ping.packed, MEDIA_TYPES.encrypted).catch(() => undefined);
          if (answer?.status === 200 && answer.body.includes('"ciphertext"')) {
            latencies.http.push(performance.now() - started);
            answers.set(ping.id, (answers.get(ping.id) ?? 0) + 1);
          }
        }
      } finally {
        agent.destroy();
      }
    };

    const wsConnection = async (share: Array<{ id: string; packed: string }>): Promise<void> => {
      const socket = new WebSocket(receiver.wsUrl);
      await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
      let waiting: ((text: string) => void) | undefined;
      let extra = 0;
      socket.on('message', (data) => {
        if (waiting) {
          const wake = waiting;
          waiting = undefined;
          wake(data.toString());
        } else extra += 1;
      });
      try {
        for (const [index, ping] of share.entries()) {
          if (Date.now() > deadline) return;
          if (options.hostileEvery > 0 && index % options.hostileEvery === options.hostileEvery - 1) {
            // Refused without an answer on the socket (WebSocket has no status): it must not become one.
            hostile.sent += 1;
            hostile.wsIgnored += 1;
            socket.send(MALFORMED);
          }
          const started = performance.now();
          const reply = await new Promise<string | undefined>((resolve) => {
            const timer = setTimeout(() => { waiting = undefined; resolve(undefined); }, Math.max(0, deadline - Date.now()));
            waiting = (text) => { clearTimeout(timer); resolve(text); };
            socket.send(ping.packed);
          });
          if (reply?.includes('"ciphertext"')) {
            latencies.ws.push(performance.now() - started);
            answers.set(ping.id, (answers.get(ping.id) ?? 0) + 1);
          }
        }
        // A reply nobody asked for (to a malformed message, or a second one to a ping) is a duplicate.
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (extra > 0) hostile.wrong.push(`ws: ${extra} unsolicited messages`);
      } finally {
        socket.close();
      }
    };

    const started = performance.now();
    await Promise.all(shares.map((share, i) => (i < httpCount ? httpConnection(share) : wsConnection(share))));
    const seconds = (performance.now() - started) / 1000;

    // The agent's side: every ping recorded once, handled.
    const recorded = new Map<string, number>();
    for (const record of receiver.inbox.records) {
      if (record.channel === 'request' && record.message?.type === PING && record.outcome === 'handled') {
        recorded.set(record.message.id, (recorded.get(record.message.id) ?? 0) + 1);
      }
    }
    const ids = shares.flat().map((ping) => ping.id);
    const lost = ids.filter((id) => !answers.has(id) || !recorded.has(id)).length;
    const duplicated = ids.filter((id) => (answers.get(id) ?? 0) > 1 || (recorded.get(id) ?? 0) > 1).length;
    const all = [...latencies.http, ...latencies.ws].sort((a, b) => a - b);
    const sortedHttp = [...latencies.http].sort((a, b) => a - b);
    const sortedWs = [...latencies.ws].sort((a, b) => a - b);
    return {
      messages: options.messages,
      connections: { http: httpCount, ws: wsCount },
      lost,
      duplicated,
      answered: answers.size,
      recordedOnce: [...recorded.values()].filter((n) => n === 1).length,
      hostile,
      latencyMs: { p50: percentile(all, 50), p99: percentile(all, 99), max: all.at(-1) ?? 0 },
      byTransport: {
        http: { count: sortedHttp.length, p50: percentile(sortedHttp, 50), p99: percentile(sortedHttp, 99) },
        ws: { count: sortedWs.length, p50: percentile(sortedWs, 50), p99: percentile(sortedWs, 99) },
      },
      seconds,
      perSecond: all.length / seconds,
      packSeconds,
    };
  } finally {
    await receiver.close();
    await sender.close();
  }
}
