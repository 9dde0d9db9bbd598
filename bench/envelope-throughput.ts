/**
 * Pack and unpack throughput (messages/s, ~1 KB body, one recipient and ten) of the reference
 * implementation and SICPA's didcomm-node side by side, interleaved, with the ratio reference/peer per row,
 * min/median/max over repeated rounds, and the reference's throughput as a fraction of what its
 * key-agreement work allows on this machine (the ECDH bound: the same ephemeral key generations and ECDH
 * operations done natively, measured interleaved in the same run).
 * Every X25519 row is held to issue 17's targets: >= 5x didcomm-node and >= 60% of the bound, pack and unpack.
 * Run with `npm run bench` (all benchmarks) or
 * `node dist/bench/envelope-throughput.js [--quick] [--rounds N] [--rows TEXT] [--clock wall|cpu] [--json]`
 * (`--rows` keeps the rows whose label contains TEXT; `--clock cpu` times slices in CPU time, for shared machines).
 * @module
 */
import { diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { KeyAgreementCurve, PlaintextMessage } from '../src/didcomm/types.js';
import { benchIdentities, CURVES, RECIPIENT, SENDER } from './support/identities.js';
import { benchArgs, wholeNumber } from './support/args.js';
import { fmt, interleaved, opsPerSecond, type Stats } from './support/measure.js';
import { didcommNodePeer, referencePeer, type BenchPeer, type Row } from './support/peers.js';

const USAGE = 'node dist/bench/envelope-throughput.js [--quick] [--rounds N] [--rows TEXT] [--clock wall|cpu] [--json]';
const { values } = benchArgs('envelope-throughput', USAGE, {
  quick: { type: 'boolean' }, rounds: { type: 'string' }, rows: { type: 'string' }, clock: { type: 'string' }, json: { type: 'boolean' },
});
const QUICK = values.quick ?? false;
const ROUNDS = wholeNumber('envelope-throughput', USAGE, 'rounds', values.rounds, QUICK ? 3 : 5);
const SLICE_MS = QUICK ? 60 : 200;
const WARMUP_MS = QUICK ? 150 : 400;
const ROW_FILTER = values.rows;
const CLOCK = values.clock ?? 'wall';

/** Issue 17 item 5: the reference on X25519, where a native ECDH is cheap and fixed costs show. */
const TARGET = { ratio: 5, bound: 0.6 };

function usage(why: string): never {
  process.stderr.write(`envelope-throughput: ${why} (usage: ${USAGE})\n`);
  process.exit(2);
}

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
  /** X25519 rows: whether the reference met issue 17's targets, per direction. */
  targets?: { pack: TargetCheck; unpack: TargetCheck };
}

interface TargetCheck {
  ratio: number | undefined;
  bound: number | undefined;
  met: boolean;
}

function targetCheck(side: Record<string, Stats | string>): TargetCheck {
  const share = (a: Stats | string | undefined, b: Stats | string | undefined): number | undefined =>
    (typeof a === 'object' && typeof b === 'object' ? a.median / b.median : undefined);
  const ratio = share(side.reference, side['didcomm-node']);
  const bound = share(side.reference, side.bound);
  return { ratio, bound, met: ratio !== undefined && bound !== undefined && ratio >= TARGET.ratio && bound >= TARGET.bound };
}

async function main(): Promise<void> {
  const identities = benchIdentities();
  const peers: BenchPeer[] = [referencePeer(identities), didcommNodePeer(identities)];
  const results: RowResult[] = [];
  const rows = ROWS.filter((row) => ROW_FILTER === undefined || row.label.includes(ROW_FILTER));
  if (rows.length === 0) usage(`no row's label contains ${JSON.stringify(ROW_FILTER)}`);
  if (CLOCK !== 'wall' && CLOCK !== 'cpu') usage(`--clock is wall or cpu, not ${JSON.stringify(CLOCK)}`);
  // Warm every row up before any is timed, so that no row pays for the JIT compiling code the others share.
  for (const row of rows) {
    for (const p of peers.filter((q) => !q.unsupported(row))) {
      const packed = await p.pack(row, message);
      await opsPerSecond(() => p.pack(row, message), WARMUP_MS);
      await opsPerSecond(() => p.unpack(packed), WARMUP_MS);
    }
  }
  for (const row of rows) {
    const runnable = peers.filter((p) => !p.unsupported(row));
    const packed = Object.fromEntries(await Promise.all(runnable.map(async (p) => [p.name, await p.pack(row, message)] as const)));
    const packOps: Record<string, () => Promise<unknown>> = Object.fromEntries(runnable.map((p) => [p.name, () => p.pack(row, message)]));
    const unpackOps: Record<string, () => Promise<unknown>> = Object.fromEntries(runnable.map((p) => [p.name, () => p.unpack(packed[p.name]!)]));
    if (row.cost && row.curve) {
      packOps.bound = nativeWork(row.curve, row.cost.pack);
      unpackOps.bound = nativeWork(row.curve, row.cost.unpack);
    }
    const result: RowResult = { row: row.label, pack: await interleaved(packOps, ROUNDS, SLICE_MS, CLOCK), unpack: await interleaved(unpackOps, ROUNDS, SLICE_MS, CLOCK) };
    for (const p of peers.filter((q) => q.unsupported(row))) result.pack[p.name] = result.unpack[p.name] = `n/a: ${p.unsupported(row)}`;
    if (row.curve === 'X25519' && row.cost) result.targets = { pack: targetCheck(result.pack), unpack: targetCheck(result.unpack) };
    results.push(result);
    printRow(result);
  }
  const checked = results.filter((r) => r.targets);
  if (checked.length > 0) {
    const met = checked.flatMap((r) => [r.targets!.pack.met, r.targets!.unpack.met]).filter(Boolean).length;
    process.stdout.write(`\nX25519 targets (>= ${TARGET.ratio}x didcomm-node and >= ${TARGET.bound * 100}% of the bound): met on ${met} of ${checked.length * 2} (row, direction)\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ target: TARGET, results })}\n`);
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
    process.stdout.write(`messages per ${CLOCK === 'cpu' ? 'CPU ' : ''}second, median (min–max) over rounds; ratio = reference/didcomm-node; bound = share of the native ECDH/keygen bound\n`);
    process.stdout.write(`target on X25519 rows: >= ${TARGET.ratio}x and >= ${TARGET.bound * 100}% of the bound (met / NOT met), pack and unpack\n\n`);
    process.stdout.write(`${'row'.padEnd(32)} ${'pack reference'.padEnd(22)} ${'pack didcomm-node'.padEnd(22)} ${'ratio'.padEnd(7)} ${'bound'.padEnd(14)} ${'unpack reference'.padEnd(22)} ${'unpack didcomm-node'.padEnd(22)} ${'ratio'.padEnd(7)} bound\n`);
    headerPrinted = true;
  }
  const p = r.pack;
  const u = r.unpack;
  const verdict = (check: TargetCheck | undefined): string => (check === undefined ? '' : check.met ? ' met' : ' NOT met');
  process.stdout.write(`${r.row.padEnd(32)} ${cell(p.reference).padEnd(22)} ${cell(p['didcomm-node']).slice(0, 22).padEnd(22)} ${ratio(p.reference, p['didcomm-node']).padEnd(7)} ${ofBound(p.reference, p.bound).padEnd(5)}${verdict(r.targets?.pack).padEnd(9)} `
    + `${cell(u.reference).padEnd(22)} ${cell(u['didcomm-node']).slice(0, 22).padEnd(22)} ${ratio(u.reference, u['didcomm-node']).padEnd(7)} ${ofBound(u.reference, u.bound)}${verdict(r.targets?.unpack)}\n`);
}

await main();
