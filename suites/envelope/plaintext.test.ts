/**
 * Plaintext messages inside every envelope (spec §3.1): headers kept and well-formed on the wire, framing
 * that must be refused (catalogue 2.2 A), `body` optional in v2.1 and always sent for v2.0 peers
 * (PITFALLS 21), and every plaintext vector (catalogue 2.2 G).
 * @module
 */
import { conformanceCase, must, mustRefuse } from '../../src/runner/case.js';
import { positiveControl } from '../_support/unpack-expectations.js';
import type { RequirementId } from '../../src/spec/requirements.js';
import { declareVectorCases } from '../_support/vector-runner.js';
import { ALICE, BOB, judgeOnWire, message, packParams, referencePack } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';
import { anoncryptNeeds } from '../_support/algorithms.js';

declareVectorCases('plaintext');

const PLAIN = { envelopes: ['plaintext' as const] };

conformanceCase({
  id: 'plaintext.sender.headers-kept',
  title: 'packs plaintext keeping thid, pthid, created_time, expires_time and unknown headers, schema-valid',
  requirements: ['ENV-PLAIN-001', 'ENV-PLAIN-003', 'ENV-PLAIN-005', 'ENV-PLAIN-006', 'ENV-PLAIN-014', 'ENV-PLAIN-017', 'ENV-PLAIN-020'],
  profiles: ['core'],
  role: 'sender',
  needs: PLAIN,
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [ALICE]);
  const sent = message(ALICE, { thid: 'thread-1', pthid: 'parent-1', expires_time: 1_800_000_000, custom_header: { ü: 'ünïcødé' } });
  const packed = await ctx.call('pack', packParams('plaintext', sent));
  const unpacked = await judgeOnWire(ctx, packed, sent, { requirement: 'ENV-PLAIN-001', layers: ['plaintext'] });
  for (const header of ['thid', 'pthid', 'created_time', 'expires_time', 'to', 'from'] as const) {
    must(JSON.stringify(unpacked.message[header]) === JSON.stringify(sent[header]), 'ENV-PLAIN-001', `\`${header}\` changed on the way`);
  }
  must(JSON.stringify(unpacked.message['custom_header']) === JSON.stringify(sent['custom_header']), 'ENV-PLAIN-020', 'an unknown UTF-8 header changed on the way');
});

conformanceCase({
  id: 'plaintext.sender.v2-0-body-present',
  title: 'always sends `body`, even empty, for v2.0 receivers (PITFALLS 21)',
  requirements: ['ENV-PLAIN-015'],
  profiles: ['v2.0'],
  role: 'sender',
  needs: anoncryptNeeds('X25519'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', []);
  const sent = message(undefined, { body: {} });
  const packed = await ctx.call('pack', packParams('anoncrypt', sent, { curve: 'X25519' }));
  const unpacked = await judgeOnWire(ctx, packed, sent, { requirement: 'ENV-PLAIN-015', layers: ['anoncrypt', 'plaintext'], recipient: BOB });
  must(typeof unpacked.message.body === 'object' && unpacked.message.body !== null, 'ENV-PLAIN-015', 'v2.0 requires `body`, even empty');
});

conformanceCase({
  id: 'plaintext.receiver.body-absent-encrypted',
  title: 'accepts an anoncrypted message without `body` (v2.1, PITFALLS 21)',
  requirements: ['ENV-PLAIN-015'],
  profiles: ['core'],
  role: 'receiver',
  needs: anoncryptNeeds('X25519', 'A256CBC-HS512'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [BOB]);
  const { body: _body, ...sent } = message(undefined);
  const { packed } = await referencePack({ options: { mode: 'anoncrypt', to: [BOB], curve: 'X25519' }, recipient: BOB, message: sent });
  const result = await ctx.call('unpack', { packed });
  must(result.status === 'accepted', 'ENV-PLAIN-015', `a message without body was rejected: ${result.status === 'rejected' ? result.error.code : ''}`);
});

/**
 * Framing a strict receiver refuses (catalogue 2.2 A); a valid plaintext is the positive control. The rules
 * broken (JSON plaintext, `id`, `type`) bind what senders emit: no MUST obliges a receiver to refuse, so the
 * cases count in the strict profile (the verdict rule, docs/verdict-rule.md).
 */
const FRAMING: Array<{ slug: string; text: string; requirement: RequirementId }> = [
  { slug: 'not-json', text: '{"id": "1", "type": ', requirement: 'ENV-PLAIN-020' },
  { slug: 'empty', text: '', requirement: 'ENV-PLAIN-020' },
  { slug: 'json-array', text: '[]', requirement: 'ENV-PLAIN-001' },
  { slug: 'json-string', text: '"hello"', requirement: 'ENV-PLAIN-001' },
  { slug: 'json-number', text: '42', requirement: 'ENV-PLAIN-001' },
  { slug: 'empty-object', text: '{}', requirement: 'ENV-PLAIN-001' },
  { slug: 'type-missing', text: '{"id":"1234567890","body":{}}', requirement: 'ENV-PLAIN-005' },
];

for (const { slug, text, requirement } of FRAMING) {
  conformanceCase({
    id: `plaintext.receiver.framing-${slug}`,
    title: `rejects ${slug} input (catalogue 2.2 A)`,
    requirements: [requirement],
    profiles: ['strict'],
    role: 'receiver',
    needs: PLAIN,
  }, async (ctx) => {
    await setUpAgent(ctx, 'sicpa', [BOB]);
    const valid = message(ALICE);
    await positiveControl(ctx, JSON.stringify(valid), valid);
    const result = await ctx.call('unpack', { packed: text });
    mustRefuse(result.status === 'rejected', requirement, `accepted ${slug} input`);
  });
}
