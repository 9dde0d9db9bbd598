/**
 * Negative vectors across layers and in the plaintext (ENV-NEST-*, ENV-PLAIN-*, ROT-*, ROUTE-*):
 * stacks the spec forbids, `from`/`to` that disagree with the keys, malformed headers, bad rotations and
 * forwards — each one mutation of a named positive base.
 * @module
 */
import { packMessage } from '../../didcomm/envelope/pack.js';
import { encryptJwe } from '../../didcomm/encrypted/encrypt.js';
import { resolveRecipientKeys } from '../../didcomm/encrypted/recipients.js';
import { createFromPrior } from '../../didcomm/plaintext/from-prior.js';
import { buildForward } from '../../didcomm/routing/forward.js';
import { signJws } from '../../didcomm/signed/jws.js';
import type { PackOptions, PlaintextMessage } from '../../didcomm/types.js';
import type { RequirementId } from '../../spec/requirements.js';
import { lunchMessage, reject, strictOnly, type Generation, type VectorDefinition } from './definition.js';
import { editJson, flipBit } from './mutate.js';
import { N } from './negatives-jwe.js';
import { P } from './positives.js';

const ALICE = 'did:example:alice';
const BOB = 'did:example:bob';
const CHARLIE = 'did:example:charlie';

/** The base's kind of packing applied to a changed plaintext (a sender breaking one rule). */
function repacked(id: string, base: string, mutation: string, requirements: RequirementId[], expectation: Pick<VectorDefinition, 'expect' | 'strict' | 'note'>,
  options: PackOptions, change: (message: PlaintextMessage) => PlaintextMessage): VectorDefinition {
  return {
    id, base, mutation, requirements, ...expectation,
    build: async (g) => ({ text: (await packMessage(change(structuredClone(g.plaintextOf(base))), { ...options, allowInvalid: true }, g.ctx)).packed }),
  };
}

const anoncryptTo = async (g: Generation, text: string, to = BOB): Promise<string> => {
  const { curve, keys } = await resolveRecipientKeys([to], 'X25519', g.ctx);
  return encryptJwe({ payload: Buffer.from(text), enc: 'A256CBC-HS512', curve, recipients: keys });
};

const PLAIN = P('plaintext-unknown-header');
const plaintextCase = (slug: string, mutation: string, requirement: RequirementId, hard: boolean, change: (m: Record<string, unknown>) => void): VectorDefinition => ({
  id: N(slug), base: PLAIN, mutation, requirements: [requirement],
  ...(hard ? { expect: reject('ERR_PLAINTEXT_INVALID', requirement) } : strictOnly(['plaintext'], 'ERR_PLAINTEXT_INVALID', requirement, [requirement])),
  build: async (g) => ({ text: editJson(g.base(PLAIN), change) }),
});

const ROTATION = P('authcrypt-x25519-from-prior');
const rotationCase = (slug: string, mutation: string, requirement: RequirementId, hard: boolean, jwt: (g: Generation) => string): VectorDefinition => ({
  id: N(slug), base: ROTATION, mutation, requirements: [requirement, 'ROT-005'],
  ...(hard ? { expect: reject('ERR_FROM_PRIOR_INVALID', requirement) } : strictOnly(['authcrypt', 'plaintext'], 'ERR_FROM_PRIOR_INVALID', requirement, [requirement])),
  build: async (g) => ({ text: (await packMessage({ ...g.plaintextOf(ROTATION), from_prior: jwt(g) }, { mode: 'authcrypt', to: [BOB], from: ALICE }, g.ctx)).packed }),
});

export const LAYER_NEGATIVES: VectorDefinition[] = [
  repacked(N('env-nest-010-signer-not-from'), P('signed-eddsa-general'), '"from" says Charlie, Alice signs', ['ENV-NEST-010', 'ENV-SIGN-006'],
    { expect: reject('ERR_LAYER_MISMATCH', 'ENV-NEST-010') }, { mode: 'signed', signBy: `${ALICE}#key-1` }, (m) => ({ ...m, from: CHARLIE })),
  repacked(N('env-sign-006-signed-without-from'), P('signed-eddsa-general'), '"from" removed from a signed message', ['ENV-SIGN-006'],
    strictOnly(['signed', 'plaintext'], 'ERR_LAYER_MISMATCH', 'ENV-SIGN-006', ['ENV-SIGN-006']), { mode: 'signed', signBy: `${ALICE}#key-1` }, ({ from: _from, ...m }) => m as PlaintextMessage),
  repacked(N('env-nest-008-from-not-skid'), P('authcrypt-x25519'), '"from" says Charlie, Alice authcrypts', ['ENV-NEST-008', 'ENC-AUTH-007'],
    { expect: reject('ERR_LAYER_MISMATCH', 'ENV-NEST-008') }, { mode: 'authcrypt', to: [BOB], from: `${ALICE}#key-x25519-1` }, (m) => ({ ...m, from: CHARLIE })),
  repacked(N('env-plain-007-authcrypt-without-from'), P('authcrypt-x25519'), '"from" removed from an authcrypted message', ['ENV-NEST-008', 'ENV-PLAIN-007'],
    { expect: reject('ERR_LAYER_MISMATCH', 'ENV-NEST-008') }, { mode: 'authcrypt', to: [BOB], from: `${ALICE}#key-x25519-1` }, ({ from: _from, ...m }) => m as PlaintextMessage),
  repacked(N('env-nest-005-signer-not-sender'), P('authcrypt-x25519'), 'signed by Charlie inside Alice\'s authcrypt', ['ENV-NEST-005', 'ENV-NEST-004'],
    { expect: reject('ERR_LAYER_MISMATCH', 'ENV-NEST-005') }, { mode: 'authcrypt', to: [BOB], from: `${ALICE}#key-x25519-1`, signBy: `${CHARLIE}#key-1` }, (m) => m),
  repacked(N('env-nest-009-to-not-recipient'), P('anoncrypt-x25519-a256cbc-hs512'), '"to" names Charlie; the JWE is for Bob', ['ENV-NEST-009', 'ENV-PLAIN-010', 'AMB-07'],
    { ...strictOnly(['anoncrypt', 'plaintext'], 'ERR_LAYER_MISMATCH', 'ENV-NEST-009', ['ENV-PLAIN-010']), note: '§3.2 says error, §3.1 says accept and warn (AMB-07).' },
    { mode: 'anoncrypt', to: [BOB] }, (m) => ({ ...m, to: [CHARLIE] })),
  repacked(N('env-nest-007-signed-encrypted-without-to'), P('anoncrypt-x25519-of-signed-eddsa'), '"to" removed from a signed-then-encrypted message', ['ENV-NEST-007'],
    strictOnly(['anoncrypt', 'signed', 'plaintext'], 'ERR_LAYER_MISMATCH', 'ENV-NEST-007', ['ENV-NEST-007']),
    { mode: 'anoncrypt', to: [BOB], signBy: `${ALICE}#key-1` }, ({ to: _to, ...m }) => m as PlaintextMessage),
  {
    id: N('env-nest-006-sign-of-encrypted'), base: P('anoncrypt-x25519-a256cbc-hs512'), requirements: ['ENV-NEST-006'], mutation: 'the JWE signed (encrypt-then-sign)',
    expect: reject('ERR_ENVELOPE_STACK', 'ENV-NEST-006'),
    build: async (g) => {
      const secret = g.ctx.secrets.find(`${ALICE}#key-1`)!;
      return { text: signJws({ payload: Buffer.from(g.base(P('anoncrypt-x25519-a256cbc-hs512'))), alg: 'EdDSA', kid: secret.kid, privateKey: secret.privateKey }) };
    },
  },
  {
    id: N('env-nest-003-sign-of-sign'), base: P('signed-eddsa-general'), requirements: ['ENV-NEST-003'], mutation: 'the JWS signed again',
    expect: reject('ERR_ENVELOPE_STACK', 'ENV-NEST-003'),
    build: async (g) => {
      const secret = g.ctx.secrets.find(`${ALICE}#key-1`)!;
      return { text: signJws({ payload: Buffer.from(g.base(P('signed-eddsa-general'))), alg: 'EdDSA', kid: secret.kid, privateKey: secret.privateKey }) };
    },
  },
  {
    id: N('env-nest-003-authcrypt-of-authcrypt'), base: P('authcrypt-x25519'), requirements: ['ENV-NEST-003'], mutation: 'the authcrypt JWE authcrypted again',
    expect: reject('ERR_ENVELOPE_STACK', 'ENV-NEST-003'),
    build: async (g) => {
      const sender = g.ctx.secrets.find(`${ALICE}#key-x25519-1`)!;
      const { curve, keys } = await resolveRecipientKeys([BOB], 'X25519', g.ctx);
      return { text: encryptJwe({ payload: Buffer.from(g.base(P('authcrypt-x25519'))), enc: 'A256CBC-HS512', curve, recipients: keys, sender: { kid: sender.kid, privateKey: sender.privateKey } }) };
    },
  },
  {
    id: N('env-nest-003-anoncrypt-of-anoncrypt'), base: P('anoncrypt-x25519-a256cbc-hs512'), requirements: ['ENV-NEST-003'], mutation: 'the anoncrypt JWE anoncrypted again',
    expect: reject('ERR_ENVELOPE_STACK', 'ENV-NEST-003'),
    build: async (g) => ({ text: await anoncryptTo(g, g.base(P('anoncrypt-x25519-a256cbc-hs512'))) }),
  },
  {
    id: N('env-nest-003-anoncrypt-of-authcrypt-of-signed'), base: P('anoncrypt-x25519-of-authcrypt-x25519'), requirements: ['ENV-NEST-003', 'VEC-009'],
    mutation: 'the inner authcrypt carries a signed message (the stack senders MUST NOT use)',
    ...strictOnly(['anoncrypt', 'authcrypt', 'signed', 'plaintext'], 'ERR_ENVELOPE_STACK', 'ENV-NEST-003', ['ENV-NEST-003']),
    build: async (g) => ({ text: (await packMessage(g.plaintextOf(P('anoncrypt-x25519-of-authcrypt-x25519')), { mode: 'authcrypt', to: [BOB], from: ALICE, signBy: `${ALICE}#key-1`, protectSender: true, allowInvalid: true }, g.ctx)).packed }),
  },
  plaintextCase('env-plain-006-to-not-array', '"to" is a string, not an array', 'ENV-PLAIN-006', true, (m) => { m.to = BOB; }),
  plaintextCase('env-plain-006-to-with-fragment', '"to" names a key (DID URL with fragment)', 'ENV-PLAIN-006', false, (m) => { m.to = [`${BOB}#key-x25519-1`]; }),
  plaintextCase('env-plain-007-from-with-fragment', '"from" names a key (DID URL with fragment)', 'ENV-PLAIN-007', false, (m) => { m.from = `${ALICE}#key-1`; }),
  plaintextCase('env-plain-003-id-reserved-chars', '"id" contains "/" and "?"', 'ENV-PLAIN-003', false, (m) => { m.id = '12/34?5'; }),
  plaintextCase('env-plain-001-id-not-string', '"id" is a number', 'ENV-PLAIN-001', true, (m) => { m.id = 1234567890; }),
  plaintextCase('env-plain-014-created-time-string', '"created_time" is an ISO date string', 'ENV-PLAIN-014', false, (m) => { m.created_time = '2018-01-18T09:30:22Z'; }),
  plaintextCase('env-plain-015-body-array', '"body" is an array', 'ENV-PLAIN-015', false, (m) => { m.body = ['and its value']; }),
  plaintextCase('piuri-002-type-not-mturi', '"type" is not a message type URI', 'PIURI-002', false, (m) => { m.type = 'lets_do_lunch'; }),
  plaintextCase('thr-001-thid-not-string', '"thid" is a number', 'THR-001', true, (m) => { m.thid = 42; }),
  rotationCase('rot-010-sub-not-from', 'the rotation JWT\'s "sub" is Mallory, not the message "from"', 'ROT-010', false,
    (g) => createFromPrior({ iss: CHARLIE, sub: 'did:example:mallory', iat: 1516269022 }, g.ctx.secrets.find(`${CHARLIE}#key-1`)!)),
  rotationCase('rot-010-iss-equals-sub', 'the rotation JWT rotates Alice to Alice', 'ROT-010', false,
    (g) => createFromPrior({ iss: ALICE, sub: ALICE, iat: 1516269022 }, g.ctx.secrets.find(`${ALICE}#key-1`)!)),
  rotationCase('rot-005-kid-not-of-iss', 'the rotation JWT claims iss Charlie but is signed by Alice #key-1', 'ROT-005', true,
    (g) => createFromPrior({ iss: CHARLIE, sub: ALICE, iat: 1516269022 }, g.ctx.secrets.find(`${ALICE}#key-1`)!)),
  rotationCase('rot-005-signature-tampered', 'one bit of the rotation JWT signature flipped', 'ROT-005', true, (g) => {
    const [h, p, s] = createFromPrior({ iss: CHARLIE, sub: ALICE, iat: 1516269022 }, g.ctx.secrets.find(`${CHARLIE}#key-1`)!).split('.');
    return `${h}.${p}.${flipBit(s, 4)}`;
  }),
  {
    id: N('route-002-forward-without-next'), base: P('forward-one-mediator'), requirements: ['ROUTE-002'], mutation: 'the forward body has no "next"',
    expect: reject('ERR_FORWARD_INVALID', 'ROUTE-002'),
    build: async (g) => {
      const inner = (await packMessage(g.plaintextOf(P('forward-one-mediator')), { mode: 'authcrypt', to: [BOB], from: ALICE }, g.ctx)).packed;
      const forward = buildForward(BOB, inner);
      return { text: await anoncryptTo(g, JSON.stringify({ ...forward, body: {} }), 'did:example:mediator1') };
    },
  },
  {
    id: N('enc-jwe-006-no-recipient-key-held'), base: P('anoncrypt-x25519-a256cbc-hs512'), requirements: ['ENC-JWE-006'],
    mutation: 'encrypted for Bob\'s X25519 keys but listing kids Bob does not have (#key-x25519-7..9), apv over the listed kids',
    expect: reject('ERR_KEY_NOT_FOUND', 'ENC-JWE-006'),
    build: async (g) => {
      const { curve, keys } = await resolveRecipientKeys([BOB], 'X25519', g.ctx);
      const renamed = keys.map((k, i) => ({ ...k, kid: `${BOB}#key-x25519-${7 + i}` }));
      return { text: encryptJwe({ payload: Buffer.from(JSON.stringify(lunchMessage(ALICE, [BOB]))), enc: 'A256CBC-HS512', curve, recipients: renamed }) };
    },
  },
];
