/**
 * How a generated vector is declared: an id, what it proves (requirements), what receivers must do
 * (expectations), and how to build it — a positive from scratch, a negative as exactly one mutation of a
 * named positive base.
 * @module
 */
import type { KeyContext, PlaintextMessage } from '../../didcomm/types.js';
import type { RequirementId } from '../../spec/requirements.js';
import type { AcceptExpectation, Expectation, RejectExpectation } from '../expectations.js';

export interface Generation {
  /** What the generator packs with: the SICPA parties plus identities receivers cannot resolve. */
  ctx: KeyContext;
  /** The packed text of an already built positive vector. */
  base(id: string): string;
  /** The plaintext a positive vector was built from. */
  plaintextOf(id: string): PlaintextMessage;
}

export interface VectorDefinition {
  id: string;
  base?: string;
  mutation?: string;
  requirements: RequirementId[];
  expect: Expectation;
  strict?: Expectation;
  lenient?: Expectation;
  note?: string;
  /** The DIDComm version whose plaintext rules the receiver applies (default 2.1). */
  specVersion?: '2.0' | '2.1';
  build(g: Generation): Promise<Built>;
}

/** A built vector: the message text, and for positives the plaintext it carries (the expected result). */
export interface Built {
  text: string;
  plaintext?: PlaintextMessage;
}

export function reject(code: RejectExpectation['code'], requirement: RequirementId): RejectExpectation {
  return { outcome: 'reject', code, requirement };
}

export function accept(layers: NonNullable<AcceptExpectation['layers']>, extra: Omit<AcceptExpectation, 'outcome' | 'layers'> = {}): AcceptExpectation {
  return { outcome: 'accept', layers, ...extra };
}

/** A vector a lenient receiver accepts (with `warnings`) and a strict one refuses. */
export function strictOnly(layers: NonNullable<AcceptExpectation['layers']>, code: RejectExpectation['code'], requirement: RequirementId, warnings: RequirementId[] = []): Pick<VectorDefinition, 'expect' | 'strict'> {
  return { expect: accept(layers, warnings.length ? { warnings } : {}), strict: reject(code, requirement) };
}

/** The standard plaintext of the generated vectors (the spec's C.1 shape, addressed as given). */
export function lunchMessage(from: string | undefined, to: string[] | undefined, extra: Partial<PlaintextMessage> = {}): PlaintextMessage {
  return {
    id: '1234567890',
    typ: 'application/didcomm-plain+json',
    type: 'https://example.com/protocols/lets_do_lunch/1.0/proposal',
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    created_time: 1516269022,
    expires_time: 1516385931,
    body: { messagespecificattribute: 'and its value' },
    ...extra,
  };
}
