/**
 * The cost of one adapter call over stdio, harness side and adapter side together: JSON-RPC framing,
 * schema validation both ways, the pipe, and the SDK's dispatch. Measured against a no-op handler (the
 * reference adapter's `describe`, a constant) and against a real call (the reference adapter's plaintext `unpack`), so the
 * protocol overhead can be read apart from the work; the unpack once more recorded for a transcript, as a session
 * does (the redacted copy of params and reply), after an importIdentity whose secrets are then redacted wherever they reappear. Run with `npm run bench:adapter`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdapterClient } from '../src/adapter/client.js';
import { packageRoot } from '../src/adapter/manifest.js';
import { StdioTransport } from '../src/adapter/transport/stdio.js';
import { benchArgs } from './support/args.js';

const { values } = benchArgs('adapter-roundtrip', 'node dist/bench/adapter-roundtrip.js [--json]', { json: { type: 'boolean', default: false } });

const WARMUP = 200;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2000);
const root = packageRoot();
const PLAIN = JSON.stringify({ id: 'bench-1', type: 'https://didcomm.org/trust-ping/2.0/ping', body: {} });

/** The spec's Alice (did document and private keys), as the suites import her: sessions redact what they hand over. */
function alice(): { didDocument: { id: string }; secrets: Array<{ kid: string; kty: string }> } {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(root, 'vectors/upstream/didcomm-spec', name), 'utf8'));
  const documents = read('did-docs.json') as Record<string, { id: string }>;
  const secrets = (read('secrets.json') as { sender: Array<Record<string, unknown>> }).sender;
  // Appendix A.2 spells one member "kid " (VEC-002).
  return { didDocument: documents['did:example:alice']!, secrets: secrets.map(({ ['kid ']: typo, ...jwk }) => ({ ...jwk, kid: (jwk['kid'] ?? typo) as string, kty: jwk['kty'] as string })) };
}

interface Figures {
  label: string;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  callsPerSecond: number;
}

async function measure(label: string, args: string[], call: (client: AdapterClient) => Promise<unknown>, recorded = false): Promise<Figures> {
  const transport = new StdioTransport({ command: 'node', args, cwd: root });
  await transport.start();
  // A session records every exchange (redacted) for the transcript; the bare client does not.
  let kept = 0;
  const client = new AdapterClient(transport, { deadlineMs: 15_000, ...(recorded ? { record: () => { kept += 1; } } : {}) });
  await client.call('describe', {});
  if (recorded) await client.call('importIdentity', alice());
  for (let i = 0; i < WARMUP; i += 1) await call(client);
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = performance.now();
    await call(client);
    samples.push(performance.now() - t0);
  }
  const total = performance.now() - started;
  await client.call('shutdown', {}).catch(() => undefined);
  await transport.close();
  if (recorded && kept < ROUNDS) throw new Error(`only ${kept} of ${ROUNDS} exchanges were recorded`);
  samples.sort((a, b) => a - b);
  const us = (ms: number): number => Math.round(ms * 1000);
  return {
    label,
    meanUs: us(total / ROUNDS),
    p50Us: us(samples[Math.floor(ROUNDS / 2)]!),
    p99Us: us(samples[Math.floor(ROUNDS * 0.99)]!),
    callsPerSecond: Math.round((ROUNDS / total) * 1000),
  };
}

const results = [
  await measure('stdio round trip, no-op handler (reference describe)', [join(root, 'dist/adapters/reference/main.js')], (c) => c.call('describe', {})),
  await measure('stdio round trip, reference plaintext unpack', [join(root, 'dist/adapters/reference/main.js')], (c) => c.call('unpack', { packed: PLAIN })),
  await measure('stdio round trip, reference plaintext unpack, recorded for a transcript (after importing the spec\'s Alice)', [join(root, 'dist/adapters/reference/main.js')], (c) => c.call('unpack', { packed: PLAIN }), true),
];
for (const r of results) {
  process.stdout.write(`${r.label}: mean ${r.meanUs} µs, p50 ${r.p50Us} µs, p99 ${r.p99Us} µs, ${r.callsPerSecond} calls/s (${ROUNDS} calls)\n`);
}
if (values.json) process.stdout.write(`${JSON.stringify(results)}\n`);
