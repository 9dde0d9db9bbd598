/**
 * Expectations about an adapter's `unpack` answer, shared by receiver cases: accepted (with the content that
 * was sent), or rejected after a positive control. A control proves the agent reads the untouched message:
 * accepted *and* returned with the id and type that were sent; anything else makes the case inconclusive.
 * @module
 */
import { Inconclusive, must, mustRefuse, type CaseContext, type MustId } from '../../src/runner/case.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import type { PlaintextMessage, UnpackMetadata } from '../../src/adapter/protocol/v1/types.generated.js';

/** What a positive control must get back: the message that was packed (its id and type at least). */
export interface ExpectedMessage {
  id: unknown;
  type: unknown;
}

/** Unpacks `packed` and fails the case under `requirement` unless the adapter accepts it. */
export async function expectAccepted(ctx: CaseContext, packed: string, requirement: MustId): Promise<{ message: PlaintextMessage; metadata: UnpackMetadata }> {
  const result = await ctx.call('unpack', { packed });
  must(result.status === 'accepted', requirement, `the adapter rejected it: ${result.status === 'rejected' ? `${result.error.code}: ${result.error.message}` : ''}`);
  return result;
}

/**
 * The untouched `base` must be accepted and come back as `expected`; otherwise the variant proves nothing
 * (inconclusive, skipped). Checking the content matters: an agent that returns an inner JWE as the
 * "message" did not accept the base, it peeled one layer.
 */
export async function positiveControl(ctx: CaseContext, base: string, expected: ExpectedMessage): Promise<UnpackMetadata> {
  const control = await ctx.call('unpack', { packed: base });
  if (control.status !== 'accepted') {
    throw new Inconclusive(`inconclusive: the untouched base message was rejected too (${control.error.code}: ${control.error.message.slice(0, 200)})`);
  }
  if (control.message['id'] !== expected.id || control.message['type'] !== expected.type) {
    throw new Inconclusive(`inconclusive: the untouched base message was "accepted" but came back as another message (id ${JSON.stringify(control.message['id'])}, type ${JSON.stringify(control.message['type'])}, expected ${JSON.stringify(expected.id)}, ${JSON.stringify(expected.type)})`);
  }
  return control.metadata;
}

/**
 * A negative case: the base is accepted with its content, the mutation refused. Accepting the mutation fails
 * only when `requirement` puts a duty on receivers; a rule on what senders emit is a strict reading.
 */
export async function expectRejected(ctx: CaseContext, base: string, expected: ExpectedMessage, mutated: string, requirement: RequirementId, what: string): Promise<void> {
  await positiveControl(ctx, base, expected);
  const result = await ctx.call('unpack', { packed: mutated });
  mustRefuse(result.status === 'rejected', requirement, `the agent accepted ${what}`);
}
