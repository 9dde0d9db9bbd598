/**
 * Expectations about an adapter's `unpack` answer, shared by every receiver case: accepted (with the
 * plaintext), or rejected with a positive control (the untouched base must be accepted first, otherwise
 * the negative case proves nothing and is reported as skipped, inconclusive).
 * @module
 */
import { Inconclusive, must, type CaseContext } from '../../src/runner/case.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import type { PlaintextMessage, UnpackMetadata } from '../../src/adapter/protocol/v1/types.generated.js';

/** Unpacks `packed` and fails the case under `requirement` unless the adapter accepts it. */
export async function expectAccepted(ctx: CaseContext, packed: string, requirement: RequirementId): Promise<{ message: PlaintextMessage; metadata: UnpackMetadata }> {
  const result = await ctx.call('unpack', { packed });
  must(result.status === 'accepted', requirement, `the adapter rejected it: ${result.status === 'rejected' ? `${result.error.code}: ${result.error.message}` : ''}`);
  return result;
}

async function positiveControl(ctx: CaseContext, base: string): Promise<void> {
  const control = await ctx.call('unpack', { packed: base });
  if (control.status !== 'accepted') {
    throw new Inconclusive(`inconclusive: the untouched base message was rejected too (${control.error.code})`);
  }
}

/** A MUST-reject case: the base is accepted, the mutation rejected (with `requirement` when the adapter names one). */
export async function expectRejected(ctx: CaseContext, base: string, mutated: string, requirement: RequirementId): Promise<void> {
  await positiveControl(ctx, base);
  const result = await ctx.call('unpack', { packed: mutated });
  must(result.status === 'rejected', requirement, 'the adapter accepted a message it must reject');
}

/** A SHOULD-reject case: acceptance is a warning, not a failure. */
export async function expectRejectedOrWarn(ctx: CaseContext, base: string, mutated: string, requirement: RequirementId, message: string): Promise<void> {
  await positiveControl(ctx, base);
  const result = await ctx.call('unpack', { packed: mutated });
  ctx.should(result.status === 'rejected', requirement, message);
}
