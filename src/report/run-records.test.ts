import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { OUTCOMES, emptyTotals } from './outcomes.js';
import { readRunRecords, RunRecordWriter, serializeRecord, type CaseRecord } from './run-records.js';
import { printable } from './terminal-text.js';

const caseRecord: CaseRecord = {
  type: 'case', id: 'plaintext.receiver.x', title: '<b>t</b>', file: 'suites/x.test.ts', requirements: ['ENV-PLAIN-017'],
  profiles: ['core'], role: 'receiver', outcome: 'passed', durationMs: 1,
  transcript: [{ kind: 'log', at: '2026-01-01T00:00:00Z', text: '<script>x</script>\u2028' }],
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

  test('terminal text shows control characters instead of obeying them', () => {
    expect(printable('a\u001b[2Jb\u0007\n')).toBe('a\\u001b[2Jb\\u0007\n');
  });
});
