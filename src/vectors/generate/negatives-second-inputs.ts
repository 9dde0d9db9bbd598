/**
 * Second, independent inputs for receiver rules (issue 22): every rule a receiver MUST enforce is caught by at
 * least two vectors on different bases — another curve, another layer, another member — so an agent that
 * skips the check in one layer or for one curve cannot pass on the strength of the other vector.
 * src/vectors/generate/independent-inputs.test.ts fails when a rule has only one.
 * @module
 */
import { packMessage } from '../../didcomm/envelope/pack.js';
import { encryptJwe } from '../../didcomm/encrypted/encrypt.js';
import { resolveRecipientKeys } from '../../didcomm/encrypted/recipients.js';
import { buildForward } from '../../didcomm/routing/forward.js';
import { signJws } from '../../didcomm/signed/jws.js';
import type { KeyAgreementCurve, PackOptions, PlaintextMessage } from '../../didcomm/types.js';
import type { RequirementId } from '../../spec/requirements.js';
import { reject, type Generation, type VectorDefinition } from './definition.js';
import { editJson, editProtected, recipientsOf, signaturesOf } from './mutate.js';
import { N, reencrypt } from './negatives-jwe.js';
import { P } from './positives.js';

const ALICE = 'did:example:alice';
const BOB = 'did:example:bob';
const CHARLIE = 'did:example:charlie';
const MEDIATOR1 = 'did:example:mediator1';
const UX = P('authcrypt-x25519');
const AX = P('anoncrypt-x25519-a256cbc-hs512');
const ES256 = 'spec/signed/es256-p256';

type Expect = VectorDefinition['expect'];

function mutated(id: string, base: string, mutation: string, requirements: RequirementId[], expect: Expect, change: (value: Record<string, unknown>) => void): VectorDefinition {
  return { id: N(id), base, mutation, requirements, expect, build: async (g) => ({ text: editJson(g.base(base), change) }) };
}

/** The base's plaintext, changed, packed again as `options` say (a sender breaking one rule in that layer). */
function repacked(id: string, base: string, mutation: string, requirements: RequirementId[], expect: Expect, options: PackOptions, change: (m: Record<string, unknown>) => void): VectorDefinition {
  return {
    id: N(id), base, mutation, requirements, expect,
    build: async (g) => {
      const message = structuredClone(g.plaintextOf(base)) as unknown as Record<string, unknown>;
      change(message);
      return { text: (await packMessage(message as unknown as PlaintextMessage, { ...options, allowInvalid: true }, g.ctx)).packed };
    },
  };
}

async function anoncryptOn(g: Generation, text: string, to: string, curve: KeyAgreementCurve): Promise<string> {
  const { keys } = await resolveRecipientKeys([to], curve, g.ctx);
  return encryptJwe({ payload: Buffer.from(text), enc: 'A256CBC-HS512', curve, recipients: keys });
}

function signedBy(g: Generation, kid: string, alg: 'EdDSA' | 'ES256', payload: string): string {
  const secret = g.ctx.secrets.find(kid)!;
  return signJws({ payload: Buffer.from(payload), alg, kid: secret.kid, privateKey: secret.privateKey });
}

const inAuthcrypt: PackOptions = { mode: 'authcrypt', to: [BOB], from: `${ALICE}#key-x25519-1` };
const inAnoncrypt: PackOptions = { mode: 'anoncrypt', to: [BOB] };

export const SECOND_INPUTS: VectorDefinition[] = [
  // Key agreement, other curves than the first vectors.
  {
    id: N('enc-jwe-008-p384-epk-on-p256'), base: P('anoncrypt-p-384-a256gcm'), requirements: ['ENC-JWE-008'],
    mutation: 'the P-384 "epk" replaced by a valid P-256 point (Bob\'s #key-p256-1)', expect: reject('ERR_EPK_INVALID', 'ENC-JWE-008'),
    build: async (g) => {
      const [p256] = (await resolveRecipientKeys([`${BOB}#key-p256-1`], 'P-256', g.ctx)).keys;
      return { text: editJson(g.base(P('anoncrypt-p-384-a256gcm')), (jwe) => editProtected(jwe, (h) => { h.epk = p256!.publicJwk; })) };
    },
  },
  ...([['omit-tag', 'enc-auth-003-p384-kdf-without-tag', 'P-384', P('authcrypt-p-384'), `${MEDIATOR1}#key-p384-1`, 'ENC-AUTH-003'],
    ['unprefixed-tag', 'enc-auth-001-p256-kdf-tag-without-length', 'P-256', P('authcrypt-p-256'), `${ALICE}#key-p256-1`, 'ENC-AUTH-001']] as const)
    .map(([kdf, slug, curve, base, sender, requirement]): VectorDefinition => ({
      id: N(slug), base, requirements: [requirement, 'ENC-KDF-004'], mutation: `the ${curve} authcrypt KEK derived with the ${kdf} quirk`,
      expect: reject('ERR_DECRYPTION_FAILED', requirement),
      build: async (g) => ({ text: await reencrypt(g, base, { curve, sender, tweak: { kdf } }) }),
    })),
  // JOSE rules on the other envelope kind or another member.
  mutated('jose-001-authcrypt-recipient-enc-conflict', UX, 'every recipient header of an authcrypt says "enc": "A256GCM" (the protected one says A256CBC-HS512)', ['JOSE-001'],
    reject('ERR_JWE_INVALID', 'JOSE-001'), (jwe) => { for (const r of recipientsOf(jwe)) r.header.enc = 'A256GCM'; }),
  mutated('jose-002-authcrypt-aad-not-authenticated', UX, 'an "aad" member added to an authcrypt JWE that its tag does not cover', ['JOSE-002'],
    reject('ERR_DECRYPTION_FAILED', 'JOSE-002'), (jwe) => { jwe.aad = 'AAAA'; }),
  mutated('jose-003-es256-kid-conflict', ES256, 'the ES256 JWS protected header names another "kid" than its unprotected one', ['JOSE-003'],
    reject('ERR_JWS_INVALID', 'JOSE-003'), (jws) => editProtected(signaturesOf(jws)[0]!, (h) => { h.kid = 'did:example:alice#key-1'; })),
  // Media types in the other envelope kind's base.
  mutated('env-mt-004-authcrypt-wrong-typ', UX, 'the authcrypt "typ" says application/didcomm-signed+json', ['ENV-MT-004'],
    reject('ERR_MEDIA_TYPE', 'ENV-MT-004'), (jwe) => editProtected(jwe, (h) => { h.typ = 'application/didcomm-signed+json'; })),
  mutated('env-mt-003-es256-wrong-typ', ES256, 'the ES256 JWS "typ" says application/didcomm-plain+json', ['ENV-MT-003'],
    reject('ERR_MEDIA_TYPE', 'ENV-MT-003'), (jws) => editProtected(signaturesOf(jws)[0]!, (h) => { h.typ = 'application/didcomm-plain+json'; })),
  // Signed layers inside encryption.
  {
    id: N('env-sign-004-compact-in-anoncrypt'), base: AX, requirements: ['ENV-SIGN-004'], mutation: 'a compact JWS anoncrypted for Bob',
    expect: reject('ERR_JWS_INVALID', 'ENV-SIGN-004'),
    build: async (g) => {
      const jws = JSON.parse(signedBy(g, `${ALICE}#key-1`, 'EdDSA', JSON.stringify(g.plaintextOf(AX)))) as Record<string, unknown>;
      const [entry] = signaturesOf(jws);
      return { text: await anoncryptOn(g, [entry!.protected, jws.payload, entry!.signature].join('.'), BOB, 'X25519') };
    },
  },
  {
    id: N('env-sign-006-signer-not-authentication-in-anoncrypt'), base: P('anoncrypt-x25519-of-signed-eddsa'), requirements: ['ENV-SIGN-006'],
    mutation: 'the signed layer inside anoncrypt is signed (ES256) with Alice\'s keyAgreement P-256 key', expect: reject('ERR_KEY_RELATIONSHIP', 'ENV-SIGN-006'),
    build: async (g) => ({ text: await anoncryptOn(g, signedBy(g, `${ALICE}#key-p256-1`, 'ES256', JSON.stringify(g.plaintextOf(P('anoncrypt-x25519-of-signed-eddsa')))), BOB, 'X25519') }),
  },
  repacked('env-nest-010-signer-not-from-in-anoncrypt', P('anoncrypt-x25519-of-signed-eddsa'), '"from" says Charlie, Alice signs, inside anoncrypt', ['ENV-NEST-010'],
    reject('ERR_LAYER_MISMATCH', 'ENV-NEST-010'), { mode: 'anoncrypt', to: [BOB], signBy: `${ALICE}#key-1` }, (m) => { m.from = CHARLIE; }),
  repacked('env-nest-005-p256-signer-not-sender', P('authcrypt-p-256'), 'signed by Charlie inside Alice\'s P-256 authcrypt', ['ENV-NEST-005'],
    reject('ERR_LAYER_MISMATCH', 'ENV-NEST-005'), { mode: 'authcrypt', to: [BOB], from: `${ALICE}#key-p256-1`, curve: 'P-256', signBy: `${CHARLIE}#key-1` }, () => undefined),
  {
    id: N('env-nest-006-sign-of-authcrypt'), base: UX, requirements: ['ENV-NEST-006'], mutation: 'the authcrypt JWE signed (encrypt-then-sign)',
    expect: reject('ERR_ENVELOPE_STACK', 'ENV-NEST-006'),
    build: async (g) => ({ text: signedBy(g, `${ALICE}#key-1`, 'EdDSA', g.base(UX)) }),
  },
  // Plaintext rules inside an encryption layer.
  repacked('env-plain-001-id-not-string-in-authcrypt', UX, '"id" is a number, inside authcrypt', ['ENV-PLAIN-001'], reject('ERR_PLAINTEXT_INVALID', 'ENV-PLAIN-001'), inAuthcrypt, (m) => { m.id = 1234567890; }),
  repacked('env-plain-005-no-type-in-anoncrypt', AX, '"type" removed, inside anoncrypt', ['ENV-PLAIN-005'], reject('ERR_PLAINTEXT_INVALID', 'ENV-PLAIN-005'), inAnoncrypt, (m) => { delete m.type; }),
  repacked('env-plain-006-to-not-array-in-authcrypt', UX, '"to" is a string, inside authcrypt', ['ENV-PLAIN-006'], reject('ERR_PLAINTEXT_INVALID', 'ENV-PLAIN-006'), inAuthcrypt, (m) => { m.to = BOB; }),
  // v2.0 requires `body` (ENV-PLAIN-015 [2.0Δ]); v2.1 receivers tolerate a missing or non-object one.
  { ...repacked('env-plain-015-v2.0-no-body-in-anoncrypt', AX, '"body" removed, inside anoncrypt, read as DIDComm v2.0', ['ENV-PLAIN-015'], reject('ERR_PLAINTEXT_INVALID', 'ENV-PLAIN-015'), inAnoncrypt, (m) => { delete m.body; }), specVersion: '2.0' },
  repacked('thr-001-pthid-not-string-in-authcrypt', UX, '"pthid" is a number, inside authcrypt', ['THR-001'], reject('ERR_PLAINTEXT_INVALID', 'THR-001'), inAuthcrypt, (m) => { m.pthid = 42; }),
  repacked('env-att-002-id-not-string-in-authcrypt', UX, 'an attachment "id" that is a number, inside authcrypt', ['ENV-ATT-002'], reject('ERR_ATTACHMENT_INVALID', 'ENV-ATT-002'), inAuthcrypt,
    (m) => { m.attachments = [{ id: 7, data: { json: { note: 'attached' } } }]; }),
  repacked('env-att-005-links-without-hash-in-anoncrypt', AX, 'an attachment with "links" and no "hash", inside anoncrypt', ['ENV-ATT-005'], reject('ERR_ATTACHMENT_INVALID', 'ENV-ATT-005'), inAnoncrypt,
    (m) => { m.attachments = [{ id: 'linked', data: { links: ['https://example.org/attachment'] } }]; }),
  {
    id: N('route-002-forward-next-not-string-p256'), base: P('forward-two-mediators-base64'), requirements: ['ROUTE-002'],
    mutation: 'a forward to Charlie whose body\'s "next" is a number, anoncrypted for Mediator1 on P-256', expect: reject('ERR_FORWARD_INVALID', 'ROUTE-002'),
    build: async (g) => {
      const inner = (await packMessage(g.plaintextOf(P('forward-two-mediators-base64')), { mode: 'authcrypt', to: [CHARLIE], from: ALICE }, g.ctx)).packed;
      const forward = buildForward(CHARLIE, inner);
      return { text: await anoncryptOn(g, JSON.stringify({ ...forward, body: { next: 42 } }), MEDIATOR1, 'P-256') };
    },
  },
  // Header and key rules on a second base (another curve or envelope kind).
  {
    id: N('enc-auth-002-p256-authcrypt-a256gcm'), base: P('authcrypt-p-256'), requirements: ['ENC-AUTH-002'], mutation: 'the P-256 authcrypt content encrypted with A256GCM',
    expect: reject('ERR_ALG_UNSUPPORTED', 'ENC-AUTH-002'),
    build: async (g) => ({ text: await reencrypt(g, P('authcrypt-p-256'), { curve: 'P-256', enc: 'A256GCM', sender: `${ALICE}#key-p256-1` }) }),
  },
  mutated('enc-alg-003-authcrypt-a128kw', UX, 'the authcrypt "alg" says ECDH-1PU+A128KW', ['ENC-ALG-003'], reject('ERR_ALG_UNSUPPORTED', 'ENC-ALG-003'),
    (jwe) => editProtected(jwe, (h) => { h.alg = 'ECDH-1PU+A128KW'; })),
  mutated('enc-jwe-006-p384-kid-not-did-url', P('anoncrypt-p-384-a256gcm'), 'every recipient "kid" of a P-384 JWE is a bare fragment', ['ENC-JWE-006', 'KEYS-003'], reject('ERR_KID_INVALID', 'ENC-JWE-006'),
    (jwe) => { for (const r of recipientsOf(jwe)) r.header.kid = String(r.header.kid).split('#')[1]; }),
  mutated('enc-jwe-004-authcrypt-no-recipients', UX, 'the authcrypt "recipients" array removed, its first entry\'s "header" and "encrypted_key" moved to the top (Flattened)', ['ENC-JWE-004'],
    reject('ERR_JWE_INVALID', 'ENC-JWE-004'), (jwe) => { const [first] = recipientsOf(jwe); delete jwe.recipients; jwe.header = first!.header; jwe.encrypted_key = first!.encrypted_key; }),
  mutated('env-sign-003-es256-kid-missing', ES256, 'the ES256 JWS per-signature header (holding "kid") removed', ['ENV-SIGN-003'], reject('ERR_JWS_INVALID', 'ENV-SIGN-003'),
    (jws) => { delete signaturesOf(jws)[0]!.header; }),
  repacked('env-nest-008-p384-from-not-skid', P('authcrypt-p-384'), '"from" says Charlie, Mediator1 authcrypts on P-384', ['ENV-NEST-008'], reject('ERR_LAYER_MISMATCH', 'ENV-NEST-008'),
    { mode: 'authcrypt', to: [BOB], from: `${MEDIATOR1}#key-p384-1`, curve: 'P-384' }, (m) => { m.from = CHARLIE; }),
];
