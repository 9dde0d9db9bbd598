import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { OUTCOMES, emptyTotals } from './outcomes.js';
import { readRunRecords, RunRecordWriter, serializeRecord, type CaseRecord, type RunHeader } from './run-records.js';
import { loadRun } from './run-data.js';
import { printable } from './terminal-text.js';

const caseRecord: CaseRecord = {
  type: 'case', id: 'plaintext.receiver.x', title: '<b>t</b>', file: 'suites/x.test.ts', requirements: ['ENV-PLAIN-017'],
  profiles: ['core'], role: 'receiver', outcome: 'passed', durationMs: 1,
  transcript: [{ kind: 'log', at: '2026-01-01T00:00:00Z', text: '<script>x</script>\u2028' }],
};

const HEADER: RunHeader = {
  type: 'header', format: 1, runId: 'r1', startedAt: '2026-01-01T00:00:00Z', harness: { name: 'didcomm-conformance', version: '0.1.0' },
  adapter: { name: 'a', transport: 'stdio', declared: {}, described: {}, capabilities: {} }, vectors: { digest: null },
  registry: { requirements: 1, digest: 'x' }, seed: 1, selection: { suites: '**' }, node: 'v20',
};

describe('run records', () => {
  test('outcome names come from the schema', () => {
    expect(OUTCOMES).toEqual(['passed', 'failed', 'warning', 'skipped', 'errored']);
    expect(Object.keys(emptyTotals())).toEqual([...OUTCOMES]);
  });

  test('serialised records carry no raw markup and parse back to the same strings', () => {
    const line = serializeRecord(caseRecord);
    expect(line).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(line)).toEqual(caseRecord);
  });

  test('wire entries of a live case are valid records; one missing its bytes is refused', () => {
    const wire = { kind: 'wire' as const, at: '2026-01-01T00:00:01Z', direction: 'in' as const, transport: 'ws' as const, endpoint: 'ws://127.0.0.1:1/ws', status: 101, packed: '{}', plaintext: { id: '1' }, outcome: 'handled' };
    const writer = new RunRecordWriter(join(mkdtempSync(join(tmpdir(), 'rr-')), 'run.jsonl'));
    expect(() => writer.write({ ...caseRecord, transcript: [...caseRecord.transcript, wire] })).not.toThrow();
    const { packed: _packed, ...withoutBytes } = wire;
    expect(() => writer.write({ ...caseRecord, id: 'plaintext.receiver.y', transcript: [withoutBytes as never] })).toThrow(/violates its schema/);
    // A message the harness could not send has no transport, and says why.
    const notSent = { kind: 'wire' as const, at: '2026-01-01T00:00:02Z', direction: 'out' as const, endpoint: 'did:key:z6Mk', packed: '', outcome: 'not sent', error: { code: 'ERR_HARNESS_NOT_SENT', message: 'TypeError: no endpoint' } };
    expect(() => writer.write({ ...caseRecord, id: 'plaintext.receiver.w', transcript: [notSent] })).not.toThrow();
    writer.close();
  });

  test('the writer refuses a record that violates the schema', () => {
    const writer = new RunRecordWriter(join(mkdtempSync(join(tmpdir(), 'rr-')), 'run.jsonl'));
    expect(() => writer.write({ ...caseRecord, outcome: 'inconclusive' as never })).toThrow(/violates its schema/);
    writer.close();
  });

  test('the reader reports a missing header and a duplicate case', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rr-')), 'run.jsonl');
    writeFileSync(file, `${serializeRecord(caseRecord)}\n${serializeRecord(caseRecord)}\n`);
    expect(readRunRecords(file).errors).toEqual(['the first record is not a header', 'case plaintext.receiver.x appears twice']);
  });

  test('a last line cut off mid-write is left out and reported, not an error; a torn line elsewhere is one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rr-'));
    const file = join(dir, 'run.jsonl');
    const cut = serializeRecord({ ...caseRecord, id: 'plaintext.receiver.z' }).slice(0, 40);
    writeFileSync(file, `${serializeRecord(HEADER)}\n${serializeRecord(caseRecord)}\n${cut}`);
    const torn = readRunRecords(file);
    expect(torn.errors).toEqual([]);
    expect(torn.truncatedLine).toBe(3);
    expect(torn.records.map((r) => r.type)).toEqual(['header', 'case']);
    const run = loadRun(dir);
    expect(run.truncatedLine).toBe(3);
    expect(run.cases.map((c) => c.id)).toEqual(['plaintext.receiver.x']);
    writeFileSync(file, `${serializeRecord(HEADER)}\n${cut}\n${serializeRecord(caseRecord)}\n`);
    expect(readRunRecords(file).errors).toEqual(['line 2: not JSON']);
  });

  test('terminal text shows control characters instead of obeying them', () => {
    expect(printable('a\u001b[2Jb\u0007\n')).toBe('a\\u001b[2Jb\\u0007\n');
  });
});
