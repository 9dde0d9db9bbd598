import { describe, expect, test } from 'vitest';
import type { CaseRecord } from './run-records.js';
import { failureGroups, isCompleteShardSet, profileVerdicts, requirementRows } from './verdicts.js';

const FULL = { suites: '**' };

function record(id: string, outcome: CaseRecord['outcome'], extra: Partial<CaseRecord> = {}): CaseRecord {
  return { type: 'case', id, title: id, file: 'suites/x.test.ts', requirements: ['ENV-PLAIN-001'], profiles: ['core'], role: 'receiver', outcome, durationMs: 1, transcript: [], ...extra };
}

const verdict = (cases: CaseRecord[], profile: string, selection: { suites: string; shard?: string; profile?: string } = FULL) =>
  profileVerdicts(cases, selection).find((v) => v.profile === profile)!;

describe('profile verdicts (src/report/verdicts.ts, docs/verdict-rule.md)', () => {
  test('a full selection with every case passed passes, and says how many requirements it exercised', () => {
    const v = verdict([record('a.b', 'passed', { requirements: ['ENV-PLAIN-001', 'ENV-PLAIN-005'] })], 'core');
    expect(v).toMatchObject({ verdict: 'pass', ran: 1, passed: 1 });
    expect(v.requirements.exercised).toBe(2);
    expect(v.requirements.total).toBeGreaterThan(100);
  });

  test('a narrowed run never passes: --suite, an unmerged shard, another profile', () => {
    const cases = [record('a.b', 'passed')];
    expect(verdict(cases, 'core', { suites: 'plaintext' })).toMatchObject({ verdict: 'incomplete', incompleteBecause: 'only suites plaintext ran' });
    expect(verdict(cases, 'core', { suites: '**', shard: '1/2' }).verdict).toBe('incomplete');
    expect(verdict(cases, 'core', { suites: '**', shard: 'merged 1/2,2/2' }).verdict).toBe('pass');
    expect(verdict(cases, 'core', { suites: '**', shard: 'merged 1/3,3/3' }).verdict).toBe('incomplete');
    expect(verdict(cases, 'core', { suites: '**', profile: 'strict' }).verdict).toBe('incomplete');
  });

  test('a case skipped on a required capability the adapter cannot drive keeps the profile that certifies it from passing', () => {
    const undrivable = record('anoncrypt.sender.p-256', 'skipped', { profiles: ['core', 'protocols'], role: 'sender', reason: 'untestable: required but not claimed: ECDH-ES+A256KW on P-256, and the adapter cannot drive pack to show it', rootCause: { requirement: 'ENC-ALG-001', summary: 'P-256 key agreement not supported' } });
    const passed = record('transport.sender.x', 'passed', { profiles: ['core', 'protocols'] });
    expect(verdict([passed, undrivable], 'core')).toMatchObject({ verdict: 'incomplete', incompleteBecause: '1 skipped on a required capability the adapter cannot drive', skipped: 1, failed: 0 });
    // A profile that does not certify the capability rule counts it as an ordinary skip.
    expect(verdict([passed, undrivable], 'protocols')).toMatchObject({ verdict: 'pass', skipped: 1 });
    // Without the root cause, a skip is only a skip.
    expect(verdict([passed, record('anoncrypt.sender.p-256', 'skipped', { reason: 'not claimed: role receiver' })], 'core').verdict).toBe('pass');
  });

  test('a failure whose root cause the profile does not certify is blocked there: incomplete, not failed', () => {
    const blocked = record('protocols.receiver.x', 'failed', { profiles: ['protocols', 'core'], error: { kind: 'assertion', requirement: 'ENC-AUTH-001', message: 'm' }, rootCause: { requirement: 'ENC-AUTH-001', summary: 'the agent cannot unpack authcrypt' } });
    expect(verdict([blocked], 'protocols')).toMatchObject({ verdict: 'incomplete', failed: 0, blocked: 1 });
    expect(verdict([blocked], 'core')).toMatchObject({ verdict: 'fail', failed: 1, blocked: 0 });
  });

  test('the strict profile reads a case by its strictOutcome', () => {
    const cases = [record('a.b', 'passed', { profiles: ['core', 'strict'], strictOutcome: 'failed' })];
    expect(verdict(cases, 'core').verdict).toBe('pass');
    expect(verdict(cases, 'strict').verdict).toBe('fail');
  });

  test('a known issue keeps a failure a failure', () => {
    expect(verdict([record('a.b', 'failed', { knownIssue: { key: 'a.b', reason: 'r' } })], 'core')).toMatchObject({ verdict: 'fail', knownIssues: 1 });
  });

  test('isCompleteShardSet needs every shard of one split', () => {
    expect(isCompleteShardSet('merged 1/2,2/2')).toBe(true);
    expect(isCompleteShardSet('merged 2/2')).toBe(false);
    expect(isCompleteShardSet('1/2')).toBe(false);
  });
});

describe('requirement rows and failure groups', () => {
  const failed = record('x.y', 'failed', { requirements: ['ENV-MT-001', 'ENV-PLAIN-017', 'AMB-06'], error: { kind: 'assertion', requirement: 'ENV-PLAIN-017', message: 'm' } });

  test('a requirement is coloured failed only by cases that failed on it, never by citing ones; informational rows never', () => {
    const rows = new Map(requirementRows([failed, record('w.z', 'warning', { requirements: ['AMB-06'], warnings: [{ requirement: 'AMB-06', message: 'x' }] })]).map((row) => [row.id, row]));
    expect(rows.get('ENV-PLAIN-017')).toMatchObject({ outcome: 'failed', failedOn: ['x.y'] });
    expect(rows.get('ENV-MT-001')?.outcome).toBe('passed');
    expect(rows.get('AMB-06')?.outcome).toBe('passed');
  });

  test('failures sharing a root cause are one group; others group by the requirement they fail on', () => {
    const cause = { requirement: 'ENC-ALG-001', summary: 'the agent cannot unpack key agreement on P-384' };
    const groups = failureGroups([
      record('a.1', 'failed', { error: { kind: 'assertion', requirement: 'ENC-ALG-001', message: 'm' }, rootCause: cause }),
      record('a.2', 'failed', { error: { kind: 'assertion', requirement: 'ENC-ALG-001', message: 'm' }, rootCause: cause }),
      failed,
      record('a.3', 'passed'),
    ]);
    expect(groups.map((g) => [g.requirement, g.rootCause, g.cases])).toEqual([['ENC-ALG-001', true, ['a.1', 'a.2']], ['ENV-PLAIN-017', false, ['x.y']]]);
  });
});
