/**
 * Attachments (spec §3.3): base64url, json and links+hash data kept intact both ways, and every attachment
 * vector (catalogue 2.2 G: `links` without `hash`, empty `data`, attachments not an array).
 * @module
 */
import { isDeepStrictEqual } from 'node:util';
import { conformanceCase, must } from '../../src/runner/case.js';
import { declareVectorCases } from '../_support/vector-runner.js';
import { ALICE, BOB, judgeOnWire, message, packParams, referencePack } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';
import { anoncryptNeeds } from '../_support/algorithms.js';

declareVectorCases('attachments');

const ATTACHMENTS = [
  { id: 'a-base64', media_type: 'text/plain', data: { base64: Buffer.from('hello attachments').toString('base64url') } },
  { id: 'a-json', media_type: 'application/json', data: { json: { nested: [1, 2, { deep: true }] } } },
  { id: 'a-links', filename: 'image.png', byte_count: 1024, data: { links: ['https://example.com/image.png'], hash: 'zQmWvQxTqbG2Z9HPJgG57jjwR154cKhbtJenbyYTWkjgF3e' } },
];

conformanceCase({
  id: 'attachments.sender.kept',
  title: 'packs base64, json and links+hash attachments unchanged (anoncrypt)',
  requirements: ['ENV-ATT-002', 'ENV-ATT-004', 'ENV-ATT-005'],
  profiles: ['core'],
  role: 'sender',
  needs: anoncryptNeeds('X25519'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [ALICE]);
  const sent = message(ALICE, { attachments: ATTACHMENTS });
  const packed = await ctx.call('pack', packParams('anoncrypt', sent, { curve: 'X25519' }));
  const unpacked = await judgeOnWire(ctx, packed, sent, { requirement: 'ENV-ATT-004', layers: ['anoncrypt', 'plaintext'], recipient: BOB });
  must(isDeepStrictEqual(unpacked.message.attachments, ATTACHMENTS), 'ENV-ATT-004', 'the attachments changed on the way');
});

conformanceCase({
  id: 'attachments.receiver.kept',
  title: 'unpacks base64, json and links+hash attachments unchanged',
  requirements: ['ENV-ATT-004', 'ENV-ATT-005'],
  profiles: ['core'],
  role: 'receiver',
  needs: anoncryptNeeds('X25519', 'A256CBC-HS512'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [BOB]);
  const sent = message(ALICE, { attachments: ATTACHMENTS });
  const { packed } = await referencePack({ options: { mode: 'anoncrypt', to: [BOB], curve: 'X25519' }, recipient: BOB, message: sent });
  const result = await ctx.call('unpack', { packed });
  must(result.status === 'accepted', 'ENV-ATT-004', 'a message with valid attachments was rejected');
  must(isDeepStrictEqual(result.message['attachments'], ATTACHMENTS), 'ENV-ATT-004', 'the attachments changed on the way');
});
