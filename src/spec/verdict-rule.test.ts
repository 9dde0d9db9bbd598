import { describe, expect, test } from 'vitest';
import { failingOutcome, levelFor, levelsByParty, readingOf, type FailingCheck } from './verdict-rule.js';

const check = (requirement: string, overrides: Partial<FailingCheck> = {}): FailingCheck => ({ requirement, kind: 'conduct', strength: 'must', party: 'receiver', ...overrides });
const both = (c: FailingCheck): [string, string] => [failingOutcome(c, 'default'), failingOutcome(c, 'strict')];

describe('levelsByParty: the level a digest level text gives each party', () => {
  test.each([
    ['MUST A', { any: 'MUST' }],
    ['MAY S / MUST R', { sender: 'MAY', receiver: 'MUST' }],
    ['SHOULD R / MUST NOT R', { receiver: 'MUST' }],
    ['MAY/SHOULD S', { sender: 'SHOULD' }],
    ['MUST S/R', { sender: 'MUST', receiver: 'MUST' }],
    ['MUST S/SHOULD M', { sender: 'MUST', mediator: 'SHOULD' }],
    ['MUST S / MUST*', { sender: 'MUST' }],
    ['MUST (THR-002) S', { sender: 'MUST' }],
    ['MUST/INFO', { any: 'MUST' }],
    ['STRICT R', { receiver: 'STRICT' }],
    ['INFO', { any: 'INFO' }],
  ])('%s', (text, expected) => {
    expect(levelsByParty(text)).toEqual(expected);
  });

  test('without prohibitions, "SHOULD R / MUST NOT R" leaves the SHOULD', () => {
    expect(levelsByParty('SHOULD R / MUST NOT R', { withoutProhibitions: true })).toEqual({ receiver: 'SHOULD' });
  });
});

describe('levelFor', () => {
  test('a mediator is judged as a mediator, a receiver and a sender', () => {
    expect(levelFor('ENV-NEST-008', 'mediator')).toBe('MUST');
    expect(levelFor('ENC-AUTH-004', 'mediator')).toBe('MUST');
  });
  test('a receiver-only reading ignores `A` and sender letters', () => {
    expect(levelFor('ENV-PLAIN-003', 'receiver-only')).toBeUndefined();
    expect(levelFor('ENV-NEST-008', 'receiver-only')).toBe('MUST');
  });
  test('ROT-005 is read as a MUST for receivers (the key-authorization clause), documented in LEVEL_READINGS', () => {
    expect(levelFor('ROT-005', 'receiver')).toBe('MUST');
  });
});

describe('failingOutcome: (level, kind, party, reading) -> outcome', () => {
  test('a MUST the judged party broke fails in both readings', () => {
    expect(both(check('ENV-NEST-008', { kind: 'acceptance' }))).toEqual(['failed', 'failed']);
    expect(both(check('ENC-JWE-007', { party: 'sender' }))).toEqual(['failed', 'failed']);
  });

  test('SHOULD and MAY warn in both readings', () => {
    expect(both(check('ENC-JWE-005', { party: 'sender' }))).toEqual(['warning', 'warning']);
    expect(both(check('ROUTE-010', { party: 'mediator' }))).toEqual(['warning', 'warning']);
  });

  test('a should() check never ends worse than warning, even on a MUST', () => {
    expect(both(check('ENV-NEST-008', { kind: 'acceptance', strength: 'should' }))).toEqual(['warning', 'warning']);
  });

  test('INFO, AMB and VEC entries never colour anything', () => {
    expect(both(check('ENV-MT-006'))).toEqual(['note', 'note']);
    expect(both(check('AMB-06'))).toEqual(['note', 'note']);
    expect(both(check('VEC-009'))).toEqual(['note', 'note']);
  });

  test('STRICT readings count only in the strict profile', () => {
    expect(both(check('ENC-JWE-010', { kind: 'acceptance' }))).toEqual(['note', 'failed']);
    expect(both(check('ROT-010', { kind: 'acceptance' }))).toEqual(['note', 'failed']);
  });

  test('accepting input that breaks a sender-only MUST is a strict reading, not a receiver failure', () => {
    expect(both(check('ENV-PLAIN-006', { kind: 'acceptance' }))).toEqual(['note', 'failed']);
    expect(both(check('ENV-PLAIN-003', { kind: 'acceptance' }))).toEqual(['note', 'failed']);
    expect(both(check('ENV-NEST-003', { kind: 'acceptance' }))).toEqual(['note', 'failed']);
  });

  test('accepting a message without id is the SHOULD of ENV-PLAIN-002, not its MUST NOT', () => {
    expect(both(check('ENV-PLAIN-002', { kind: 'acceptance' }))).toEqual(['warning', 'warning']);
  });

  test('refusing valid input is conduct: a sender-phrased MUST still fails the receiver (ENC-AUTH-001)', () => {
    expect(both(check('ENC-AUTH-001'))).toEqual(['failed', 'failed']);
  });

  test('a sender is judged only by rules that bind senders: a receiver tolerance rule is a strict reading at most', () => {
    expect(both(check('ENV-PLAIN-010', { party: 'sender' }))).toEqual(['note', 'failed']);
    expect(both(check('LIM-001', { party: 'sender' }))).toEqual(['failed', 'failed']);
  });

  test('a sender-side MAY judged on a sender warns; the receiver MUST of the same entry fails', () => {
    expect(failingOutcome(check('ENV-MT-005', { party: 'sender' }), 'default')).toBe('warning');
    expect(failingOutcome(check('ENV-MT-005'), 'default')).toBe('failed');
  });

  test('an ID the registry does not know is informational, never a failure', () => {
    expect(both(check('NOPE-001'))).toEqual(['note', 'note']);
  });
});

test('readingOf: strict only when strict is the only profile', () => {
  expect(readingOf(['strict'])).toBe('strict');
  expect(readingOf(['core', 'strict'])).toBe('default');
  expect(readingOf(['core'])).toBe('default');
});
