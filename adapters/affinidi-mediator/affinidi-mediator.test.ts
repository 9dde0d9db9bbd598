/**
 * The Affinidi mediator adapter, when its build is in the cache (`npm start` or `adapter check affinidi-mediator`
 * builds it: ~500 crates, 15 to 30 minutes on 2 busy cores, too slow for CI — `build.ci` is false, see README.md;
 * without a build the tests are skipped, never built here): `adapter check`, and the transport suite against the
 * running mediator — no case errored, every failure is excused by a knownIssues entry (keyed by requirement), and the
 * wire shows the finding they come from (the endpoint its DID document names answers a DIDComm POST 404).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot, resolveAdapter } from '../../src/adapter/manifest.js';
import { readRunRecords, type CaseRecord } from '../../src/report/run-records.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const folder = join(root, 'adapters/affinidi-mediator');

/** A finished build of the adapter in the cache (none is started here). */
const built = resolveAdapter('affinidi-mediator').build?.folder !== undefined;

describe.skipIf(!built)('affinidi-mediator adapter (smoke, with a cached build)', { timeout: 240_000 }, () => {
  test('adapter check passes and describe claims what the probe proved', async () => {
    const result = await execa('node', [cli, 'adapter', 'check', 'affinidi-mediator'], { cwd: root, reject: false });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toContain('affinidi-messaging-mediator 0.49.0; envelopes: none; roles: receiver, mediator');
    // The mediator's HTTP server is its own: the adapter cannot see what arrives there, so received is -32601.
    expect(result.stdout).toMatch(/- received: answers -32601/);
  });

  test('transport suite: 0 errored, the one failure is the known TRANS-003, the advertised endpoint answers 404, and no case blames its silence on another rule', async () => {
    const out = mkdtempSync(join(tmpdir(), 'didcomm-affinidi-mediator-'));
    try {
      const result = await execa('node', [cli, 'run', '--adapter', 'affinidi-mediator', '--suite', 'transport', '--out', out, '--json'], { cwd: root, reject: false });
      const { records, errors } = readRunRecords(join(out, 'run.jsonl'));
      expect(errors).toEqual([]);
      const cases = records.filter((r): r is CaseRecord => r.type === 'case');
      expect(cases.filter((c) => c.outcome === 'errored').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      // knownIssues are keyed by the requirement a failure breaks (src/report/known-issues.ts): every failure is
      // excused under one of them, and the only failure of this suite is the 404 (TRANS-003).
      const known = Object.keys((JSON.parse(readFileSync(join(folder, 'adapter.json'), 'utf8')) as { knownIssues: object }).knownIssues);
      const failed = cases.filter((c) => c.outcome === 'failed');
      expect(failed.map((c) => `${c.id} ${c.knownIssue?.key}`)).toEqual(['transport.receiver.http-2xx TRANS-003']);
      expect(known).toContain('TRANS-003');
      // The short media type is not judged on an endpoint that refuses the full one too (its positive control).
      expect(cases.find((c) => c.id === 'transport.receiver.media-type-short')?.outcome).toBe('skipped');
      // A ping answered 404 never reached PROTO-PING-002, and no `unpack` tells why: inconclusive, not a warning.
      const returnRoute = cases.find((c) => c.id === 'transport.receiver.return-route-all-http');
      expect(returnRoute?.outcome).toBe('skipped');
      expect(returnRoute?.reason).toMatch(/^inconclusive: the agent's endpoint answered 404 to a valid authcrypt message .* \(PROTO-PING-002; /);
      expect(cases.filter((c) => c.outcome === 'warning').map((c) => c.id)).toEqual([]);
      const http2xx = cases.find((c) => c.id === 'transport.receiver.http-2xx')!;
      const posted = http2xx.transcript.find((entry) => entry.kind === 'wire' && entry.direction === 'out') as { endpoint?: string; status?: number } | undefined;
      expect(posted?.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mediator\/v1$/);
      expect(posted?.status).toBe(404);
      expect(result.exitCode, result.stdout).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

});

describe('affinidi-mediator adapter (files)', () => {
  test('the mediator version describe reports is the one Cargo.lock pins', () => {
    const lock = readFileSync(join(folder, 'Cargo.lock'), 'utf8');
    const pinned = /name = "affinidi-messaging-mediator"\nversion = "([^"]+)"/.exec(lock)?.[1];
    expect(pinned).toBe((JSON.parse(readFileSync(join(folder, 'adapter.json'), 'utf8')) as { implementation: { version: string } }).implementation.version);
    expect(readFileSync(join(folder, 'src/main.rs'), 'utf8')).toContain(`const MEDIATOR_VERSION: &str = "${pinned}";`);
  });
});
