import { describe, expect, test } from 'vitest';
import { checkProtocolMessage } from '../../../schema/protocol-messages.js';
import { buildEscalation, buildProblemReport, checkProblemThread, validateEscalation } from './report-problem.js';

const warning = buildProblemReport('w.p.xfer.slow', undefined, ['x'], { from: 'did:example:alice', to: ['did:example:bob'], pthid: 'parent' });

describe('problem report escalation (PROB-010)', () => {
  test('buildEscalation: e.* code, new id, the warning thread and pthid, swapped parties', () => {
    const escalation = buildEscalation(warning);
    expect(escalation.body).toEqual({ code: 'e.p.xfer.slow', args: ['x'] });
    expect(escalation.id).not.toBe(warning.id);
    expect(escalation).toMatchObject({ thid: warning.id, pthid: 'parent', from: 'did:example:bob', to: ['did:example:alice'] });
    expect(validateEscalation(escalation, warning)).toEqual([]);
  });

  test.each([
    ['still a warning', { body: { code: 'w.p.xfer.slow' } }, 'PROB-010'],
    ['scope narrowed p -> m', { body: { code: 'e.m.xfer.slow' } }, 'PROB-010'],
    ['the warning id reused', { id: warning.id }, 'PROB-010'],
    ['another thread', { thid: 'elsewhere' }, 'PROB-010'],
  ])('validateEscalation finds: %s', (_, change, requirement) => {
    const escalation = { ...buildEscalation(warning), ...change };
    expect(validateEscalation(escalation, warning).map((f) => f.requirement)).toContain(requirement);
  });

  test.each([
    ['no pthid', { pthid: undefined }, 'PROB-002', '/pthid'],
    ['bad code grammar', { body: { code: 'E.P.Xfer' } }, 'PROB-008', '/body/code'],
  ])('an escalation with %s breaks the problem-report schema', (_, change, requirement, pointer) => {
    const escalation = { ...buildEscalation(warning), ...change };
    if (change.pthid === undefined && 'pthid' in change) delete escalation.pthid;
    expect(checkProtocolMessage(escalation)!.violations).toContainEqual(expect.objectContaining({ requirement, pointer }));
  });

  test('checkProblemThread: pthid names the offending thread (PROB-002)', () => {
    const offending = { id: 'offending', thid: 'parent' };
    expect(checkProblemThread(buildProblemReport('e.p.msg', undefined, [], { pthid: 'parent' }), offending)).toEqual([]);
    expect(checkProblemThread(buildProblemReport('e.p.msg', undefined, [], { pthid: 'offending' }), offending).map((f) => f.requirement)).toEqual(['PROB-002']);
  });

  test('a state-name scope escalated to p is broader, not narrower', () => {
    const stateWarning = buildProblemReport('w.awaiting-offer.slow', undefined, [], { pthid: 'parent' });
    expect(validateEscalation({ ...buildEscalation(stateWarning), body: { code: 'e.p.slow' } }, stateWarning)).toEqual([]);
    expect(checkProtocolMessage(stateWarning)!.violations).toEqual([]);
  });
});
