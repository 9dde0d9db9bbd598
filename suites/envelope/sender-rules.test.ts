/**
 * Rules only a sender can break, judged on what the agent packs (not on what a strict receiver refuses):
 * one JWE never spans recipient DIDs (ENC-JWE-001) or key types (ENC-JWE-002), each JWE is authcrypt or
 * anoncrypt (ENC-JWE-003), every keyAgreement key of the chosen type is a recipient (ENC-JWE-005, SHOULD),
 * and anoncrypt(authcrypt(sign(plain))) is never emitted (ENV-NEST-003).
 * @module
 */
import { conformanceCase, Inconclusive, must } from '../../src/runner/case.js';
import { unpackMessage } from '../../src/index.js';
import { didOf } from '../../src/did/document.js';
import { anoncryptEnc, anoncryptNeeds, authcryptNeeds } from '../_support/algorithms.js';
import { ALICE, BOB, judgeOnWire, message, packParams } from '../_support/wire.js';
import { party, referenceKeys, setUpAgent } from '../_support/parties.js';

const CHARLIE = 'did:example:charlie';

interface Jwe {
  protected: string;
  recipients?: Array<{ header?: Record<string, unknown> }>;
}

function jweOf(packed: string): { jwe: Jwe; header: Record<string, unknown>; kids: string[] } {
  const jwe = JSON.parse(packed) as Jwe;
  const header = JSON.parse(Buffer.from(jwe.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { jwe, header, kids: (jwe.recipients ?? []).map((r) => String(r.header?.['kid'])) };
}

/** The curve of a key of the SICPA key set. */
function curveOfKid(kid: string): unknown {
  const methods = (party('sicpa', didOf(kid)).didDocument as { verificationMethod?: Array<{ id: string; publicKeyJwk?: { crv?: string } }> }).verificationMethod ?? [];
  return methods.find((m) => m.id === kid)?.publicKeyJwk?.crv;
}

conformanceCase({
  id: 'envelope.sender.one-did-per-jwe', title: 'asked to pack one message for two recipient DIDs, never emits one JWE whose recipients span both',
  requirements: ['ENC-JWE-001'], profiles: ['core'], role: 'sender', needs: anoncryptNeeds('X25519'),
}, async (ctx) => {
  const enc = anoncryptEnc(ctx, 'sender', 'X25519');
  await setUpAgent(ctx, 'sicpa', []);
  const sent = message(undefined, { to: [BOB, CHARLIE] });
  const result = await ctx.call('pack', { message: sent, envelope: 'anoncrypt', to: [BOB, CHARLIE], curve: 'X25519', enc });
  // Refusing is conforming: one pack result cannot hold the separate encryptions the rule asks for.
  if (result.status !== 'packed') return;
  const dids = [...new Set(jweOf(result.packed).kids.map(didOf))];
  must(dids.length <= 1, 'ENC-JWE-001', `one JWE is encrypted for ${dids.join(' and ')}; a message to several DIDs is encrypted separately per DID`);
});

conformanceCase({
  id: 'envelope.sender.one-key-type-per-jwe', title: 'packing for a DID with keyAgreement keys on four curves (its choice of curve): every recipient key is on the curve of the epk, and all of that curve are used',
  requirements: ['ENC-JWE-002', 'ENC-JWE-005'], profiles: ['core'], role: 'sender', needs: anoncryptNeeds('X25519'),
}, async (ctx) => {
  const enc = anoncryptEnc(ctx, 'sender', 'X25519');
  await setUpAgent(ctx, 'sicpa', []);
  const sent = message(undefined);
  const result = await ctx.call('pack', packParams('anoncrypt', sent, { enc }));
  must(result.status === 'packed', 'ENC-JWE-002', `the agent refused to pack anoncrypt for ${BOB} without a curve named`);
  const { jwe, header, kids } = jweOf(result.packed);
  // The ephemeral key's curve wherever the agent put it: one per recipient breaks ENC-JWE-007 (judged on the
  // wire below), not the key-type rule, as long as all are on one curve.
  const crvs = [...new Set(header['epk'] ? [(header['epk'] as { crv?: unknown }).crv] : (jwe.recipients ?? []).map((r) => (r.header?.['epk'] as { crv?: unknown } | undefined)?.crv))];
  const crv = crvs.length === 1 ? crvs[0] : undefined;
  const mixed = kids.filter((kid) => curveOfKid(kid) !== crv);
  must(mixed.length === 0, 'ENC-JWE-002', `the JWE (epk on ${String(crv)}) is also encrypted for ${mixed.join(', ')} of another key type; each key type gets its own encryption`);
  // judgeOnWire warns under ENC-JWE-005 when a keyAgreement key of that curve is left out.
  await judgeOnWire(ctx, result, sent, { requirement: 'ENC-JWE-002', layers: ['anoncrypt', 'plaintext'], recipient: BOB });
});

conformanceCase({
  id: 'envelope.sender.authcrypt-or-anoncrypt', title: 'each JWE is either authcrypt (ECDH-1PU+A256KW) or anoncrypt (ECDH-ES+A256KW), as asked, for every recipient alike',
  requirements: ['ENC-JWE-003'], profiles: ['core'], role: 'sender', needs: authcryptNeeds('X25519'),
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [ALICE]);
  for (const [envelope, alg] of [['authcrypt', 'ECDH-1PU+A256KW'], ['anoncrypt', 'ECDH-ES+A256KW']] as const) {
    const sent = message(envelope === 'authcrypt' ? ALICE : undefined);
    const result = await ctx.call('pack', packParams(envelope, sent, { curve: 'X25519', ...(envelope === 'authcrypt' ? { from: ALICE } : {}) }));
    must(result.status === 'packed', 'ENC-JWE-003', `the agent refused to pack ${envelope}`);
    const { jwe, header } = jweOf(result.packed);
    must(header['alg'] === alg, 'ENC-JWE-003', `the ${envelope} JWE has "alg" ${JSON.stringify(header['alg'])}, not ${alg}`);
    const perRecipient = (jwe.recipients ?? []).filter((r) => r.header?.['alg'] !== undefined && r.header['alg'] !== alg);
    must(perRecipient.length === 0, 'ENC-JWE-003', `recipients carry their own "alg" (${perRecipient.map((r) => String(r.header?.['alg'])).join(', ')}): one JWE mixes authcrypt and anoncrypt`);
  }
});

conformanceCase({
  id: 'envelope.sender.no-anoncrypt-authcrypt-sign', title: 'asked to sign, authcrypt and hide the sender at once, never emits anoncrypt(authcrypt(sign(plain)))',
  requirements: ['ENV-NEST-003'], profiles: ['core'], role: 'sender',
  needs: { envelopes: ['anoncrypt', 'authcrypt', 'signed'], algorithms: { X25519: ['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256CBC-HS512'], Ed25519: ['EdDSA'] } },
}, async (ctx) => {
  await setUpAgent(ctx, 'sicpa', [ALICE]);
  const sent = message(ALICE);
  const result = await ctx.call('pack', packParams('authcrypt', sent, { from: ALICE, signBy: 'did:example:alice#key-1', protectSender: true, curve: 'X25519' }));
  // Refusing, or choosing an allowed stack (anoncrypt(sign(plain)) is the spec's advice), is conforming.
  if (result.status !== 'packed') return;
  let layers: string[];
  try {
    layers = (await unpackMessage(result.packed, referenceKeys('sicpa', [BOB]), { strict: false })).metadata.layers.map((l) => l.kind);
  } catch (error) {
    throw new Inconclusive(`the reference could not unpack what the agent packed, so its stack is unknown: ${(error as Error).message}`);
  }
  must(layers.join('>') !== 'anoncrypt>authcrypt>signed>plaintext', 'ENV-NEST-003', 'the agent emitted anoncrypt(authcrypt(sign(plain))), a stack senders MUST NOT use (use anoncrypt(sign(plain)))');
});
