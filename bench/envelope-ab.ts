/**
 * This checkout's reference against a baseline checkout's, both loaded in one process: CPU µs per message of
 * each X25519 envelope row, pack and unpack, timed in alternating CPU-time slices (A, B, B, A, …) so that load
 * and the process's state hit both alike. It resolves changes of 1–2% that runs of the envelope bench, whose
 * figures move by tens of percent from run to run on a shared machine, cannot (issue 17 item 5). Each build
 * also opens the other's message first: a change must stay interoperable.
 *
 *   node dist/bench/envelope-ab.js --baseline DIR [--rows anon,auth10:unpack,…] [--slices 31] [--slice-ms 40]
 *
 * DIR is a built checkout (`git worktree add DIR <commit>`, or `git archive <commit> | tar -x -C DIR`, then
 * `npm ci && npm run build` there). A row is a name below, or `name:pack` / `name:unpack` for one direction.
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PlaintextMessage } from '../src/didcomm/types.js';
import { benchArgs, wholeNumber } from './support/args.js';
import { opsPerSecond } from './support/measure.js';
import type { BenchPeer, Row } from './support/peers.js';

const USAGE = 'node dist/bench/envelope-ab.js --baseline DIR [--rows anon,auth10:unpack,...] [--slices N] [--slice-ms N]';
const { values } = benchArgs('envelope-ab', USAGE, {
  baseline: { type: 'string' }, rows: { type: 'string' }, slices: { type: 'string' }, 'slice-ms': { type: 'string' },
});
const SLICES = wholeNumber('envelope-ab', USAGE, 'slices', values.slices, 31);
const SLICE_MS = wholeNumber('envelope-ab', USAGE, 'slice-ms', values['slice-ms'], 40);

/** The X25519 rows of the envelope bench, by short name. */
const ROWS: Record<string, Row> = {
  anon: { label: 'anoncrypt A256CBC-HS512', mode: 'anoncrypt', curve: 'X25519', enc: 'A256CBC-HS512', recipients: 1 },
  gcm: { label: 'anoncrypt A256GCM', mode: 'anoncrypt', curve: 'X25519', enc: 'A256GCM', recipients: 1 },
  xc: { label: 'anoncrypt XC20P', mode: 'anoncrypt', curve: 'X25519', enc: 'XC20P', recipients: 1 },
  anon10: { label: 'anoncrypt A256CBC-HS512 x10', mode: 'anoncrypt', curve: 'X25519', enc: 'A256CBC-HS512', recipients: 10 },
  xc10: { label: 'anoncrypt XC20P x10', mode: 'anoncrypt', curve: 'X25519', enc: 'XC20P', recipients: 10 },
  auth: { label: 'authcrypt', mode: 'authcrypt', curve: 'X25519', recipients: 1 },
  auth10: { label: 'authcrypt x10', mode: 'authcrypt', curve: 'X25519', recipients: 10 },
  asign: { label: 'anoncrypt(sign EdDSA)', mode: 'anoncrypt', curve: 'X25519', enc: 'A256CBC-HS512', signAlg: 'EdDSA', recipients: 1 },
  aa: { label: 'anoncrypt(authcrypt)', mode: 'authcrypt', curve: 'X25519', protectSender: true, recipients: 1 },
};

function usage(why: string): never {
  process.stderr.write(`envelope-ab: ${why} (usage: ${USAGE})\n`);
  process.exit(2);
}

/** The reference peer and bench identities of the checkout built at `root`. */
async function load(root: string): Promise<{ peer: (ids: unknown) => BenchPeer; identities: () => unknown; sender: string; recipient: string }> {
  const at = (file: string): string => pathToFileURL(join(root, 'dist/bench/support', file)).href;
  if (!existsSync(join(root, 'dist/bench/support/peers.js'))) usage(`${root} has no built bench (dist/bench/support/peers.js)`);
  const peers = await import(at('peers.js')) as { referencePeer: (ids: unknown) => BenchPeer };
  const ids = await import(at('identities.js')) as { benchIdentities: () => unknown; SENDER: string; RECIPIENT: string };
  return { peer: peers.referencePeer, identities: ids.benchIdentities, sender: ids.SENDER, recipient: ids.RECIPIENT };
}

/** CPU µs per call of `operation` over about `ms` of CPU time. */
async function slice(operation: () => Promise<unknown>, ms = SLICE_MS): Promise<number> {
  return 1e6 / await opsPerSecond(operation, ms, 'cpu', 5);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (!values.baseline) usage('--baseline DIR is required');
  const a = await load(resolve(values.baseline));
  const b = await load(resolve(import.meta.dirname, '..', '..'));
  // One set of identities for both builds: the same keys and documents, each build's own stores and caches.
  const identities = b.identities();
  const [peerA, peerB] = [a.peer(identities), b.peer(identities)];
  const message: PlaintextMessage = {
    id: 'bench-0001', typ: 'application/didcomm-plain+json', type: 'https://didcomm.org/basicmessage/2.0/message',
    from: b.sender, to: [b.recipient], created_time: 1516269022, body: { content: 'x'.repeat(1000) },
  };
  const specs = (values.rows ?? Object.keys(ROWS).join(',')).split(',').map((spec) => {
    const [name, only] = spec.split(':');
    const row = ROWS[name!];
    if (!row || (only !== undefined && only !== 'pack' && only !== 'unpack')) usage(`unknown row ${JSON.stringify(spec)} (rows: ${Object.keys(ROWS).join(', ')}, optionally :pack or :unpack)`);
    return { row, directions: only ? [only] : ['pack', 'unpack'] };
  });
  process.stdout.write(`CPU µs per message, median (min) of ${SLICES} slices of ${SLICE_MS} ms per build; A = ${values.baseline}, B = this checkout\n`);
  for (const { row, directions } of specs) {
    for (const direction of directions) {
      const [packedA, packedB] = [await peerA.pack(row, message), await peerB.pack(row, message)];
      await peerA.unpack(packedB);
      await peerB.unpack(packedA);
      const opA = direction === 'pack' ? () => peerA.pack(row, message) : () => peerA.unpack(packedA);
      const opB = direction === 'pack' ? () => peerB.pack(row, message) : () => peerB.unpack(packedB);
      await slice(opA, 200);
      await slice(opB, 200);
      const samples: { a: number[]; b: number[] } = { a: [], b: [] };
      for (let i = 0; i < SLICES; i++) {
        // A, B then B, A: neither build always runs right after the other.
        if (i % 2 === 0) { samples.a.push(await slice(opA)); samples.b.push(await slice(opB)); }
        else { samples.b.push(await slice(opB)); samples.a.push(await slice(opA)); }
      }
      const [ma, mb] = [median(samples.a), median(samples.b)];
      const [la, lb] = [Math.min(...samples.a), Math.min(...samples.b)];
      process.stdout.write(`${`${row.label} ${direction}`.padEnd(36)} A ${ma.toFixed(1).padStart(7)} (${la.toFixed(1)})  B ${mb.toFixed(1).padStart(7)} (${lb.toFixed(1)})  B/A ${(mb / ma).toFixed(3)} (min ${(lb / la).toFixed(3)})\n`);
    }
  }
}

await main();
