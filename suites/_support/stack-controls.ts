/**
 * Positive controls of the stack a negative vector is built as, when its `base` is another stack: the
 * generated `env-nest-005-signer-not-sender` is authcrypt(sign(plain)) with a foreign signer, its base
 * authcrypt(plain). An agent that opens the base proves nothing about authcrypt(sign): one that unwraps one layer
 * per call returns the inner JWS without reading its signature, so "accepting" the mutation is not what §2.1's
 * duty (ENV-NEST-005: a receiver that *accepts* authcrypt(sign) checks the signer) is about. The control is the
 * same stack, valid, packed by the reference; an agent that does not open it in one call does not implement the
 * optional stack (ENV-NEST-004: receivers MAY refuse it) and the case is skipped, as the nesting suite does.
 * @module
 */
import type { CaseContext } from '../../src/runner/case.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import type { PackOptions, PlaintextMessage } from '../../src/index.js';
import { referencePack, nestedStackNotImplemented, type LayerKind } from './wire.js';

const ALICE = 'did:example:alice';
const BOB = 'did:example:bob';

/** The valid stack a negative vector under `requirement` is a mutation of (SICPA key set parties). */
const STACKS: Partial<Record<RequirementId, { layers: LayerKind[]; options: PackOptions; sender: string }>> = {
  // Alice authcrypts (the vector's sender key) what Alice signed: the signer is the sender.
  'ENV-NEST-005': { layers: ['authcrypt', 'signed', 'plaintext'], options: { mode: 'authcrypt', to: [BOB], from: `${ALICE}#key-x25519-1`, signBy: `${ALICE}#key-1` }, sender: ALICE },
};

/** Whether negative vectors of `requirement` need the same-stack control rather than their base. */
export function hasStackControl(requirement: RequirementId, keys: string): boolean {
  return keys === 'sicpa' && STACKS[requirement] !== undefined;
}

/**
 * The reference packs the valid stack of `message`; the agent must open it in one call (the plaintext back),
 * else the case ends skipped: the stack is optional and the mutation was never read.
 */
export async function stackControl(ctx: CaseContext, requirement: RequirementId, message: PlaintextMessage & { id: string; type: string }): Promise<void> {
  const stack = STACKS[requirement]!;
  const { packed } = await referencePack({ options: stack.options, sender: stack.sender, recipient: BOB, message });
  const result = await ctx.call('unpack', { packed });
  if (result.status !== 'accepted') nestedStackNotImplemented(stack.layers, `refused a valid one (${result.error.code}: ${result.error.message.slice(0, 200)})`);
  if (result.message['id'] !== message.id || result.message['type'] !== message.type) {
    nestedStackNotImplemented(stack.layers, `returned an inner layer (${Object.keys(result.message).slice(0, 5).join(', ')}), not the plaintext, of a valid one`);
  }
}
