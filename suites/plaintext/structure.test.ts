/**
 * Plaintext messages, both directions (spec §2.2 and §3.1): the adapter unpacks plaintext the harness
 * made, and packs plaintext the harness then judges on the wire with the reference implementation.
 * @module
 */
import { StaticDidResolver, SecretStore, unpackMessage } from '../../src/index.js';
import { conformanceCase, must } from '../../src/runner/case.js';
import { ALICE, BOB, becomeParty, specPlaintext, vectorDidDocuments } from '../_support/fixtures.js';
import { expectAccepted, expectRejectedOrWarn } from '../_support/unpack-expectations.js';

/** The plaintext media type (ENV-MT-001). */
const PLAIN = 'application/didcomm-plain+json';
const needs = { envelopes: ['plaintext' as const] };

conformanceCase({
  id: 'plaintext.receiver.spec-example',
  title: 'accepts the spec plaintext example and returns it unchanged',
  requirements: ['ENV-MT-006', 'ENV-MT-001'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  await becomeParty(ctx, BOB, [ALICE]);
  const message = specPlaintext();
  const result = await expectAccepted(ctx, JSON.stringify(message), 'ENV-MT-006');
  must(JSON.stringify(result.message) === JSON.stringify(message) || deepEqual(result.message, message), 'ENV-MT-006', 'the unpacked plaintext differs from the message sent');
  must(!result.metadata.encrypted && !result.metadata.authenticated && !result.metadata.nonRepudiation, 'ENV-MT-006', 'plaintext must not be reported as encrypted, authenticated or signed');
});

conformanceCase({
  id: 'plaintext.receiver.body-absent',
  title: 'accepts a message without body (v2.1)',
  requirements: ['ENV-PLAIN-015'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  const { body: _body, ...message } = specPlaintext();
  const result = await expectAccepted(ctx, JSON.stringify(message), 'ENV-PLAIN-015');
  must(result.message['id'] === message.id, 'ENV-PLAIN-015', 'the unpacked message lost its id');
});

conformanceCase({
  id: 'plaintext.receiver.unknown-headers',
  title: 'does not fail on unknown headers',
  requirements: ['ENV-PLAIN-017'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  const message = { ...specPlaintext(), example_unknown_header: { nested: [1, 2, 3] }, another_unknown: 'x' };
  const result = await expectAccepted(ctx, JSON.stringify(message), 'ENV-PLAIN-017');
  must(result.message['type'] === message.type, 'ENV-PLAIN-017', 'the unpacked message lost its type');
});

conformanceCase({
  id: 'plaintext.receiver.typ-short-form',
  title: 'treats a typ without "application/" as application/didcomm-plain+json',
  requirements: ['ENV-MT-005'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  await expectAccepted(ctx, JSON.stringify({ typ: 'didcomm-plain+json', ...specPlaintext() }), 'ENV-MT-005');
});

conformanceCase({
  id: 'plaintext.receiver.to-not-listed',
  title: 'does not fail when `to` does not list the receiver',
  requirements: ['ENV-PLAIN-010'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  await becomeParty(ctx, BOB, [ALICE]);
  await expectAccepted(ctx, JSON.stringify({ ...specPlaintext(), to: ['did:example:carol'] }), 'ENV-PLAIN-010');
});

conformanceCase({
  id: 'plaintext.receiver.id-missing',
  title: 'rejects a message without id (SHOULD)',
  requirements: ['ENV-PLAIN-002'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  const { id: _id, ...message } = specPlaintext();
  await expectRejectedOrWarn(ctx, JSON.stringify(specPlaintext()), JSON.stringify(message), 'ENV-PLAIN-002', 'a message without `id` was accepted');
});

conformanceCase({
  id: 'plaintext.sender.spec-example',
  title: 'packs plaintext that keeps the headers and passes the reference receiver',
  requirements: ['ENV-PLAIN-001', 'ENV-PLAIN-005', 'ENV-PLAIN-006', 'ENV-PLAIN-014', 'ENV-PLAIN-015', 'ENV-MT-001', 'ENV-MT-002'],
  profiles: ['core'],
  role: 'sender',
  needs,
}, async (ctx) => {
  await becomeParty(ctx, ALICE, [BOB]);
  const message = specPlaintext();
  const packed = await ctx.call('pack', { message, envelope: 'plaintext' });
  must(packed.status === 'packed', 'ENV-PLAIN-001', `the adapter refused to pack plaintext: ${packed.status === 'rejected' ? packed.error.message : ''}`);
  const wire = parseJson(packed.packed) as Record<string, unknown>;
  must(typeof wire === 'object' && wire !== null && !Array.isArray(wire), 'ENV-MT-001', 'the packed plaintext is not a JSON object');
  must(wire['id'] === message.id, 'ENV-PLAIN-001', '`id` changed or went missing');
  must(wire['type'] === message.type, 'ENV-PLAIN-005', '`type` changed or went missing');
  must(Array.isArray(wire['to']) && (wire['to'] as unknown[]).every((to) => typeof to === 'string'), 'ENV-PLAIN-006', '`to` is not an array of strings');
  must(Number.isInteger(wire['created_time']), 'ENV-PLAIN-014', '`created_time` is not an integer');
  must(typeof wire['body'] === 'object' && wire['body'] !== null && !Array.isArray(wire['body']), 'ENV-PLAIN-015', '`body` is not a JSON object');
  ctx.should(wire['typ'] !== undefined, 'ENV-MT-002', 'plaintext used without signature or encryption should carry `typ`');
  if (wire['typ'] !== undefined) must(wire['typ'] === PLAIN || wire['typ'] === 'didcomm-plain+json', 'ENV-MT-001', `\`typ\` is ${JSON.stringify(wire['typ'])}`);
  // Judge on the wire: the reference receiver must accept what the adapter sent.
  const reference = await unpackMessage(packed.packed, {
    resolver: new StaticDidResolver(vectorDidDocuments() as never),
    secrets: new SecretStore([]),
  }).catch((error: unknown) => error as Error);
  must(!(reference instanceof Error), 'ENV-MT-006', `the reference receiver rejected the packed plaintext: ${reference instanceof Error ? reference.message : ''}`);
});

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
