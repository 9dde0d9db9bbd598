import { describe, expect, test } from 'vitest';
import { causeLine, failureCauses, isMissingFeature, warningGroups } from './fix-list.js';
import type { CaseRecord } from './run-records.js';

function record(id: string, fields: Partial<CaseRecord>): CaseRecord {
  return { type: 'case', id, title: id, file: 'suites/x.test.ts', requirements: ['ENV-PLAIN-001'], profiles: ['core'], role: 'receiver', outcome: 'passed', durationMs: 1, transcript: [], ...fields };
}

const notClaimed = (id: string, summary: string): CaseRecord => record(id, {
  outcome: 'failed', reason: 'ENC-ALG-003: required but not claimed: envelope anoncrypt',
  error: { kind: 'assertion', requirement: 'ENC-ALG-003', message: 'required but not claimed: envelope anoncrypt' },
  rootCause: { requirement: 'ENC-ALG-003', summary },
});

const CASES: CaseRecord[] = [
  record('a.ok', {}),
  notClaimed('b.anon-1', 'the agent cannot unpack envelope anoncrypt, which ENC-ALG-003 requires'),
  notClaimed('b.anon-2', 'the agent cannot unpack envelope anoncrypt, which ENC-ALG-003 requires'),
  notClaimed('b.anon-3', 'the agent cannot unpack envelope anoncrypt, which ENC-ALG-003 requires'),
  notClaimed('b.anon-sender', 'the agent cannot produce envelope anoncrypt, which ENC-ALG-003 requires'),
  record('c.to-1', { outcome: 'failed', reason: 'ENV-PLAIN-006: accepted "to" as a string', error: { kind: 'assertion', requirement: 'ENV-PLAIN-006', message: 'accepted' } }),
  record('c.to-2', { outcome: 'failed', reason: 'ENV-PLAIN-006: accepted "to" naming a key', error: { kind: 'assertion', requirement: 'ENV-PLAIN-006', message: 'accepted' } }),
  record('c.id', { outcome: 'failed', reason: 'ENV-PLAIN-001', error: { kind: 'assertion', requirement: 'ENV-PLAIN-001', message: 'accepted' }, knownIssue: { key: 'c.id', reason: 'v2.0 only' } }),
  record('d.wire', { outcome: 'failed', rootCause: { requirement: 'ENC-AUTH-001', summary: 'the agent cannot unpack the harness\'s authcrypt messages' }, reason: 'TRANS-001: nothing arrived', error: { kind: 'assertion', requirement: 'TRANS-001', message: 'nothing arrived' } }),
  record('e.hang', { outcome: 'errored', reason: 'ERR_ADAPTER_TIMEOUT: no reply within 10000 ms', error: { kind: 'adapter', code: 'ERR_ADAPTER_TIMEOUT', message: 'no reply within 10000 ms' } }),
  record('f.warn', { outcome: 'warning', warnings: [{ requirement: 'ENV-MT-002', message: 'no typ' }] }),
  record('f.warn-2', { outcome: 'passed', warnings: [{ requirement: 'ENV-MT-002', message: 'no typ either' }, { requirement: 'ENV-PLAIN-009', message: 'other' }] }),
];

describe('what to fix, in order', () => {
  const causes = failureCauses(CASES);

  test('one cause per adapter error code, per requirement broken, per shared root cause', () => {
    expect(causes.map((c) => [c.key, c.cases.map((r) => r.id)])).toEqual([
      ['adapter:ERR_ADAPTER_TIMEOUT', ['e.hang']],
      ['bug:ENV-PLAIN-006', ['c.to-1', 'c.to-2']],
      ['root:ENC-AUTH-001:the agent cannot unpack the harness\'s authcrypt messages', ['d.wire']],
      ['root:ENC-ALG-003:the agent cannot unpack envelope anoncrypt, which ENC-ALG-003 requires', ['b.anon-1', 'b.anon-2', 'b.anon-3']],
      ['root:ENC-ALG-003:the agent cannot produce envelope anoncrypt, which ENC-ALG-003 requires', ['b.anon-sender']],
      // Excused by a known issue: last, whatever its kind.
      ['bug:ENV-PLAIN-001', ['c.id']],
    ]);
  });

  test('kinds: adapter trouble, a failure in what is claimed, a required feature not claimed', () => {
    expect(causes.map((c) => c.kind)).toEqual(['adapter', 'bug', 'bug', 'missing-feature', 'missing-feature', 'bug']);
    expect(isMissingFeature(CASES[1]!)).toBe(true);
    expect(isMissingFeature(CASES[8]!)).toBe(false);
  });

  test('a cause line names the requirement, its level, the count and known issues', () => {
    expect(causeLine(causes[1]!)).toMatch(/^ENV-PLAIN-006 \(MUST S\): .* — 2 cases$/);
    expect(causeLine(causes[0]!)).toBe('ERR_ADAPTER_TIMEOUT: no reply within the deadline — 1 case');
    expect(causes[0]!.hint).toContain('flush');
    expect(causeLine(causes.at(-1)!)).toMatch(/— 1 case, known issue$/);
  });

  test('warnings: one group per requirement, most cases first', () => {
    expect(warningGroups(CASES).map((g) => [g.requirement, g.cases.map((c) => c.record.id)])).toEqual([
      ['ENV-MT-002', ['f.warn', 'f.warn-2']],
      ['ENV-PLAIN-009', ['f.warn-2']],
    ]);
  });

  test('nothing failed: nothing to fix', () => {
    expect(failureCauses([CASES[0]!, CASES[10]!])).toEqual([]);
  });
});
