/**
 * Memory: 100,000 unpacks of one authcrypt message in a loop must not grow the heap or RSS (no per-message
 * state kept), and the same for didcomm-node, whose messages live in WASM memory and must be freed.
 * Prints RSS and heap before, after warm-up and after the loop. Run with `npm run bench`.
 * @module
 */
import { RECIPIENT, SENDER, benchIdentities } from './support/identities.js';
import { didcommNodePeer, referencePeer, type BenchPeer, type Row } from './support/peers.js';

const COUNT = Number(process.env['BENCH_UNPACKS'] ?? 100_000);
const row: Row = { label: 'authcrypt X25519', mode: 'authcrypt', curve: 'X25519', recipients: 1 };
const message = { id: 'mem-1', typ: 'application/didcomm-plain+json', type: 'https://didcomm.org/basicmessage/2.0/message', from: SENDER, to: [RECIPIENT], body: { content: 'x'.repeat(1000) } };

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function snapshot(): { rss: number; heap: number; external: number } {
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed, external: usage.external + usage.arrayBuffers };
}

async function loop(peer: BenchPeer): Promise<void> {
  const packed = await peer.pack(row, message);
  for (let i = 0; i < 2_000; i++) await peer.unpack(packed);
  const warm = snapshot();
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) await peer.unpack(packed);
  const seconds = (performance.now() - started) / 1000;
  const end = snapshot();
  process.stdout.write(`${peer.name.padEnd(14)} ${COUNT} unpacks in ${seconds.toFixed(1)} s: RSS ${mb(warm.rss)} -> ${mb(end.rss)} (${end.rss >= warm.rss ? '+' : ''}${mb(end.rss - warm.rss)}), `
    + `heap ${mb(warm.heap)} -> ${mb(end.heap)}, external+buffers ${mb(warm.external)} -> ${mb(end.external)}\n`);
}

if (!globalThis.gc) process.stdout.write('(run with node --expose-gc for exact heap figures)\n');
const identities = benchIdentities();
for (const peer of [referencePeer(identities), didcommNodePeer(identities)]) await loop(peer);
