/**
 * Anoncrypt (spec §5.1.2, §5.1.10): ECDH-ES+A256KW on every curve with every content encryption, both
 * directions, plus every anoncrypt vector. Required: X25519, P-256, P-384 with A256CBC-HS512 (ENC-ALG-001/002);
 * the rest is crypto-full and skipped when unclaimed. PITFALLS 2, 8, 9, 18, 22 and catalogue 2.2 B-E.
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { declareVectorCases } from '../_support/vector-runner.js';
import { agentUnpacksReference, BOB, judgeOnWire, message, packParams } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';
import { ANONCRYPT_COMBINATIONS, anoncryptEnc, anoncryptNeeds } from '../_support/algorithms.js';

declareVectorCases('anoncrypt');

for (const { curve, enc, required } of ANONCRYPT_COMBINATIONS) {
  const slug = `${curve}-${enc}`.toLowerCase();
  const profiles = required ? (['core'] as const) : (['crypto-full'] as const);

  conformanceCase({
    id: `anoncrypt.sender.${slug}`,
    title: `packs anoncrypt on ${curve} with ${enc} that the reference decrypts; headers, apv, kids and shape checked (PITFALLS 2, 8, 9, 22)`,
    requirements: ['ENC-ALG-001', 'ENC-ALG-002', 'ENC-ALG-003', 'ENC-ANON-002', 'ENC-JWE-004', 'ENC-JWE-006', 'ENC-JWE-007', 'ENC-JWE-008', 'ENC-JWE-009', 'ENV-MT-004'],
    profiles,
    role: 'sender',
    needs: anoncryptNeeds(curve, enc),
  }, async (ctx) => {
    await setUpAgent(ctx, 'sicpa', []);
    const sent = message(undefined);
    const packed = await ctx.call('pack', packParams('anoncrypt', sent, { curve, enc }));
    await judgeOnWire(ctx, packed, sent, { requirement: 'ENC-ALG-002', layers: ['anoncrypt', 'plaintext'], recipient: BOB, curve, enc });
  });

  conformanceCase({
    id: `anoncrypt.receiver.${slug}`,
    title: `unpacks the reference's anoncrypt on ${curve} with ${enc} and reports it as encrypted, anonymous`,
    requirements: ['ENC-ALG-001', 'ENC-ALG-002', 'ENC-ALG-003', 'ENC-JWE-003'],
    profiles,
    role: 'receiver',
    needs: anoncryptNeeds(curve, enc),
  }, async (ctx) => {
    await agentUnpacksReference(ctx, { options: { mode: 'anoncrypt', to: [BOB], curve, enc }, recipient: BOB, message: message(undefined) }, ['anoncrypt', 'plaintext'], 'ENC-ALG-002');
  });
}

conformanceCase({
  id: 'anoncrypt.sender.strict',
  title: 'anoncrypt (X25519, A256CBC-HS512 or the enc it claims for anoncrypt) passes the strict reference receiver',
  requirements: ['ENC-JWE-009', 'ENC-ANON-002', 'ENV-NEST-009'],
  profiles: ['strict'],
  role: 'sender',
  needs: anoncryptNeeds('X25519'),
}, async (ctx) => {
  const enc = anoncryptEnc(ctx, 'sender', 'X25519');
  await setUpAgent(ctx, 'sicpa', []);
  const sent = message(undefined);
  const packed = await ctx.call('pack', packParams('anoncrypt', sent, { curve: 'X25519', enc }));
  await judgeOnWire(ctx, packed, sent, { requirement: 'ENC-JWE-009', layers: ['anoncrypt', 'plaintext'], recipient: BOB, curve: 'X25519', strict: true });
});

/** What the freshness case reads of a JWE. */
interface Wire { iv: string; protected: string; recipients?: Array<{ header?: Record<string, unknown> }> }

conformanceCase({
  id: 'anoncrypt.sender.fresh-iv-and-epk',
  title: 'the same message packed twice gets a fresh IV and a fresh ephemeral key each time',
  requirements: ['ENC-JWE-012', 'ENC-JWE-008'],
  profiles: ['core'],
  role: 'sender',
  needs: anoncryptNeeds('X25519'),
}, async (ctx) => {
  const enc = anoncryptEnc(ctx, 'sender', 'X25519');
  await setUpAgent(ctx, 'sicpa', []);
  const sent = message(undefined);
  const wires = [];
  for (let i = 0; i < 2; i += 1) {
    const packed = await ctx.call('pack', packParams('anoncrypt', sent, { curve: 'X25519', enc }));
    must(packed.status === 'packed', 'ENC-JWE-012', 'the agent refused to pack anoncrypt');
    wires.push(JSON.parse(packed.packed) as Wire);
  }
  // The ephemeral key wherever the agent put it: one in the wrong header (ENC-JWE-007, judged by the wire cases)
  // is still fresh or reused, and an absent one is no reuse.
  const epk = (w: Wire): string | undefined => {
    const found = (JSON.parse(Buffer.from(w.protected, 'base64url').toString('utf8')) as { epk?: unknown }).epk ?? w.recipients?.[0]?.header?.['epk'];
    return found === undefined ? undefined : JSON.stringify(found);
  };
  must(wires[0]!.iv !== wires[1]!.iv, 'ENC-JWE-012', 'two packs of one message reused the IV');
  must(epk(wires[0]!) === undefined || epk(wires[0]!) !== epk(wires[1]!), 'ENC-JWE-008', 'two packs of one message reused the ephemeral key');
});
