/**
 * Signed messages (spec §5.2): every receiver verifies EdDSA, ES256 and ES256K (ENV-SIGN-001) in both JWS
 * JSON serializations with `kid` in the protected or the unprotected header (PITFALLS 3, 4); a sender signs
 * with at least one of them (ENV-SIGN-002), each claimed one checked on the wire; every signed vector
 * (catalogue 2.2 F).
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { declareVectorCases } from '../_support/vector-runner.js';
import { agentUnpacksReference, ALICE, BOB, judgeOnWire, message, packParams } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';
import { mustBeAsAsked } from '../_support/asked.js';
import { SIGNATURES, signedNeeds } from '../_support/algorithms.js';

declareVectorCases('signed');

const FORMS = [
  { serialization: 'general', kidIn: 'unprotected' },
  { serialization: 'general', kidIn: 'protected' },
  { serialization: 'flattened', kidIn: 'unprotected' },
  { serialization: 'flattened', kidIn: 'protected' },
] as const;

for (const { alg, curve, kid } of SIGNATURES) {
  for (const form of FORMS) {
    conformanceCase({
      id: `signed.receiver.${alg.toLowerCase()}-${form.serialization}-kid-${form.kidIn}`,
      title: `verifies ${alg}, ${form.serialization} JWS, kid in the ${form.kidIn} header (PITFALLS 3, 4)`,
      requirements: ['ENV-SIGN-001', 'ENV-SIGN-004', 'ENV-SIGN-005', 'ENV-SIGN-006'],
      profiles: ['core'],
      role: 'receiver',
      needs: signedNeeds(alg, curve),
    }, async (ctx) => {
      await agentUnpacksReference(ctx, {
        options: { mode: 'signed', signBy: kid, jws: { serialization: form.serialization, kidIn: form.kidIn } },
        sender: ALICE,
        recipient: BOB,
        message: message(ALICE),
      }, ['signed', 'plaintext'], 'ENV-SIGN-001');
    });
  }

  conformanceCase({
    id: `signed.sender.${alg.toLowerCase()}`,
    title: `signs with ${alg}: JWS JSON serialization, one signature, kid in authentication, verified by the reference`,
    requirements: ['ENV-SIGN-002', 'ENV-SIGN-003', 'ENV-SIGN-004', 'ENV-MT-003', 'ENV-NEST-010'],
    profiles: ['core'],
    role: 'sender',
    needs: signedNeeds(alg, curve),
  }, async (ctx) => {
    await setUpAgent(ctx, 'sicpa', [ALICE]);
    const sent = message(ALICE);
    const packed = await ctx.call('pack', packParams('signed', sent, { signBy: kid }));
    const unpacked = await judgeOnWire(ctx, packed, sent, { requirement: 'ENV-SIGN-002', layers: ['signed', 'plaintext'] });
    // judgeOnWire checked the signer's kid is one of the sender's authentication keys (ENV-SIGN-003); another one
    // than asked breaks nothing, the adapter did not sign as asked.
    mustBeAsAsked(unpacked.metadata.signerKid === kid, `pack was asked to sign with ${kid} and signed with ${String(unpacked.metadata.signerKid)}`);
  });
}

conformanceCase({
  id: 'signed.sender.at-least-one-algorithm',
  title: 'signs with at least one of EdDSA, ES256, ES256K',
  requirements: ['ENV-SIGN-002', 'ENV-SIGN-008'],
  profiles: ['core'],
  role: 'sender',
  needs: { envelopes: ['signed'] },
}, async (ctx) => {
  const claimed = SIGNATURES.find(({ alg, curve }) => ctx.capabilities.algorithms[curve]?.includes(alg));
  must(claimed, 'ENV-SIGN-002', 'no signature algorithm of EdDSA, ES256, ES256K is claimed');
  await setUpAgent(ctx, 'sicpa', [ALICE]);
  const sent = message(ALICE);
  const packed = await ctx.call('pack', packParams('signed', sent, { signBy: claimed.kid }));
  await judgeOnWire(ctx, packed, sent, { requirement: 'ENV-SIGN-002', layers: ['signed', 'plaintext'] });
});

conformanceCase({
  id: 'signed.sender.strict',
  title: 'a signed message (EdDSA) passes the strict reference receiver',
  requirements: ['ENV-SIGN-004', 'ENV-NEST-007'],
  profiles: ['strict'],
  role: 'sender',
  needs: signedNeeds('EdDSA', 'Ed25519'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [ALICE]);
  const sent = message(ALICE);
  const packed = await ctx.call('pack', packParams('signed', sent, { signBy: SIGNATURES[0]!.kid }));
  await judgeOnWire(ctx, packed, sent, { requirement: 'ENV-SIGN-004', layers: ['signed', 'plaintext'], strict: true });
});
