/**
 * Negative JWE vectors: tampering, header rule breaks, algorithms, key-derivation bugs seen in the wild
 * (PITFALLS 1, 2, 8, 9, 18, 22) — each exactly one mutation of a named positive base.
 * @module
 */
import { createHash } from 'node:crypto';
import { encryptJwe, type EncryptJweInput } from '../../didcomm/encrypted/encrypt.js';
import { computeApv } from '../../didcomm/encrypted/jwe.js';
import { resolveRecipientKeys } from '../../didcomm/encrypted/recipients.js';
import type { ContentEncryption, KeyAgreementCurve, PlaintextMessage } from '../../didcomm/types.js';
import type { RequirementId } from '../../spec/requirements.js';
import { encodeBase64url } from '../../encoding/base64url.js';
import { reject, strictOnly, type Generation, type VectorDefinition } from './definition.js';
import { editJson, editProtected, flipBit, recipientsOf } from './mutate.js';
import { P } from './positives.js';

export const N = (slug: string): string => `generated/negative/${slug}`;

const BOB = 'did:example:bob';
const ALICE_X25519 = 'did:example:alice#key-x25519-1';

/** A mutation applied to the base's packed text. */
function mutated(id: string, base: string, mutation: string, requirements: RequirementId[], expectation: Pick<VectorDefinition, 'expect' | 'strict' | 'lenient' | 'note'>, change: (jwe: Record<string, unknown>) => void): VectorDefinition {
  return { id, base, mutation, requirements, ...expectation, build: async (g) => ({ text: editJson(g.base(base), change) }) };
}

/** The base rebuilt with one deviation of the sender (header tweak, KDF quirk, other keys). */
export async function reencrypt(g: Generation, base: string, options: { curve: KeyAgreementCurve; enc?: ContentEncryption; sender?: string; to?: string[] } & Pick<EncryptJweInput, 'tweak'> & { recipients?: EncryptJweInput['recipients']; plaintext?: PlaintextMessage }): Promise<string> {
  const plaintext = options.plaintext ?? g.plaintextOf(base);
  const recipients = options.recipients ?? (await resolveRecipientKeys(options.to ?? [BOB], options.curve, g.ctx)).keys;
  const secret = options.sender ? g.ctx.secrets.find(options.sender) : undefined;
  return encryptJwe({
    payload: Buffer.from(JSON.stringify(plaintext)),
    enc: options.enc ?? 'A256CBC-HS512',
    curve: options.curve,
    recipients,
    ...(secret ? { sender: { kid: secret.kid, privateKey: secret.privateKey } } : {}),
    ...(options.tweak ? { tweak: options.tweak } : {}),
  });
}

const AX = P('anoncrypt-x25519-a256cbc-hs512');
const UX = P('authcrypt-x25519');

/** Which requirement an opaque decryption failure cites, per content encryption of the base. */
const TAMPER_BASES: Array<[string, RequirementId]> = [
  [AX, 'ENC-KDF-005'], [UX, 'ENC-KDF-005'], [P('anoncrypt-x25519-a256gcm'), 'ENC-ALG-002'], [P('anoncrypt-x25519-xc20p'), 'ENC-ALG-005'], [P('anoncrypt-p-384-a256gcm'), 'ENC-ALG-002'],
];

const TAMPERS: Array<[string, string, (jwe: Record<string, unknown>) => void]> = [
  ['ciphertext', 'one bit of "ciphertext" flipped', (jwe) => { jwe.ciphertext = flipBit(jwe.ciphertext, 3); }],
  ['tag', 'one bit of "tag" flipped', (jwe) => { jwe.tag = flipBit(jwe.tag, 5); }],
  ['iv', 'one bit of "iv" flipped', (jwe) => { jwe.iv = flipBit(jwe.iv, 1); }],
  // Every recipient's: a receiver holding several of the keys may legitimately decrypt with an untouched one.
  ['encrypted-key', 'one bit of every recipient\'s "encrypted_key" flipped', (jwe) => { for (const r of recipientsOf(jwe)) r.encrypted_key = flipBit(r.encrypted_key, 7); }],
  ['protected', 'a member added to the protected header (the AAD changes)', (jwe) => editProtected(jwe, (h) => { h.note = 'tampered'; })],
];

const tampering: VectorDefinition[] = TAMPER_BASES.flatMap(([base, requirement]) => TAMPERS.map(([what, mutation, change]) =>
  mutated(N(`${requirement.toLowerCase()}-${base.split('/').pop()}-${what}-tampered`), base, mutation,
    what === 'encrypted-key' ? ['ENC-KDF-005', 'ENC-JWE-013'] : [requirement, 'ENC-JWE-013'],
    { expect: reject('ERR_DECRYPTION_FAILED', what === 'encrypted-key' ? 'ENC-KDF-005' : requirement) }, change)));

/** apv over kids in the given order, not sorted: the bug PITFALLS 2 describes. */
function unsortedApv(kids: string[]): string {
  return createHash('sha256').update(kids.join('.')).digest('base64url');
}

const X25519_SMALL_ORDER = encodeBase64url(new Uint8Array(32)); // u = 0, a point of small order

export const JWE_NEGATIVES: VectorDefinition[] = [
  ...tampering,
  mutated(N('enc-jwe-007-apv-missing'), AX, '"apv" removed from the protected header', ['ENC-JWE-007'], { expect: reject('ERR_JWE_INVALID', 'ENC-JWE-007') },
    (jwe) => editProtected(jwe, (h) => { delete h.apv; })),
  mutated(N('enc-jwe-009-apv-wrong'), AX, '"apv" replaced by the hash of another key id', ['ENC-JWE-009', 'ENC-JWE-010'],
    { expect: reject('ERR_DECRYPTION_FAILED', 'ENC-KDF-005'), strict: reject('ERR_JWE_INVALID', 'ENC-JWE-009') },
    (jwe) => editProtected(jwe, (h) => { h.apv = computeApv(['did:example:bob#key-x25519-9']); })),
  {
    id: N('enc-jwe-009-apv-unsorted'), base: AX, requirements: ['ENC-JWE-009', 'AMB-01'],
    mutation: '"apv" hashed over the kids in reverse order instead of sorted, used consistently in the KDF',
    ...strictOnly(['anoncrypt', 'plaintext'], 'ERR_JWE_INVALID', 'ENC-JWE-009'),
    build: async (g) => ({ text: await reencrypt(g, AX, { curve: 'X25519', tweak: { header: { apv: unsortedApv(['did:example:bob#key-x25519-3', 'did:example:bob#key-x25519-2', 'did:example:bob#key-x25519-1']) } } }) }),
  },
  {
    id: N('enc-auth-008-apu-not-skid'), base: UX, requirements: ['ENC-AUTH-004', 'ENC-AUTH-008'],
    mutation: '"apu" encodes another key id than "skid", used consistently in the KDF',
    ...strictOnly(['authcrypt', 'plaintext'], 'ERR_JWE_INVALID', 'ENC-AUTH-008'),
    build: async (g) => ({ text: await reencrypt(g, UX, { curve: 'X25519', sender: ALICE_X25519, tweak: { header: { apu: encodeBase64url('did:example:charlie#key-x25519-1') } } }) }),
  },
  mutated(N('enc-jwe-007-apu-missing'), UX, '"apu" removed from an authcrypt protected header', ['ENC-JWE-007', 'ENC-AUTH-004'], { expect: reject('ERR_JWE_INVALID', 'ENC-JWE-007') },
    (jwe) => editProtected(jwe, (h) => { delete h.apu; })),
  mutated(N('enc-auth-005-skid-not-did-url'), UX, '"skid" replaced by a bare fragment', ['ENC-AUTH-005', 'KEYS-003'], { expect: reject('ERR_KID_INVALID', 'ENC-AUTH-005') },
    (jwe) => editProtected(jwe, (h) => { h.skid = 'key-x25519-1'; })),
  {
    id: N('enc-auth-007-skid-unresolvable'), base: UX, requirements: ['ENC-AUTH-007', 'KEYS-001'],
    mutation: 'sent by a key of a DID the receiver cannot resolve (did:example:mallory)',
    expect: reject('ERR_DID_NOT_RESOLVED', 'ENC-AUTH-007'),
    build: async (g) => ({ text: await reencrypt(g, UX, { curve: 'X25519', sender: 'did:example:mallory#key-x25519-1' }) }),
  },
  {
    id: N('enc-auth-007-skid-not-key-agreement'), base: P('authcrypt-p-256'), requirements: ['ENC-AUTH-007', 'ENV-PLAIN-008', 'KEYS-001'],
    mutation: 'sent with Alice\'s P-256 authentication key (#key-2), which is not in her keyAgreement',
    expect: reject('ERR_KEY_RELATIONSHIP', 'ENC-AUTH-007'),
    build: async (g) => ({ text: await reencrypt(g, P('authcrypt-p-256'), { curve: 'P-256', sender: 'did:example:alice#key-2' }) }),
  },
  {
    id: N('enc-auth-007-skid-unknown-fragment'), base: UX, requirements: ['ENC-AUTH-007', 'KEYS-002'],
    mutation: '"skid"/"apu" name did:example:alice#key-x25519-9, which Alice\'s document does not have',
    expect: reject('ERR_KEY_NOT_FOUND', 'ENC-AUTH-007'),
    build: async (g) => ({ text: await reencrypt(g, UX, { curve: 'X25519', sender: 'did:example:alice#key-x25519-9' }) }),
  },
  ...(['p-256', 'p-384', 'p-521'] as const).map((curve) => {
    const base = P(curve === 'p-256' ? 'anoncrypt-p-256-a256cbc-hs512' : curve === 'p-384' ? 'anoncrypt-p-384-a256gcm' : 'anoncrypt-p-521-xc20p');
    return mutated(N(`enc-jwe-011-epk-off-curve-${curve}`), base, 'one bit of the "epk" y coordinate flipped: the point is off the curve', ['ENC-JWE-011'],
      { expect: reject('ERR_EPK_INVALID', 'ENC-JWE-011') }, (jwe) => editProtected(jwe, (h) => { (h.epk as { y: string }).y = flipBit((h.epk as { y: string }).y, 31); }));
  }),
  {
    id: N('enc-jwe-008-epk-on-another-curve'), base: AX, mutation: 'the X25519 "epk" replaced by a valid P-256 point (Bob\'s #key-p256-1)', requirements: ['ENC-JWE-008', 'ENC-AUTH-009'],
    expect: reject('ERR_EPK_INVALID', 'ENC-JWE-008'),
    build: async (g) => {
      const [p256] = (await resolveRecipientKeys(['did:example:bob#key-p256-1'], 'P-256', g.ctx)).keys;
      return { text: editJson(g.base(AX), (jwe) => editProtected(jwe, (h) => { h.epk = p256!.publicJwk; })) };
    },
  },
  mutated(N('enc-jwe-011-epk-x25519-small-order'), AX, 'the "epk" replaced by the X25519 point u=0 (all-zero shared secret)', ['ENC-JWE-011'], { expect: reject('ERR_EPK_INVALID', 'ENC-JWE-011') },
    (jwe) => editProtected(jwe, (h) => { h.epk = { kty: 'OKP', crv: 'X25519', x: X25519_SMALL_ORDER }; })),
  mutated(N('enc-jwe-011-epk-with-private-key'), AX, 'the "epk" carries a private key member "d"', ['ENC-JWE-011'], { expect: reject('ERR_EPK_INVALID', 'ENC-JWE-011') },
    (jwe) => editProtected(jwe, (h) => { (h.epk as Record<string, unknown>).d = X25519_SMALL_ORDER; })),
  ...(['A256GCM', 'XC20P'] as const).map((enc): VectorDefinition => ({
    id: N(`enc-auth-002-authcrypt-${enc.toLowerCase()}`), base: UX, requirements: ['ENC-AUTH-002', 'ENC-ALG-002'],
    mutation: `authcrypt with "enc" ${enc}, which only anoncrypt may use`,
    expect: reject('ERR_ALG_UNSUPPORTED', 'ENC-AUTH-002'),
    build: async (g) => ({ text: await reencrypt(g, UX, { curve: 'X25519', enc, sender: ALICE_X25519 }) }),
  })),
  ...['ECDH-ES+A128KW', 'RSA-OAEP-256', 'dir'].map((alg) => mutated(N(`enc-alg-003-alg-${alg.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`), AX, `"alg" replaced by ${alg}`,
    ['ENC-ALG-003'], { expect: reject('ERR_ALG_UNSUPPORTED', 'ENC-ALG-003') }, (jwe) => editProtected(jwe, (h) => { h.alg = alg; }))),
  mutated(N('enc-alg-002-enc-a128gcm'), AX, '"enc" replaced by A128GCM', ['ENC-ALG-002'], { expect: reject('ERR_ALG_UNSUPPORTED', 'ENC-ALG-002') },
    (jwe) => editProtected(jwe, (h) => { h.enc = 'A128GCM'; })),
  {
    id: N('enc-jwe-008-recipients-mixed-curves'), base: AX, requirements: ['ENC-JWE-002', 'ENC-JWE-008'],
    mutation: 'the second recipient is listed as Bob\'s P-256 key in an X25519 JWE (apv over the listed kids)',
    ...strictOnly(['anoncrypt', 'plaintext'], 'ERR_JWE_INVALID', 'ENC-JWE-008'),
    build: async (g) => {
      const { keys } = await resolveRecipientKeys([BOB], 'X25519', g.ctx);
      return { text: await reencrypt(g, AX, { curve: 'X25519', recipients: [keys[0]!, { ...keys[1]!, kid: 'did:example:bob#key-p256-1' }] }) };
    },
  },
  {
    id: N('enc-jwe-001-recipients-two-dids'), base: AX, requirements: ['ENC-JWE-001'],
    mutation: 'one JWE for keys of two DIDs (Bob and Mediator1)',
    ...strictOnly(['anoncrypt', 'plaintext'], 'ERR_JWE_INVALID', 'ENC-JWE-001'),
    build: async (g) => {
      const bob = (await resolveRecipientKeys(['did:example:bob#key-x25519-1'], 'X25519', g.ctx)).keys;
      const mediator = (await resolveRecipientKeys(['did:example:mediator1#key-x25519-1'], 'X25519', g.ctx)).keys;
      return { text: await reencrypt(g, AX, { curve: 'X25519', recipients: [...bob, ...mediator] }) };
    },
  },
  ...([['not-did-url', 'key-x25519-1'], ['relative', '#key-x25519-1'], ['bare-did', BOB]] as const).map(([slug, kid]) =>
    mutated(N(`enc-jwe-006-kid-${slug}`), AX, `every recipient "kid" is ${JSON.stringify(kid)}`, ['ENC-JWE-006', 'KEYS-003', 'AMB-09'],
      { expect: reject('ERR_KID_INVALID', 'ENC-JWE-006') }, (jwe) => { for (const r of recipientsOf(jwe)) r.header.kid = kid; })),
  mutated(N('env-mt-004-jwe-wrong-typ'), AX, 'the JWE "typ" says application/didcomm-plain+json', ['ENV-MT-004'], { expect: reject('ERR_MEDIA_TYPE', 'ENV-MT-004') },
    (jwe) => editProtected(jwe, (h) => { h.typ = 'application/didcomm-plain+json'; })),
  mutated(N('enc-jwe-004-flattened'), AX, 'converted to the flattened JSON serialization (first recipient only)', ['ENC-JWE-004'], { expect: reject('ERR_JWE_INVALID', 'ENC-JWE-004') },
    (jwe) => { const [first] = recipientsOf(jwe); delete jwe.recipients; jwe.header = first!.header; jwe.encrypted_key = first!.encrypted_key; }),
  {
    id: N('enc-jwe-004-compact'), base: AX, requirements: ['ENC-JWE-004'], mutation: 'converted to the compact serialization (first recipient only)',
    expect: reject('ERR_JWE_INVALID', 'ENC-JWE-004'),
    build: async (g) => {
      const jwe = JSON.parse(g.base(AX)) as Record<string, string> & { recipients: Array<{ encrypted_key: string }> };
      return { text: [jwe.protected, jwe.recipients[0]!.encrypted_key, jwe.iv, jwe.ciphertext, jwe.tag].join('.') };
    },
  },
  mutated(N('enc-jwe-004-no-recipients'), AX, '"recipients" emptied', ['ENC-JWE-004'], { expect: reject('ERR_JWE_INVALID', 'ENC-JWE-004') }, (jwe) => { jwe.recipients = []; }),
  mutated(N('enc-jwe-004-ciphertext-missing'), AX, '"ciphertext" removed', ['ENC-JWE-004'], { expect: reject('ERR_JWE_INVALID', 'ENC-JWE-004') }, (jwe) => { delete jwe.ciphertext; }),
  mutated(N('enc-jwe-014-iv-wrong-length'), AX, '"iv" cut to 12 bytes (A256CBC-HS512 uses 16)', ['ENC-JWE-014'], { expect: reject('ERR_JWE_INVALID', 'ENC-JWE-014') },
    (jwe) => { jwe.iv = (jwe.iv as string).slice(0, 16); }),
  mutated(N('enc-jwe-014-tag-truncated'), AX, '"tag" cut to 16 bytes (A256CBC-HS512 uses 32)', ['ENC-JWE-014'], { expect: reject('ERR_JWE_INVALID', 'ENC-JWE-014') },
    (jwe) => { jwe.tag = encodeBase64url(Buffer.from(jwe.tag as string, 'base64url').subarray(0, 16)); }),
  // The tag was computed without it, so it no longer verifies (RFC 7516 §5.2): jose refuses it too.
  mutated(N('jose-002-aad-not-authenticated'), AX, 'an "aad" member added that the tag does not cover', ['JOSE-002', 'ENC-JWE-013'], { expect: reject('ERR_DECRYPTION_FAILED', 'JOSE-002') }, (jwe) => { jwe.aad = 'AAAA'; }),
  mutated(N('enc-jwe-007-epk-unprotected'), AX, '"epk" moved from the protected header to the shared unprotected header', ['ENC-JWE-007'],
    { expect: reject('ERR_JWE_INVALID', 'ENC-JWE-007') }, (jwe) => editProtected(jwe, (h) => { jwe.unprotected = { epk: h.epk }; delete h.epk; })),
  mutated(N('jose-001-recipient-alg-conflict'), AX, 'every recipient header says "alg": "ECDH-1PU+A256KW" (the protected one says ECDH-ES+A256KW)', ['JOSE-001'],
    { expect: reject('ERR_JWE_INVALID', 'JOSE-001') }, (jwe) => { for (const r of recipientsOf(jwe)) r.header.alg = 'ECDH-1PU+A256KW'; }),
  {
    id: N('enc-anon-002-skid-in-anoncrypt'), base: AX, requirements: ['ENC-ANON-002'], mutation: 'an anoncrypt protected header names a sender "skid"',
    ...strictOnly(['anoncrypt', 'plaintext'], 'ERR_JWE_INVALID', 'ENC-ANON-002'),
    build: async (g) => ({ text: await reencrypt(g, AX, { curve: 'X25519', tweak: { header: { skid: ALICE_X25519 } } }) }),
  },
  ...([['omit-tag', 'enc-kdf-004-1pu-kdf-without-tag', 'the KEK derived without the content tag (ECDH-1PU draft-03)', UX],
    ['unprefixed-tag', 'enc-kdf-004-1pu-kdf-tag-without-length', 'the content tag fed to the KDF without its length prefix (AMB-02)', UX],
    ['tag-in-es', 'enc-anon-004-es-kdf-with-tag', 'the content tag fed to the ECDH-ES KDF (AMB-03)', AX]] as const).map(([quirk, slug, mutation, base]): VectorDefinition => ({
    id: N(slug), base, mutation, requirements: ['ENC-KDF-004', quirk === 'tag-in-es' ? 'ENC-ANON-004' : 'ENC-AUTH-003', quirk === 'tag-in-es' ? 'AMB-03' : 'AMB-02'],
    // The reference recognises each variant and names the rule the sender broke (src/didcomm/encrypted/kdf-variants.ts).
    expect: reject('ERR_DECRYPTION_FAILED', quirk === 'omit-tag' ? 'ENC-AUTH-003' : quirk === 'unprefixed-tag' ? 'ENC-AUTH-001' : 'ENC-KDF-005'),
    note: 'PITFALLS 1: a receiver that decrypts this has the same KDF bug.',
    build: async (g) => ({ text: await reencrypt(g, base, { curve: 'X25519', ...(base === UX ? { sender: ALICE_X25519 } : {}), tweak: { kdf: quirk } }) }),
  })),
  mutated(N('amb-19-ciphertext-standard-alphabet'), AX, 'the first character of "ciphertext" replaced by "+" (standard base64)', ['AMB-19', 'ENC-JWE-004'],
    { expect: reject('ERR_BASE64URL_INVALID', 'ENC-JWE-004') }, (jwe) => { jwe.ciphertext = `+${(jwe.ciphertext as string).slice(1)}`; }),
  {
    id: N('amb-19-iv-padded'), base: AX, requirements: ['AMB-19'], mutation: 'the 16-byte "iv" written with its "==" padding',
    ...strictOnly(['anoncrypt', 'plaintext'], 'ERR_BASE64URL_INVALID', 'ENC-JWE-004'),
    note: 'PITFALLS 22: padding is refused by strict decoders and tolerated by lenient ones.',
    build: async (g) => ({ text: editJson(g.base(AX), (jwe) => { jwe.iv = `${jwe.iv as string}==`; }) }),
  },
  {
    id: N('env-plain-020-broken-json'), base: AX, requirements: ['ENV-PLAIN-020'], mutation: 'the JSON text cut off before its end',
    expect: reject('ERR_JSON_INVALID', 'ENV-PLAIN-020'),
    build: async (g) => ({ text: g.base(AX).slice(0, -20) }),
  },
];
