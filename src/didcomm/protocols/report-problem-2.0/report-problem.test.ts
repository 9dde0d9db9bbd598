import { describe, expect, test } from 'vitest';
import { buildEscalation, buildProblemReport, validateEscalation, validateProblemReport } from './report-problem.js';

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
    ['no pthid', { pthid: undefined }, 'PROB-002'],
    ['bad code grammar', { body: { code: 'E.P.Xfer' } }, 'PROB-008'],
  ])('validateEscalation finds: %s', (_, change, requirement) => {
    const escalation = { ...buildEscalation(warning), ...change };
    if ('pthid' in change) delete escalation.pthid;
    expect(validateEscalation(escalation, warning).map((f) => f.requirement)).toContain(requirement);
  });

  test('a state-name scope escalated to p is broader, not narrower', () => {
    const stateWarning = buildProblemReport('w.awaiting-offer.slow', undefined, [], { pthid: 'parent' });
    expect(validateEscalation({ ...buildEscalation(stateWarning), body: { code: 'e.p.slow' } }, stateWarning)).toEqual([]);
    expect(validateProblemReport(stateWarning)).toEqual([]);
  });
});
