/**
 * `knownIssues` regenerated from a run: keyed by the failing check's root-cause requirement (else the case's
 * failed requirement), errored cases by ID, existing reasons kept while their key fails, `interop.*` untouched;
 * and the `known-issues` command around it (dry run by default, `--write`, refusals of runs it cannot trust).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import { emptyTotals } from './outcomes.js';
import { serializeRecord, type CaseRecord, type RunFooter, type RunHeader } from './run-records.js';
import { formatUpdate, updateKnownIssues } from './known-issues.js';

function caseOf(id: string, outcome: CaseRecord['outcome'], extra: Partial<CaseRecord> = {}): CaseRecord {
  return { type: 'case', id, title: id, file: 'suites/x.test.ts', requirements: ['ENC-JWE-009'], profiles: ['core'], role: 'receiver', outcome, durationMs: 1, transcript: [], ...extra };
}

const failedUnder = (id: string, requirement: string, rootCause?: string): CaseRecord => caseOf(id, 'failed', {
  reason: `${requirement}: the agent rejected it`, error: { kind: 'assertion', requirement, message: 'the agent rejected it' },
  ...(rootCause ? { rootCause: { requirement: rootCause, summary: `the agent's anoncrypt messages break ${rootCause}` } } : {}),
});

const CASES: CaseRecord[] = [
  failedUnder('envelope.receiver.one-of-two-recipient-dids', 'ENC-JWE-009', 'ENC-JWE-009'),
  failedUnder('envelope.receiver.anoncrypt-to-numeric-kids', 'ENC-JWE-009', 'ENC-JWE-009'),
  failedUnder('envelope.sender.anoncrypt-to-one-key', 'ENC-JWE-007', 'ENC-JWE-007'),
  failedUnder('envelope.sender.one-did-per-jwe', 'ENC-JWE-001'),
  caseOf('plaintext.receiver.minimal', 'errored', { reason: 'ERR_ADAPTER_TIMEOUT: no answer in 30 s' }),
  caseOf('plaintext.receiver.spec-example', 'warning', { reason: 'ENV-MT-002: no typ' }),
  caseOf('signed.receiver.eddsa', 'passed'),
];

describe('updateKnownIssues', () => {
  const existing = {
    'ENC-JWE-007': { reason: 'askar.py:173 puts the epk per recipient', issue: 'https://example.org/issues/1' },
    'ENV-NEST-009': { reason: 'no longer failing' },
    'envelope.receiver.one-of-two-recipient-dids': { reason: 'filed under the wrong ID' },
    'interop.anoncrypt': { reason: 'a matrix cell' },
  };
  const update = updateKnownIssues(existing, CASES);

  test('one entry per root-cause requirement (else the failed one), errored cases by ID, warnings and passes none', () => {
    expect(Object.keys(update.next)).toEqual(['ENC-JWE-001', 'ENC-JWE-007', 'ENC-JWE-009', 'plaintext.receiver.minimal', 'interop.anoncrypt']);
    expect(update.next['ENC-JWE-009']!.reason).toBe("ENC-JWE-009: 2 case(s) fail on it as a shared root cause. Seen: the agent's anoncrypt messages break ENC-JWE-009 (2 cases)");
    expect(update.next['ENC-JWE-001']!.reason).toBe('ENC-JWE-001: 1 case(s) fail on it. Seen: the agent rejected it');
    expect(update.next['plaintext.receiver.minimal']!.reason).toBe('errored: ERR_ADAPTER_TIMEOUT: no answer in 30 s');
  });

  test('an existing entry keeps its reason and issue while its key fails; interop.* stays; the rest goes', () => {
    expect(update.next['ENC-JWE-007']).toEqual(existing['ENC-JWE-007']);
    expect(update.next['interop.anoncrypt']).toEqual(existing['interop.anoncrypt']);
    expect(update.removed).toEqual(['ENV-NEST-009', 'envelope.receiver.one-of-two-recipient-dids']);
    expect(update.added).toEqual(['ENC-JWE-001', 'ENC-JWE-009', 'plaintext.receiver.minimal']);
    expect(update.kept).toEqual(['ENC-JWE-007']);
  });

  test('the printed change names every removed and added key, and counts the rest', () => {
    const lines = formatUpdate(existing, update);
    expect(lines.filter((l) => l.startsWith('- ')).map((l) => l.split(':')[0])).toEqual(['- ENV-NEST-009', '- envelope.receiver.one-of-two-recipient-dids']);
    expect(lines.filter((l) => l.startsWith('+ ')).length).toBe(3);
    expect(lines.at(-1)).toBe('3 added, 2 removed, 1 kept with their reasons, 1 interop.* untouched');
  });
});

describe('known-issues command', () => {
  const cli = join(packageRoot(), 'dist/src/cli/main.js');
  const header = (name: string, suites = '**'): RunHeader => ({
    type: 'header', format: 1, runId: 'r1', startedAt: '2026-01-01T00:00:00Z', harness: { name: 'didcomm-conformance', version: '0.1.0' },
    adapter: { name, transport: 'stdio', declared: {}, described: {}, capabilities: {} }, vectors: { digest: null },
    registry: { requirements: 1, digest: 'x' }, seed: 1, selection: { suites }, node: 'v20',
  });
  const footer: RunFooter = { type: 'footer', finishedAt: '2026-01-01T00:01:00Z', interrupted: false, totals: emptyTotals(), unexpected: 0, harnessErrors: [] };

  function fixture(runHeader: RunHeader): { dir: string; manifest: string } {
    const dir = mkdtempSync(join(tmpdir(), 'known-issues-'));
    const manifest = join(dir, 'adapter.json');
    writeFileSync(manifest, `${JSON.stringify({ name: 'demo', implementation: { name: 'demo', version: '1.0.0' }, transport: { kind: 'stdio', command: 'node', args: ['main.js'] }, knownIssues: { 'ENV-NEST-009': { reason: 'stale' }, 'interop.plaintext': { reason: 'a matrix cell' } } }, null, 2)}\n`);
    writeFileSync(join(dir, 'run.jsonl'), [runHeader, ...CASES, footer].map((r) => serializeRecord(r)).join('\n') + '\n');
    return { dir, manifest };
  }

  test('prints the change without writing; --write rewrites knownIssues and nothing else', async () => {
    const { dir, manifest } = fixture(header('demo'));
    const before = readFileSync(manifest, 'utf8');
    const dry = await execa('node', [cli, 'known-issues', '--from', dir, '--adapter', dir], { reject: false });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('- ENV-NEST-009: stale');
    expect(dry.stdout).toContain('+ ENC-JWE-009: ENC-JWE-009: 2 case(s) fail on it as a shared root cause.');
    expect(dry.stdout).toContain('not written');
    expect(readFileSync(manifest, 'utf8')).toBe(before);
    const written = await execa('node', [cli, 'known-issues', '--from', join(dir, 'run.jsonl'), '--adapter', manifest, '--write'], { reject: false });
    expect(written.exitCode).toBe(0);
    const after = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(after['knownIssues'] as object)).toEqual(['ENC-JWE-001', 'ENC-JWE-007', 'ENC-JWE-009', 'plaintext.receiver.minimal', 'interop.plaintext']);
    expect(after['transport']).toEqual({ kind: 'stdio', command: 'node', args: ['main.js'] });
  });

  test('a run of another adapter, or of part of the suites, is refused with exit 2 and one line', async () => {
    for (const [runHeader, message] of [[header('other'), 'the run is of adapter "other", not "demo"'], [header('demo', 'envelope'), 'only part of the suites (--suite envelope)']] as const) {
      const { dir, manifest } = fixture(runHeader);
      const result = await execa('node', [cli, 'known-issues', '--from', dir, '--adapter', dir, '--write'], { reject: false });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(readFileSync(manifest, 'utf8')).knownIssues).toEqual({ 'ENV-NEST-009': { reason: 'stale' }, 'interop.plaintext': { reason: 'a matrix cell' } });
    }
  });
});
