/**
 * Authcrypt (spec §5.1.1, §5.1.9): ECDH-1PU+A256KW with A256CBC-HS512 on every curve, both directions, plus
 * every authcrypt vector (the 1PU KDF tag variants of PITFALLS 1 among them). Required on X25519, P-256,
 * P-384 (ENC-ALG-001). PITFALLS 1, 2, 8, 9, 18.
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { declareVectorCases } from '../_support/vector-runner.js';
import { agentUnpacksReference, BOB, judgeOnWire, MEDIATOR1, message, packParams } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';
import { authcryptNeeds, CURVES } from '../_support/algorithms.js';

declareVectorCases('authcrypt');

for (const { curve, required } of CURVES) {
  const slug = curve.toLowerCase();
  const profiles = required ? (['core'] as const) : (['crypto-full'] as const);

  conformanceCase({
    id: `authcrypt.sender.${slug}`,
    title: `packs authcrypt on ${curve} that the reference decrypts; alg, enc, apu = b64(skid), apv, kids checked (PITFALLS 1, 2, 8)`,
    requirements: ['ENC-AUTH-001', 'ENC-AUTH-002', 'ENC-AUTH-003', 'ENC-AUTH-004', 'ENC-ALG-001', 'ENC-JWE-006', 'ENC-JWE-007', 'ENC-JWE-008', 'ENC-JWE-009', 'ENV-PLAIN-007', 'KEYS-001'],
    profiles,
    role: 'sender',
    needs: authcryptNeeds(curve),
  }, async (ctx) => {
    await setUpAgent(ctx, 'sicpa', [MEDIATOR1]);
    const sent = message(MEDIATOR1);
    const packed = await ctx.call('pack', packParams('authcrypt', sent, { from: MEDIATOR1, curve }));
    const unpacked = await judgeOnWire(ctx, packed, sent, { requirement: 'ENC-AUTH-001', layers: ['authcrypt', 'plaintext'], recipient: BOB, sender: MEDIATOR1, curve, enc: 'A256CBC-HS512' });
    must(unpacked.metadata.senderKid?.split('#')[0] === sent.from, 'ENV-NEST-008', `skid ${unpacked.metadata.senderKid} is not a key of from ${sent.from} (PITFALLS 6)`);
  });

  conformanceCase({
    id: `authcrypt.receiver.${slug}`,
    title: `unpacks the reference's authcrypt on ${curve} and reports it as authenticated with the sender kid`,
    requirements: ['ENC-AUTH-001', 'ENC-ALG-001', 'ENC-AUTH-007', 'ENC-JWE-011'],
    profiles,
    role: 'receiver',
    needs: authcryptNeeds(curve),
  }, async (ctx) => {
    await agentUnpacksReference(ctx, { options: { mode: 'authcrypt', to: [BOB], from: MEDIATOR1, curve }, sender: MEDIATOR1, recipient: BOB, message: message(MEDIATOR1) }, ['authcrypt', 'plaintext'], 'ENC-AUTH-001');
  });
}

conformanceCase({
  id: 'authcrypt.sender.gcm-refused',
  title: 'asked for authcrypt with A256GCM, refuses or uses A256CBC-HS512 (PITFALLS 18)',
  requirements: ['ENC-AUTH-002'],
  profiles: ['core'],
  role: 'sender',
  needs: authcryptNeeds('X25519'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [MEDIATOR1]);
  const sent = message(MEDIATOR1);
  const packed = await ctx.call('pack', packParams('authcrypt', sent, { from: MEDIATOR1, curve: 'X25519', enc: 'A256GCM' }));
  if (packed.status === 'rejected') return;
  await judgeOnWire(ctx, packed, sent, { requirement: 'ENC-AUTH-002', layers: ['authcrypt', 'plaintext'], recipient: BOB, sender: MEDIATOR1, curve: 'X25519' });
});

conformanceCase({
  id: 'authcrypt.sender.strict',
  title: 'authcrypt (X25519) passes the strict reference receiver (apu/skid, apv, to)',
  requirements: ['ENC-AUTH-008', 'ENC-JWE-010', 'ENV-NEST-009'],
  profiles: ['strict'],
  role: 'sender',
  needs: authcryptNeeds('X25519'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [MEDIATOR1]);
  const sent = message(MEDIATOR1);
  const packed = await ctx.call('pack', packParams('authcrypt', sent, { from: MEDIATOR1, curve: 'X25519' }));
  await judgeOnWire(ctx, packed, sent, { requirement: 'ENC-AUTH-008', layers: ['authcrypt', 'plaintext'], recipient: BOB, sender: MEDIATOR1, curve: 'X25519', strict: true });
});
