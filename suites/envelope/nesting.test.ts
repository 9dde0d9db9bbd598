/**
 * Envelope stacks (spec §2.1): anoncrypt(sign), authcrypt(sign) and anoncrypt(authcrypt) both directions,
 * with the metadata flags each must produce (PITFALLS 5, 26); forbidden stacks and forward onions come from
 * the vectors (catalogue 2.2 H: anoncrypt(authcrypt(sign)), sign(encrypted), sign(sign)).
 * @module
 */
import { conformanceCase, must, type MustId } from '../../src/runner/case.js';
import type { PackOptions } from '../../src/index.js';
import type { CaseNeeds } from '../../src/runner/applicability.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import type { PackParams } from '../../src/adapter/protocol/v1/types.generated.js';
import { declareVectorCases } from '../_support/vector-runner.js';
import { agentUnpacksReference, ALICE, BOB, expectedFlags, judgeOnWire, message, packParams, referencePack, type LayerKind } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';

declareVectorCases('nesting');

const EDDSA = 'did:example:alice#key-1';
const X25519_1PU = ['ECDH-1PU+A256KW', 'A256CBC-HS512'] as const;
const X25519_ES = ['ECDH-ES+A256KW', 'A256CBC-HS512'] as const;

interface Stack {
  slug: string;
  layers: LayerKind[];
  reference: PackOptions;
  agent?: Partial<PackParams> & { envelope: 'anoncrypt' | 'authcrypt' };
  needs: CaseNeeds;
  requirements: [RequirementId, ...RequirementId[]];
  /** Receivers MAY refuse it (ENV-NEST-004): acceptance is checked only when it happens. */
  receiverMay?: boolean;
  /** What a receiver that takes the stack must get right: the flags and kids it reports. */
  receiverRule?: MustId;
  /** What a sender that produces the stack must get right (producing it at all is optional). */
  senderRule?: MustId;
}

const STACKS: Stack[] = [
  {
    slug: 'anoncrypt-of-signed',
    layers: ['anoncrypt', 'signed', 'plaintext'],
    reference: { mode: 'anoncrypt', to: [BOB], signBy: EDDSA, curve: 'X25519' },
    agent: { envelope: 'anoncrypt', signBy: EDDSA, curve: 'X25519' },
    needs: { envelopes: ['anoncrypt', 'signed'], algorithms: { X25519: [...X25519_ES], Ed25519: ['EdDSA'] } },
    requirements: ['ENV-NEST-006', 'ENV-NEST-007', 'ENV-SIGN-008', 'ENV-NEST-001'],
    receiverRule: 'ENV-SIGN-008',
    senderRule: 'ENV-NEST-006',
  },
  {
    slug: 'anoncrypt-of-authcrypt',
    layers: ['anoncrypt', 'authcrypt', 'plaintext'],
    reference: { mode: 'authcrypt', to: [BOB], from: ALICE, protectSender: true, curve: 'X25519' },
    agent: { envelope: 'authcrypt', from: ALICE, protectSender: true, curve: 'X25519' },
    needs: { envelopes: ['anoncrypt', 'authcrypt'], algorithms: { X25519: [...X25519_ES, ...X25519_1PU] } },
    requirements: ['ENV-NEST-001', 'ENV-NEST-012', 'ENC-AUTH-007'],
    receiverRule: 'ENC-AUTH-007',
    senderRule: 'ENC-AUTH-007',
  },
  {
    slug: 'authcrypt-of-signed',
    layers: ['authcrypt', 'signed', 'plaintext'],
    reference: { mode: 'authcrypt', to: [BOB], from: ALICE, signBy: EDDSA, curve: 'X25519' },
    needs: { envelopes: ['authcrypt', 'signed'], algorithms: { X25519: [...X25519_1PU], Ed25519: ['EdDSA'] } },
    requirements: ['ENV-NEST-004', 'ENV-NEST-005'],
    receiverMay: true,
  },
];

for (const stack of STACKS) {
  conformanceCase({
    id: `nesting.receiver.${stack.slug}`,
    title: `unpacks the reference's ${stack.layers.join('(')}${')'.repeat(stack.layers.length - 1)} with the right metadata (PITFALLS 5, 26)`,
    requirements: stack.requirements,
    profiles: ['core'],
    role: 'receiver',
    needs: stack.needs,
  }, async (ctx) => {
    const spec = { options: stack.reference, sender: ALICE, recipient: BOB, message: message(ALICE) };
    if (!stack.receiverMay) return agentUnpacksReference(ctx, spec, stack.layers, stack.receiverRule!, { nested: true });
    // ENV-NEST-004: MAY be accepted; if it is, the flags must still fit the stack.
    await setUpAgent(ctx, 'sicpa', [BOB]);
    const { packed } = await referencePack(spec);
    const result = await ctx.call('unpack', { packed });
    if (result.status === 'rejected') return;
    const flags = expectedFlags(stack.layers);
    must(result.metadata.authenticated === flags.authenticated && result.metadata.nonRepudiation === flags.nonRepudiation, 'ENV-NEST-005', 'accepted authcrypt(sign) with metadata that does not fit the stack (PITFALLS 5)');
  });

  if (!stack.agent) continue;
  const agent = stack.agent;
  conformanceCase({
    id: `nesting.sender.${stack.slug}`,
    title: `packs ${stack.layers.join('(')}${')'.repeat(stack.layers.length - 1)} in the right order, judged by the reference (PITFALLS 5)`,
    requirements: stack.requirements,
    profiles: ['core'],
    role: 'sender',
    needs: stack.needs,
  }, async (ctx) => {
    await setUpAgent(ctx, 'sicpa', [ALICE]);
    const sent = message(ALICE);
    const packed = await ctx.call('pack', packParams(agent.envelope, sent, { ...agent, to: [BOB] }));
    await judgeOnWire(ctx, packed, sent, { requirement: stack.senderRule!, layers: stack.layers, recipient: BOB, curve: 'X25519', optional: true });
  });
}
