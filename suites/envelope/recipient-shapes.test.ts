/**
 * Parties with variety (issue 22): the envelope rules that depend on who the recipient is — every key of the
 * chosen curve is a recipient (ENC-JWE-005), `apv` hashes the code-point-sorted kids (ENC-JWE-009, AMB-01),
 * General JSON even for one key (ENC-JWE-004), one JWE per recipient DID (ENC-JWE-001) — judged over recipients
 * of several shapes (suites/_support/recipient-shapes.ts) and DIDs of each method the agent claims, in both
 * directions. The reference computes every expectation from the party it generated.
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { didOf } from '../../src/did/document.js';
import type { MustId } from '../../src/runner/case.js';
import { anoncryptEnc, anoncryptNeeds, authcryptNeeds } from '../_support/algorithms.js';
import { agentUnpacksReference, judgeOnWire, MEDIATOR1, message } from '../_support/wire.js';
import { setUpAgent } from '../_support/parties.js';
import { introduce, methodParty, SHAPED_METHODS, SHAPES, shapedParty, worldOf, type Shape } from '../_support/recipient-shapes.js';

/** The rule a shape is most likely to expose: one key tempts a flattened JWE, several keys a wrong `apv`. */
const ruleOf = (shape: Shape): MustId => (shape.fragments.length === 1 ? 'ENC-JWE-004' : 'ENC-JWE-009');

for (const shape of SHAPES) {
  conformanceCase({
    id: `envelope.sender.anoncrypt-to-${shape.slug}`,
    title: `packs anoncrypt for a recipient with ${shape.what}: General JSON, every key a recipient, apv over the code-point-sorted kids`,
    requirements: ['ENC-JWE-004', 'ENC-JWE-005', 'ENC-JWE-006', 'ENC-JWE-009'], profiles: ['core'], role: 'sender',
    needs: anoncryptNeeds(shape.curve),
  }, async (ctx) => {
    const enc = anoncryptEnc(ctx, 'sender', shape.curve);
    const recipient = shapedParty(shape);
    const world = worldOf([recipient]);
    await setUpAgent(ctx, 'sicpa', []);
    await introduce(ctx, world, []);
    const sent = message(undefined, { to: [recipient.did] });
    const packed = await ctx.call('pack', { message: sent, envelope: 'anoncrypt', to: [recipient.did], curve: shape.curve, enc });
    await judgeOnWire(ctx, packed, sent, { requirement: ruleOf(shape), layers: ['anoncrypt', 'plaintext'], recipient: recipient.did, curve: shape.curve, enc, world });
  });

  conformanceCase({
    id: `envelope.sender.authcrypt-to-${shape.slug}`,
    title: `packs authcrypt for a recipient with ${shape.what}: General JSON, every key a recipient, apv over the code-point-sorted kids, apu = b64(skid)`,
    requirements: ['ENC-JWE-004', 'ENC-JWE-005', 'ENC-JWE-006', 'ENC-JWE-009', 'ENC-AUTH-004'], profiles: ['core'], role: 'sender',
    needs: authcryptNeeds(shape.curve),
  }, async (ctx) => {
    const recipient = shapedParty(shape);
    const world = worldOf([recipient]);
    await setUpAgent(ctx, 'sicpa', [MEDIATOR1]);
    await introduce(ctx, world, []);
    const sent = message(MEDIATOR1, { to: [recipient.did] });
    const packed = await ctx.call('pack', { message: sent, envelope: 'authcrypt', to: [recipient.did], from: MEDIATOR1, curve: shape.curve });
    await judgeOnWire(ctx, packed, sent, { requirement: ruleOf(shape), layers: ['authcrypt', 'plaintext'], recipient: recipient.did, sender: MEDIATOR1, curve: shape.curve, enc: 'A256CBC-HS512', world });
  });

  conformanceCase({
    id: `envelope.receiver.anoncrypt-to-${shape.slug}`,
    title: `unpacks anoncrypt encrypted for every key of its DID with ${shape.what}`,
    requirements: ['ENC-ALG-003', 'ENC-JWE-006'], profiles: ['core'], role: 'receiver',
    needs: anoncryptNeeds(shape.curve, 'A256CBC-HS512'),
  }, async (ctx) => {
    const recipient = shapedParty(shape);
    const world = worldOf([recipient]);
    await agentUnpacksReference(ctx, { options: { mode: 'anoncrypt', to: [recipient.did], curve: shape.curve }, recipient: recipient.did, message: message(undefined, { to: [recipient.did] }), world }, ['anoncrypt', 'plaintext'], 'ENC-ALG-003');
  });

  conformanceCase({
    id: `envelope.receiver.authcrypt-between-${shape.slug}`,
    title: `unpacks authcrypt from a sender with ${shape.what} to a recipient of the same shape, reporting the sender kid`,
    requirements: ['ENC-AUTH-001', 'ENC-AUTH-007'], profiles: ['core'], role: 'receiver',
    needs: authcryptNeeds(shape.curve),
  }, async (ctx) => {
    const recipient = shapedParty(shape);
    const sender = shapedParty(shape, 'sender');
    const world = worldOf([recipient, sender]);
    await agentUnpacksReference(ctx, { options: { mode: 'authcrypt', to: [recipient.did], from: sender.did, curve: shape.curve }, sender: sender.did, recipient: recipient.did, message: message(sender.did, { to: [recipient.did] }), world }, ['authcrypt', 'plaintext'], 'ENC-AUTH-001');
  });
}

const [SOLO, SEVERAL] = [SHAPES.find((s) => s.fragments.length === 1)!, SHAPES.find((s) => s.slug === 'kid-orders-differ')!];

conformanceCase({
  id: 'envelope.sender.two-recipient-dids',
  title: 'a message whose `to` names two DIDs: packed for each DID apart, each JWE is for that DID\'s keys only; packed for both at once, never one JWE spanning both',
  requirements: ['ENC-JWE-001', 'ENC-JWE-006', 'ENC-JWE-009'], profiles: ['core'], role: 'sender',
  needs: anoncryptNeeds('X25519'),
}, async (ctx) => {
  const enc = anoncryptEnc(ctx, 'sender', 'X25519');
  const first = shapedParty(SOLO);
  const second = shapedParty(SEVERAL, 'other');
  const world = worldOf([first, second]);
  await setUpAgent(ctx, 'sicpa', []);
  await introduce(ctx, world, []);
  const sent = message(undefined, { to: [first.did, second.did] });
  for (const did of [first.did, second.did]) {
    const packed = await ctx.call('pack', { message: sent, envelope: 'anoncrypt', to: [did], curve: 'X25519', enc });
    // An API that always encrypts to the message's whole `to` (Veramo) cannot pack for one of its DIDs: that
    // refusal shows no per-DID rule broken (one-did-per-jwe judges the JWE it makes for both instead).
    if (packed.status !== 'packed') throw new Inconclusive(`the agent refused to pack for ${did} alone while the message's to names two DIDs (${packed.error.code}: ${packed.error.message.slice(0, 200)}), so whether it encrypts per DID cannot be shown here`);
    await judgeOnWire(ctx, packed, sent, { requirement: 'ENC-JWE-001', layers: ['anoncrypt', 'plaintext'], recipient: did, curve: 'X25519', world });
  }
  const both = await ctx.call('pack', { message: sent, envelope: 'anoncrypt', to: [first.did, second.did], curve: 'X25519', enc });
  // Refusing is conforming: one pack result cannot hold the separate encryptions the rule asks for.
  if (both.status !== 'packed') return;
  const kids = ((JSON.parse(both.packed) as { recipients?: Array<{ header?: { kid?: string } }> }).recipients ?? []).map((r) => String(r.header?.kid));
  const dids = [...new Set(kids.map(didOf))];
  must(dids.length <= 1, 'ENC-JWE-001', `one JWE is encrypted for ${dids.join(' and ')}; a message to several DIDs is encrypted separately per DID`);
});

conformanceCase({
  id: 'envelope.receiver.one-of-two-recipient-dids',
  title: 'unpacks a JWE for its own DID whose plaintext `to` also names another DID (the other DID gets its own JWE)',
  requirements: ['ENC-JWE-001', 'ENV-NEST-009'], profiles: ['core'], role: 'receiver',
  needs: anoncryptNeeds('X25519', 'A256CBC-HS512'),
}, async (ctx) => {
  const mine = shapedParty(SEVERAL);
  const other = shapedParty(SOLO, 'other');
  const world = worldOf([mine, other]);
  await agentUnpacksReference(ctx, { options: { mode: 'anoncrypt', to: [mine.did], curve: 'X25519' }, recipient: mine.did, message: message(undefined, { to: [other.did, mine.did] }), world }, ['anoncrypt', 'plaintext'], 'ENV-NEST-009');
});

for (const method of SHAPED_METHODS) {
  const slug = method.replace(':', '');
  conformanceCase({
    id: `envelope.sender.anoncrypt-to-did-${slug}`,
    title: `packs anoncrypt for a did:${method} recipient that the reference decrypts, kids and apv from its resolved document`,
    requirements: ['ENC-JWE-006', 'ENC-JWE-009', 'KEYS-001'], profiles: ['core'], role: 'sender',
    needs: { ...anoncryptNeeds('X25519'), didMethods: [method] },
  }, async (ctx) => {
    const enc = anoncryptEnc(ctx, 'sender', 'X25519');
    const recipient = await methodParty(method);
    const world = worldOf([recipient]);
    await setUpAgent(ctx, 'sicpa', []);
    await introduce(ctx, world, []);
    const sent = message(undefined, { to: [recipient.did] });
    const packed = await ctx.call('pack', { message: sent, envelope: 'anoncrypt', to: [recipient.did], curve: 'X25519', enc });
    await judgeOnWire(ctx, packed, sent, { requirement: 'ENC-JWE-006', layers: ['anoncrypt', 'plaintext'], recipient: recipient.did, curve: 'X25519', world });
  });

  conformanceCase({
    id: `envelope.receiver.authcrypt-did-${slug}`,
    title: `holding a did:${method} identity, unpacks authcrypt to it from another did:${method} sender and reports the sender kid`,
    requirements: ['ENC-AUTH-001', 'ENC-AUTH-007', 'KEYS-001'], profiles: ['core'], role: 'receiver',
    needs: { ...authcryptNeeds('X25519'), didMethods: [method] },
  }, async (ctx) => {
    const recipient = await methodParty(method);
    const sender = await methodParty(method);
    const world = worldOf([recipient, sender]);
    await agentUnpacksReference(ctx, { options: { mode: 'authcrypt', to: [recipient.did], from: sender.did, curve: 'X25519' }, sender: sender.did, recipient: recipient.did, message: message(sender.did, { to: [recipient.did] }), world }, ['authcrypt', 'plaintext'], 'ENC-AUTH-001');
  });
}
