/**
 * Issue 22: every rule a receiver MUST enforce (a MUST that a vector's `expect` says every receiver rejects
 * under) is caught by at least two independent inputs — vectors built on different bases (another curve, layer
 * or member), so that skipping the check in one place cannot pass. Fails naming each rule with one.
 */
import { describe, expect, test } from 'vitest';
import { loadVectorCases } from '../expectations.js';
import { REQUIREMENTS, type RequirementId } from '../../spec/requirements.js';

/** Receiver MUSTs and the independent inputs (distinct bases) that catch each. */
function inputsPerReceiverRule(cases: ReturnType<typeof loadVectorCases> = loadVectorCases()): Map<RequirementId, Set<string>> {
  const inputs = new Map<RequirementId, Set<string>>();
  for (const vector of cases) {
    const { expect: expectation } = vector;
    if (expectation.outcome !== 'reject' || !expectation.requirement) continue;
    const requirement = expectation.requirement as RequirementId;
    if (REQUIREMENTS[requirement]?.level !== 'MUST') continue;
    const bases = inputs.get(requirement) ?? new Set<string>();
    bases.add(vector.base ?? vector.id);
    inputs.set(requirement, bases);
  }
  return inputs;
}

describe('receiver rules', () => {
  test('each receiver MUST is caught by at least two independent inputs', () => {
    const inputs = inputsPerReceiverRule();
    expect(inputs.size).toBeGreaterThan(20);
    const single = [...inputs].filter(([, bases]) => bases.size < 2).map(([requirement, bases]) => `${requirement} (only ${[...bases].join(', ')})`);
    expect(single).toEqual([]);
  });

  test('two mutations of one base are one input; a lenient-only rule or a non-MUST is not counted', () => {
    const reject = (id: string, base: string, requirement: string) => ({ id, base, input: { file: 'x', key: 'y' }, keys: 'sicpa', requirements: [], expect: { outcome: 'reject', code: 'ERR_JWE_INVALID', requirement } });
    const inputs = inputsPerReceiverRule([
      reject('a', 'base-1', 'ENC-JWE-007'), reject('b', 'base-1', 'ENC-JWE-007'),
      reject('c', 'base-1', 'ENC-JWE-009'), reject('d', 'base-2', 'ENC-JWE-009'),
      reject('e', 'base-1', 'ENC-JWE-014'),
    ] as never);
    expect(inputs.get('ENC-JWE-007')?.size).toBe(1);
    expect(inputs.get('ENC-JWE-009')?.size).toBe(2);
    expect(inputs.has('ENC-JWE-014')).toBe(false);
  });
});
