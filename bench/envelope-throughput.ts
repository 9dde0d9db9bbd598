/**
 * Pack and unpack throughput (messages/s, ~1 KB body, one recipient and ten) of the reference
 * implementation and SICPA's didcomm-node side by side, interleaved, with the ratio reference/peer per row,
 * min/median/max over repeated rounds, and the reference's throughput as a fraction of what its
 * key-agreement work allows on this machine (the ECDH bound: the same ephemeral key generations and ECDH
 * operations done natively, measured interleaved in the same run).
 * Run with `npm run bench` (all benchmarks) or `node dist/bench/envelope-throughput.js [--quick] [--json]`.
 * @module
 */
import { diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { KeyAgreementCurve, PlaintextMessage } from '../src/didcomm/types.js';
import { benchIdentities, CURVES, RECIPIENT, SENDER } from './support/identities.js';
import { fmt, interleaved, type Stats } from './support/measure.js';
import { didcommNodePeer, referencePeer, type BenchPeer, type Row } from './support/peers.js';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 3 : 5;
const SLICE_MS = QUICK ? 60 : 200;

const message: PlaintextMessage = {
  id: 'bench-0001', typ: 'application/didcomm-plain+json', type: 'https://didcomm.org/basicmessage/2.0/message',
  from: SENDER, to: [RECIPIENT], created_time: 1516269022, body: { content: 'x'.repeat(1000) },
};

const anon = (r: number) => ({ pack: { keygen: 1, ecdh: r }, unpack: { keygen: 0, ecdh: 1 } });
const auth = (r: number) => ({ pack: { keygen: 1, ecdh: 2 * r }, unpack: { keygen: 0, ecdh: 2 } });
const ROWS: Row[] = [
  { label: 'plaintext', mode: 'plaintext', recipients: 0 },
  ...(['EdDSA', 'ES256', 'ES256K'] as const).map((signAlg): Row => ({ label: `signed ${signAlg}`, mode: 'signed', signAlg, recipients: 0 })),
  ...CURVES.flatMap((curve) => (['A256CBC-HS512', 'A256GCM', 'XC20P'] as const).map((enc): Row => ({ label: `anoncrypt ${curve} ${enc}`, mode: 'anoncrypt', curve, enc, recipients: 1, cost: anon(1) }))),
  ...(['A256CBC-HS512', 'XC20P'] as const).map((enc): Row => ({ label: `anoncrypt X25519 ${enc} x10`, mode: 'anoncrypt', curve: 'X25519', enc, recipients: 10, cost: anon(10) })),
  ...CURVES.map((curve): Row => ({ label: `authcrypt ${curve}`, mode: 'authcrypt', curve, recipients: 1, cost: auth(1) })),
  { label: 'authcrypt X25519 x10', mode: 'authcrypt', curve: 'X25519', recipients: 10, cost: auth(10) },
  { label: 'anoncrypt(sign EdDSA) X25519', mode: 'anoncrypt', curve: 'X25519', enc: 'A256CBC-HS512', signAlg: 'EdDSA', recipients: 1, cost: anon(1) },
  { label: 'anoncrypt(authcrypt) X25519', mode: 'authcrypt', curve: 'X25519', protectSender: true, recipients: 1,
    cost: { pack: { keygen: 2, ecdh: 3 }, unpack: { keygen: 0, ecdh: 3 } } },
];

type Work = { keygen: number; ecdh: number };

function keyPair(curve: KeyAgreementCurve): { privateKey: KeyObject; publicKey: KeyObject } {
  return curve === 'X25519' ? generateKeyPairSync('x25519')
    : generateKeyPairSync('ec', { namedCurve: { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[curve] });
}

/**
 * Exactly the key-agreement work of one message, done natively and nothing else: the bound no
 * implementation on this machine can beat. Measured interleaved with the peers, so load hits it alike.
 */
function nativeWork(curve: KeyAgreementCurve, work: Work): () => Promise<void> {
  const a = keyPair(curve);
  const b = keyPair(curve);
  return async () => {
    for (let i = 0; i < work.keygen; i++) keyPair(curve);
    for (let i = 0; i < work.ecdh; i++) diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
  };
}

interface RowResult {
  row: string;
  pack: Record<string, Stats | string>;
  unpack: Record<string, Stats | string>;
}

async function main(): Promise<void> {
  const identities = benchIdentities();
  const peers: BenchPeer[] = [referencePeer(identities), didcommNodePeer(identities)];
  const results: RowResult[] = [];
  for (const row of ROWS) {
    const runnable = peers.filter((p) => !p.unsupported(row));
    const packed = Object.fromEntries(await Promise.all(runnable.map(async (p) => [p.name, await p.pack(row, message)] as const)));
    const packOps: Record<string, () => Promise<unknown>> = Object.fromEntries(runnable.map((p) => [p.name, () => p.pack(row, message)]));
    const unpackOps: Record<string, () => Promise<unknown>> = Object.fromEntries(runnable.map((p) => [p.name, () => p.unpack(packed[p.name]!)]));
    if (row.cost && row.curve) {
      packOps.bound = nativeWork(row.curve, row.cost.pack);
      unpackOps.bound = nativeWork(row.curve, row.cost.unpack);
    }
    const result: RowResult = { row: row.label, pack: await interleaved(packOps, ROUNDS, SLICE_MS), unpack: await interleaved(unpackOps, ROUNDS, SLICE_MS) };
    for (const p of peers.filter((q) => q.unsupported(row))) result.pack[p.name] = result.unpack[p.name] = `n/a: ${p.unsupported(row)}`;
    results.push(result);
    printRow(result);
  }
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ results })}\n`);
}

function cell(value: Stats | string | undefined): string {
  if (value === undefined) return '-';
  return typeof value === 'string' ? value : `${fmt(value.median)} (${fmt(value.min)}–${fmt(value.max)})`;
}

function ratio(a: Stats | string | undefined, b: Stats | string | undefined): string {
  return typeof a === 'object' && typeof b === 'object' ? `${(a.median / b.median).toFixed(2)}x` : '-';
}

function ofBound(value: Stats | string | undefined, bound: Stats | string | undefined): string {
  return typeof value === 'object' && typeof bound === 'object' ? `${Math.round((value.median / bound.median) * 100)}%` : '-';
}

let headerPrinted = false;
function printRow(r: RowResult): void {
  if (!headerPrinted) {
    process.stdout.write('messages/s, median (min–max) over rounds; ratio = reference/didcomm-node; bound = share of the native ECDH/keygen bound\n\n');
    process.stdout.write(`${'row'.padEnd(32)} ${'pack reference'.padEnd(22)} ${'pack didcomm-node'.padEnd(22)} ${'ratio'.padEnd(7)} ${'bound'.padEnd(6)} ${'unpack reference'.padEnd(22)} ${'unpack didcomm-node'.padEnd(22)} ${'ratio'.padEnd(7)} bound\n`);
    headerPrinted = true;
  }
  const p = r.pack;
  const u = r.unpack;
  process.stdout.write(`${r.row.padEnd(32)} ${cell(p.reference).padEnd(22)} ${cell(p['didcomm-node']).slice(0, 22).padEnd(22)} ${ratio(p.reference, p['didcomm-node']).padEnd(7)} ${ofBound(p.reference, p.bound).padEnd(6)} `
    + `${cell(u.reference).padEnd(22)} ${cell(u['didcomm-node']).slice(0, 22).padEnd(22)} ${ratio(u.reference, u['didcomm-node']).padEnd(7)} ${ofBound(u.reference, u.bound)}\n`);
}

await main();
