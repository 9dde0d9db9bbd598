/**
 * Live cells of the interop matrix on real adapter processes over loopback:
 * - the reference against itself under two names, so every ordered pair (self-pairs too) is two processes
 *   exchanging trust pings over HTTP and WebSocket, a basic message, and a message delivered with `send`
 *   over HTTP and WebSocket: every live cell passes, with evidence from both sides;
 * - a sender whose `protocol` and `send` say they sent but send nothing (src/matrix/fixtures/mute-sender)
 *   fails on what the receiver observed, and triangulation through the reference names it; an adapter with
 *   a transport but no protocols (sicpa-didcomm-node) gets n/a naming the missing claims for the protocol
 *   features and real cells for delivery over HTTP;
 * - a sender whose message the receiver rejects (src/matrix/fixtures/garbling-sender): the cell is decided by
 *   the rejection and fails naming it, long before the exchange's deadline.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { LIVE_FEATURES } from './live-features.js';
import { groupCounts, renderMatrixHtml, renderMatrixMarkdown } from './render.js';
import { runMatrix, type MatrixCell, type MatrixPair } from './run.js';

const root = packageRoot();

/** The reference adapter under another name (a second, distinct adapter to the matrix). */
function referenceNamed(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'matrix-reference-'));
  const manifest = JSON.parse(readFileSync(join(root, 'adapters/reference/adapter.json'), 'utf8')) as { name: string; transport: { args: string[] } };
  manifest.name = name;
  manifest.transport.args = manifest.transport.args.map((arg) => (arg.endsWith('.js') ? join(root, 'adapters/reference', arg) : arg));
  writeFileSync(join(dir, 'adapter.json'), JSON.stringify(manifest));
  return dir;
}

function liveCells(pair: MatrixPair): MatrixCell[] {
  return pair.cells.filter((cell) => cell.group === 'live');
}

function pairOf(pairs: MatrixPair[], sender: string, receiver: string): MatrixPair {
  const pair = pairs.find((p) => p.sender === sender && p.receiver === receiver);
  if (!pair) throw new Error(`no pair ${sender} -> ${receiver}`);
  return pair;
}

describe('live interop cells', () => {
  test('reference x reference (two processes per pair, both directions): every live cell passes, judged on both endpoints', async () => {
    const out = mkdtempSync(join(tmpdir(), 'matrix-live-'));
    const result = await runMatrix({ adapters: ['reference', referenceNamed('reference-b')], out, seed: 7 });
    expect(result.liveFeatures).toEqual(LIVE_FEATURES.map((f) => f.id));
    expect(result.pairs.map((p) => `${p.sender}>${p.receiver}`).sort()).toEqual(['reference-b>reference', 'reference-b>reference-b', 'reference>reference', 'reference>reference-b']);
    for (const pair of result.pairs) {
      expect(liveCells(pair).map((c) => [c.feature, c.status, c.detail]), `${pair.sender} -> ${pair.receiver}`)
        .toEqual(LIVE_FEATURES.map((f) => [f.id, 'pass', expect.stringMatching(/over (http|ws)( and unpacked as sent)? in \d+ ms/)]));
      expect(groupCounts(pair, 'live')).toEqual({ passed: 5, tried: 5, failed: false });
      expect(groupCounts(pair, 'envelope').tried).toBeGreaterThan(0);
    }
    const ping = pairOf(result.pairs, 'reference', 'reference-b').cells.find((c) => c.feature === 'live.trust-ping.ws')!;
    const evidence = JSON.parse(readFileSync(join(out, ping.evidence!), 'utf8')) as Record<string, unknown>;
    expect(evidence['requirements']).toEqual(['PROTO-PING-001', 'PROTO-PING-002', 'TRANS-006']);
    const methods = (transcript: unknown) => (transcript as Array<{ kind: string; method?: string }>).filter((t) => t.kind === 'call').map((t) => t.method);
    expect(methods(evidence['senderTranscript'])).toContain('protocol');
    expect(methods(evidence['receiverTranscript'])).toContain('received');
    const [atReceiver] = evidence['receivedByReceiver'] as Array<{ transport: string; unpacked: { message: { type: string; from: string } } }>;
    expect(atReceiver).toMatchObject({ transport: 'ws', unpacked: { message: { type: 'https://didcomm.org/trust-ping/2.0/ping', from: evidence['senderDid'] } } });
    const md = renderMatrixMarkdown(result);
    expect(md).toContain('## live: agent to agent over HTTP and WebSocket');
    expect(md).toContain('### live');
    const html = renderMatrixHtml(result);
    expect(html).toContain('id="matrix-grid-live"');
    expect(html.match(/<td class="c-pass" data-verdict="pass" title="pass: 5 of 5 tried passed"><a href="#pair-[^"]+">✔ 5\/5<\/a><\/td>/g)).toHaveLength(4);
    const delivered = pairOf(result.pairs, 'reference-b', 'reference').cells.find((c) => c.feature === 'live.deliver.http')!;
    const deliveredEvidence = JSON.parse(readFileSync(join(out, delivered.evidence!), 'utf8')) as Record<string, unknown>;
    expect(deliveredEvidence['requirements']).toEqual(['TRANS-001', 'TRANS-002', 'TRANS-003']);
    expect(deliveredEvidence['senderSays']).toMatchObject({ delivered: true });
    const [arrived] = deliveredEvidence['receivedByReceiver'] as Array<{ transport: string; contentType: string; unpacked: { message: { id: string; body: unknown } } }>;
    const sent = deliveredEvidence['sent'] as { id: string; body: unknown };
    expect(arrived).toMatchObject({ transport: 'http', contentType: expect.stringContaining('didcomm-encrypted+json'), unpacked: { message: { id: sent.id, body: sent.body } } });
  }, 180_000);

  test('a sender that only says it sent fails on what the receiver saw, triangulated to it; unclaimed features are n/a, delivery over HTTP is tried', async () => {
    const out = mkdtempSync(join(tmpdir(), 'matrix-live-'));
    const mute = join(root, 'src/matrix/fixtures/mute-sender');
    const result = await runMatrix({ adapters: [mute, 'sicpa-didcomm-node'], out, seed: 7, liveDeadlineMs: 2000 });
    const self = pairOf(result.pairs, 'mute-sender', 'mute-sender');
    for (const cell of liveCells(self)) {
      expect(cell.status, cell.feature).toBe('fail');
      expect(cell.detail).toMatch(/^(PROTO-PING-001|PROTO-BM-001|TRANS-001|TRANS-006): mute-sender's endpoint received nothing within 2000 ms/);
      expect(cell.via).toEqual({ senderToReference: 'fail', referenceToReceiver: 'pass', verdict: 'the sender (mute-sender) is the odd one out' });
      const evidence = JSON.parse(readFileSync(join(out, cell.evidence!), 'utf8')) as { senderSays: unknown; via: { legs: Record<string, { status: string; referenceTranscript: unknown[] }> } };
      expect(evidence.senderSays).toMatchObject(cell.feature.startsWith('live.deliver.') ? { delivered: true } : { thid: expect.any(String) });
      expect(evidence.via.legs['referenceToReceiver']).toMatchObject({ status: 'pass' });
      expect(evidence.via.legs['senderToReference']!.referenceTranscript.length).toBeGreaterThan(0);
    }
    const byFeature = (sender: string, receiver: string) => new Map(liveCells(pairOf(result.pairs, sender, receiver)).map((c) => [c.feature, c]));
    for (const [sender, receiver] of [['mute-sender', 'sicpa-didcomm-node'], ['sicpa-didcomm-node', 'mute-sender'], ['sicpa-didcomm-node', 'sicpa-didcomm-node']] as const) {
      const cells = byFeature(sender, receiver);
      expect([...cells.values()].filter((c) => c.feature !== 'live.deliver.http').map((c) => c.status)).toEqual(['n/a', 'n/a', 'n/a', 'n/a']);
      expect(cells.get('live.trust-ping.ws')!.detail).toBe('sicpa-didcomm-node claims no transport ws and no protocol https://didcomm.org/trust-ping/2.0');
      expect(cells.get('live.deliver.ws')!.detail).toBe('sicpa-didcomm-node claims no transport ws');
      expect([...cells.values()].filter((c) => c.status === 'n/a').every((c) => c.evidence === undefined)).toBe(true);
    }
    // didcomm-node has a transport (the adapter's HTTP) but no protocols: delivery is its live cell (judged
    // with the default deadline in the next test; here the deadline is 2 s to bound the mute cells' waits).
    for (const [sender, receiver] of [['sicpa-didcomm-node', 'mute-sender'], ['sicpa-didcomm-node', 'sicpa-didcomm-node']] as const) {
      expect(byFeature(sender, receiver).get('live.deliver.http')).toMatchObject({ status: expect.not.stringMatching(/^n\/a$/), evidence: expect.any(String) });
    }
    expect(byFeature('mute-sender', 'sicpa-didcomm-node').get('live.deliver.http')).toMatchObject({ status: 'fail', via: { senderToReference: 'fail' } });
  }, 180_000);

  test('a message the receiver rejects decides the cell: it fails on the rejection without waiting out the deadline', async () => {
    const out = mkdtempSync(join(tmpdir(), 'matrix-live-'));
    const garbling = join(root, 'src/matrix/fixtures/garbling-sender');
    // A deadline far beyond the test's timeout: only the decision by the rejection can end these waits in time
    // (the cell itself and triangulation's leg through the reference, which rejects the same bytes).
    const result = await runMatrix({ adapters: [garbling], out, seed: 7, liveDeadlineMs: 120_000 });
    const cell = liveCells(pairOf(result.pairs, 'garbling-sender', 'garbling-sender')).find((c) => c.feature === 'live.deliver.http')!;
    expect(cell).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^TRANS-001: garbling-sender rejected what arrived instead of message [0-9a-f]{32} from garbling-sender: ERR_[A-Z_]+: .*\(garbling-sender's send said delivered: false, status 4\d\d\)$/) });
    expect(cell.via).toMatchObject({ senderToReference: 'fail', referenceToReceiver: 'pass' });
    const evidence = JSON.parse(readFileSync(join(out, cell.evidence!), 'utf8')) as { receivedByReceiver: Array<{ unpacked: { status: string } }> };
    expect(evidence.receivedByReceiver.map((e) => e.unpacked.status)).toEqual(['rejected']);
  }, 60_000);

  test('an agent with a transport but no protocols (didcomm-node): a message its send delivers over HTTP arrives unpacked as sent, both ways', async () => {
    const out = mkdtempSync(join(tmpdir(), 'matrix-live-'));
    const result = await runMatrix({ adapters: ['sicpa-didcomm-node', 'reference'], out, seed: 7 });
    for (const [sender, receiver] of [['sicpa-didcomm-node', 'reference'], ['reference', 'sicpa-didcomm-node'], ['sicpa-didcomm-node', 'sicpa-didcomm-node']] as const) {
      const cell = liveCells(pairOf(result.pairs, sender, receiver)).find((c) => c.feature === 'live.deliver.http')!;
      expect(cell, `${sender} -> ${receiver}`).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^message [0-9a-f]{32} delivered over http and unpacked as sent in \d+ ms$/) });
      const evidence = JSON.parse(readFileSync(join(out, cell.evidence!), 'utf8')) as { sent: { id: string; body: unknown }; receivedByReceiver: Array<{ transport: string; unpacked: { message: { id: string; body: unknown } } }> };
      expect(evidence.receivedByReceiver.find((e) => e.unpacked.message.id === evidence.sent.id)).toMatchObject({ transport: 'http', unpacked: { message: { body: evidence.sent.body } } });
    }
  }, 180_000);
});
