import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveAdapter } from '../adapter/manifest.js';
import { loadRun } from '../report/run-data.js';
import type { Capabilities } from '../adapter/protocol/v1/types.generated.js';
import { runFuzzJob } from './job.js';
import { liveRefusal, LiveFuzzAgent } from './live-agent.js';
import { judgeLive } from './live-oracle.js';
import { pingMessage } from './recipe-corpus.js';
import { replayFuzzBundle } from './replay.js';
import { shrinkFinding } from './shrink.js';
import { loadBases } from './cases.js';
import type { Expectation } from './oracle.js';
import { disagreementKey } from './cells.js';
import type { UnpackResult } from '../didcomm/types.js';

const out = mkdtempSync(join(tmpdir(), 'live-fuzz-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// Every connection this file's campaigns open: loopback only (a reply to a SICPA party's example.com
// endpoint once left the machine).
const hosts = new Set<string>();
const noteConnection = (message: unknown) => {
  const socket = (message as { socket: Socket & { _host?: string | null } }).socket;
  // A name to look up is known once connect has been called; an address, once connected.
  setImmediate(() => socket._host && hosts.add(socket._host));
  socket.once('connect', () => hosts.add(String(socket.remoteAddress)));
};
subscribe('net.client.socket', noteConnection);
afterAll(() => {
  unsubscribe('net.client.socket', noteConnection);
  expect([...hosts].filter((host) => !['127.0.0.1', '::1', 'localhost'].includes(host))).toEqual([]);
  expect(hosts.size).toBeGreaterThan(0);
});
const flawed = resolveAdapter(join(import.meta.dirname, '..', '..', 'adapters', 'faux', 'live-from-unchecked'));

const caps = (over: Partial<Capabilities>): Capabilities => ({
  envelopes: ['anoncrypt', 'authcrypt'], algorithms: {}, didMethods: ['peer:2'], protocols: ['https://didcomm.org/trust-ping/2.0'], transports: ['http'], roles: ['receiver'], ...over,
});

function accepted(message = pingMessage()): UnpackResult {
  return { message, metadata: { encrypted: true, authenticated: true, nonRepudiation: false, anonymousSender: false, layers: [], warnings: [] } } as unknown as UnpackResult;
}

describe('live mode: what the agent does on the wire, judged', () => {
  test('only an agent with a receiver role, a transport and trust-ping can be fuzzed live', () => {
    expect(liveRefusal('x', caps({}))).toBeUndefined();
    expect(liveRefusal('x', caps({ transports: [] }))).toMatch(/claims no transport/);
    expect(liveRefusal('x', caps({ protocols: ['https://didcomm.org/routing/2.0'] }))).toMatch(/does not claim trust-ping 2.0/);
    expect(liveRefusal('x', caps({ roles: ['sender'] }))).toMatch(/no receiver role/);
  });

  test('an answer to a ping it must reject is a finding; silence on one it must accept is not (answering is a SHOULD); a refusal is', () => {
    const capabilities = caps({});
    const reject: Expectation = { kind: 'must-reject', requirement: 'ENV-NEST-008', code: 'ERR_LAYER_MISMATCH', message: 'from', outerOpens: false };
    const accept: Expectation = { kind: 'must-accept', duty: 'ENC-AUTH-001', result: accepted(), needs: {} };
    expect(judgeLive(reject, { status: 'accepted', message: pingMessage() as never, metadata: {} as never }, capabilities)).toMatchObject({ kind: 'finding', behaviour: 'accepts-invalid', requirement: 'ENV-NEST-008' });
    expect(judgeLive(reject, { status: 'silent', detail: '202' }, capabilities)).toEqual({ kind: 'agrees' });
    expect(judgeLive(accept, { status: 'silent', detail: '202' }, capabilities)).toMatchObject({ kind: 'open-difference', because: expect.stringMatching(/^PROTO-PING-002/) });
    expect(judgeLive(accept, { status: 'rejected', code: 'HTTP 400', message: '' }, capabilities)).toMatchObject({ kind: 'finding', behaviour: 'rejects-valid', requirement: 'ENC-AUTH-001' });
    // A ping from no party the harness answers for (or not to the agent) owes no visible answer: not asked.
    const fromNobody: Expectation = { ...accept, result: accepted({ ...pingMessage(), from: 'did:example:bob' }) };
    expect(judgeLive(fromNobody, { status: 'rejected', code: 'HTTP 400', message: '' }, capabilities)).toMatchObject({ kind: 'not-applicable', detail: expect.stringMatching(/names no party/) });
    // A ping on a thread outside the unreserved set can be taken, but not answered without breaking THR-001.
    const oddThread: Expectation = { ...accept, result: accepted({ ...pingMessage(), thid: '\ufeffbom' }) };
    expect(judgeLive(oddThread, { status: 'silent', detail: '101' }, capabilities)).toMatchObject({ kind: 'not-applicable', detail: expect.stringMatching(/"thid" would be .*THR-001/) });
    expect(judgeLive({ ...accept, result: accepted({ ...pingMessage(), thid: 'bom' }) }, { status: 'silent', detail: '101' }, capabilities)).toMatchObject({ kind: 'open-difference' });
  });

  test('in a live differential, silence and a refusal do not disagree (neither shows an acceptance); an answer does', () => {
    const reject: Expectation = { kind: 'must-reject', requirement: 'ENV-NEST-008', code: 'ERR_LAYER_MISMATCH', message: 'from', outerOpens: false };
    expect(disagreementKey(reject, { a: 'silent', b: 'reject' })).toBeUndefined();
    expect(disagreementKey(reject, { a: 'silent', b: 'accept' })?.key).toBe('must-reject ENV-NEST-008 | a=silent b=accept');
  });

  test('the reference, fuzzed live over HTTP and WebSocket, has no finding and nothing errored', async () => {
    const job = await runFuzzJob({ adapters: [resolveAdapter('reference')], mode: 'live', seed: 5, cases: 40, jobs: 1, out: join(out, 'reference') });
    const tally = job.campaign.tallies[0]!;
    expect(job.campaign.cases).toBe(40);
    expect([...tally.findings.keys()]).toEqual([]);
    expect(tally.counts.errored).toBe(0);
    expect(Object.keys(tally.unusableBases)).toEqual([]);
    // It answers what it accepts and refuses with 400 what it must refuse.
    expect(tally.answers.accepted).toBeGreaterThan(0);
    expect(tally.answers.rejected + tally.answers.silent).toBeGreaterThan(0);
    expect(job.exitCode).toBe(0);
    const run = loadRun(join(out, 'reference'));
    expect(run.cases.map((c) => [c.id, c.outcome])).toEqual([['fuzz.campaign.live', 'passed']]);
  }, 180_000);

  test('a planted live flaw (a ping answered whose from is not the authcrypt sender) is found, shrunk and replayed', async () => {
    const job = await runFuzzJob({ adapters: [flawed], mode: 'live', seed: 3, cases: 60, jobs: 1, out: join(out, 'flawed') });
    const found = job.campaign.shrunk.findings.map((f) => `${f.requirement} ${f.behaviour}`);
    expect(found).toContain('ENV-NEST-008 accepts-invalid');
    expect(found.every((f) => /^ENV-NEST-0(08|10) accepts-invalid$/.test(f)), found.join('; ')).toBe(true);
    for (const finding of job.campaign.shrunk.findings) expect(finding.reproduced).toBe(true);
    expect(job.exitCode).toBe(1);
    const bundle = join(out, 'flawed', 'repro', 'fuzz.accepts-invalid.env-nest-008');
    expect(JSON.parse(readFileSync(join(bundle, 'fuzz.json'), 'utf8'))).toMatchObject({ mode: 'live', requirement: 'ENV-NEST-008' });
    const again = await replayFuzzBundle(bundle);
    expect(again.reproduced, again.lines.join('\n')).toBe(true);
    // The reference refuses the same bytes: the flaw is the faux agent's.
    expect((await replayFuzzBundle(bundle, 'reference')).reproduced).toBe(false);
  }, 240_000);

  test('shrinking a live finding keeps only the step that shows it', async () => {
    const bases = await loadBases('live');
    const agent = await LiveFuzzAgent.open(flawed);
    try {
      const steps = [
        { kind: 'wire' as const, mutator: 'json-whitespace', seed: 1 },
        { kind: 'recipe' as const, mutator: 'sender-swap', seed: 2 },
        { kind: 'wire' as const, mutator: 'member-order', seed: 3 },
      ];
      const shrunk = await shrinkFinding(agent, { name: flawed.name, capabilities: agent.capabilities } as never, bases, {
        requirement: 'ENV-NEST-008', behaviour: 'accepts-invalid', detail: '', count: 1, best: [{ index: 0, base: 'live/authcrypt-x25519', steps, size: 0, nonce: 'test/0' }],
      });
      expect(shrunk.observation.steps.map((s) => s.mutator)).toEqual(['sender-swap']);
      expect(shrunk.reproduced).toBe(true);
      expect(shrunk.observation.nonce).toBe('test/0/replay');
    } finally {
      await agent.close();
    }
  }, 120_000);
});
