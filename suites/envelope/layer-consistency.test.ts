/**
 * Layer consistency (spec §3.2): plaintext `from` against `skid` and signer, `to` against the recipient kid,
 * key relationships (PITFALLS 6, 7, 8, 9; catalogue 2.2 D, E): the vectors that break them one at a time,
 * and what an agent reports for an anoncrypted message that names a `from` or has no `to`.
 * @module
 */
import { conformanceCase, must } from '../../src/runner/case.js';
import { declareVectorCases } from '../_support/vector-runner.js';
import { ALICE, BOB, referencePack } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';
import { anoncryptNeeds } from '../_support/algorithms.js';

declareVectorCases('layer-consistency');

conformanceCase({
  id: 'layer-consistency.receiver.anoncrypt-from-not-authenticated',
  title: 'an anoncrypted message naming a `from` is accepted but never reported as authenticated (PITFALLS 6)',
  requirements: ['ENV-PLAIN-008', 'ENC-ANON-005', 'ENV-PLAIN-007'],
  profiles: ['core'],
  role: 'receiver',
  needs: anoncryptNeeds('X25519', 'A256CBC-HS512'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [BOB]);
  const sent = { id: 'anon-from-1', type: 'https://didcomm.org/basicmessage/2.0/message', from: ALICE, to: [BOB], body: {} };
  const { packed } = await referencePack({ options: { mode: 'anoncrypt', to: [BOB], curve: 'X25519' }, recipient: BOB, message: sent });
  const result = await ctx.call('unpack', { packed });
  must(result.status === 'accepted', 'ENV-PLAIN-007', 'an anoncrypted message with `from` was rejected');
  must(!result.metadata.authenticated, 'ENV-PLAIN-008', 'an anoncrypted message was reported authenticated because of its plaintext `from`');
  must(result.metadata.anonymousSender, 'ENV-PLAIN-008', 'an anoncrypted message was not reported as from an anonymous sender');
});

conformanceCase({
  id: 'layer-consistency.receiver.no-to',
  title: 'an encrypted message without `to` is accepted (BCC, PITFALLS 7)',
  requirements: ['ENV-PLAIN-009', 'ENV-PLAIN-006'],
  profiles: ['core'],
  role: 'receiver',
  needs: anoncryptNeeds('X25519', 'A256CBC-HS512'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [BOB]);
  const sent = { id: 'no-to-1', type: 'https://didcomm.org/basicmessage/2.0/message', body: {} };
  const { packed } = await referencePack({ options: { mode: 'anoncrypt', to: [BOB], curve: 'X25519' }, recipient: BOB, message: sent });
  const result = await ctx.call('unpack', { packed });
  ctx.should(result.status === 'accepted', 'ENV-PLAIN-009', 'a message without `to` was rejected');
});
