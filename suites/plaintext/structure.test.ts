/**
 * Plaintext messages, both directions (spec §2.2 and §3.1): the adapter unpacks plaintext the harness
 * made, and packs plaintext the harness then judges on the wire with the reference implementation.
 * @module
 */
import { StaticDidResolver, SecretStore, unpackMessage } from '../../src/index.js';
import { isDeepStrictEqual } from 'node:util';
import { check, conformanceCase, must, type CaseContext, type MustId } from '../../src/runner/case.js';
import { isDidcommError } from '../../src/index.js';
import { isRequirementId } from '../../src/spec/requirements.js';
import { ALICE, BOB, becomeParty, specPlaintext, vectorDidDocuments } from '../_support/fixtures.js';
import { expectAccepted, expectRejected, positiveControl } from '../_support/unpack-expectations.js';

/** The plaintext media type (ENV-MT-001). */
const PLAIN = 'application/didcomm-plain+json';
const needs = { envelopes: ['plaintext' as const] };

/**
 * The spec's plaintext example as a receiver's base message, with the `typ` a bare plaintext SHOULD carry
 * (ENV-MT-002): each receiver case first has the agent accept it with its content (the positive control), so a
 * rejection of the variant is about the variant. Detecting a plaintext without `typ` is not a receiver MUST
 * (ENV-MT-006 is INFO): the `typ`-less vectors cover it, and their rejection is inconclusive, not failed.
 */
function base(): ReturnType<typeof specPlaintext> & { typ: string } {
  return { typ: PLAIN, ...specPlaintext() };
}

/**
 * The agent took `sent` as it was: same members and values. Only `typ` may differ (a receiver may report the
 * media type it found, §2.2, e.g. with the `application/` prefix added).
 */
function mustBeTakenAsSent(taken: Record<string, unknown>, sent: Record<string, unknown>, requirement: MustId): void {
  const { typ: _a, ...got } = taken;
  const { typ: _b, ...expected } = sent;
  must(isDeepStrictEqual(got, expected), requirement, `the message was taken as ${JSON.stringify(got).slice(0, 300)}, not as sent`);
}

async function controlled(ctx: CaseContext): Promise<void> {
  await becomeParty(ctx, BOB, [ALICE]);
  const message = base();
  await positiveControl(ctx, JSON.stringify(message), message);
}

conformanceCase({
  id: 'plaintext.receiver.body-absent',
  title: 'accepts a message without body (v2.1)',
  requirements: ['ENV-PLAIN-015'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  await controlled(ctx);
  const { body: _body, ...message } = base();
  const result = await expectAccepted(ctx, JSON.stringify(message), 'ENV-PLAIN-015');
  mustBeTakenAsSent(result.message, message, 'ENV-PLAIN-015');
});

conformanceCase({
  id: 'plaintext.receiver.unknown-headers',
  title: 'does not fail on unknown headers',
  requirements: ['ENV-PLAIN-017'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  await controlled(ctx);
  const message = { ...base(), example_unknown_header: { nested: [1, 2, 3] }, another_unknown: 'x' };
  const result = await expectAccepted(ctx, JSON.stringify(message), 'ENV-PLAIN-017');
  mustBeTakenAsSent(result.message, message, 'ENV-PLAIN-017');
});

conformanceCase({
  id: 'plaintext.receiver.typ-short-form',
  title: 'treats a typ without "application/" as application/didcomm-plain+json',
  requirements: ['ENV-MT-005'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  await controlled(ctx);
  const message = { ...base(), typ: 'didcomm-plain+json' };
  const result = await expectAccepted(ctx, JSON.stringify(message), 'ENV-MT-005');
  mustBeTakenAsSent(result.message, message, 'ENV-MT-005');
});

conformanceCase({
  id: 'plaintext.receiver.to-not-listed',
  title: 'does not fail when `to` does not list the receiver',
  requirements: ['ENV-PLAIN-010'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  await controlled(ctx);
  const message = { ...base(), to: ['did:example:carol'] };
  const result = await expectAccepted(ctx, JSON.stringify(message), 'ENV-PLAIN-010');
  mustBeTakenAsSent(result.message, message, 'ENV-PLAIN-010');
});

conformanceCase({
  id: 'plaintext.receiver.id-missing',
  title: 'rejects a message without id (SHOULD)',
  requirements: ['ENV-PLAIN-002'],
  profiles: ['core'],
  role: 'receiver',
  needs,
}, async (ctx) => {
  await becomeParty(ctx, BOB, [ALICE]);
  const { id: _id, ...message } = base();
  await expectRejected(ctx, JSON.stringify(base()), base(), JSON.stringify(message), 'ENV-PLAIN-002', 'a message without `id`');
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
  // It claimed the plaintext envelope: refusing to produce the plaintext media type is its finding.
  must(packed.status === 'packed', 'ENV-MT-001', `the adapter refused to pack plaintext it claims: ${packed.status === 'rejected' ? packed.error.message : ''}`);
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
  // The reference receiver names the rule the packed plaintext broke.
  const broken = isDidcommError(reference) && reference.requirement && isRequirementId(reference.requirement) ? reference.requirement : 'ENV-MT-001';
  check(!(reference instanceof Error), broken, `the reference receiver rejected the packed plaintext: ${reference instanceof Error ? reference.message : ''}`);
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
