/**
 * Generated positive vectors: what the published vectors lack (VEC-011) — authcrypt on every curve, every
 * anoncrypt `enc`, flattened JWS and `kid` in the protected header, `skid` omitted, forward onions,
 * `typ` without `application/`, unknown headers, a valid rotation — and the bases of the negatives.
 * @module
 */
import { packMessage } from '../../didcomm/envelope/pack.js';
import { encryptJwe } from '../../didcomm/encrypted/encrypt.js';
import { resolveRecipientKeys } from '../../didcomm/encrypted/recipients.js';
import { createFromPrior } from '../../didcomm/plaintext/from-prior.js';
import type { ContentEncryption, KeyAgreementCurve, PackOptions, PlaintextMessage } from '../../didcomm/types.js';
import { accept, lunchMessage, type Generation, type VectorDefinition } from './definition.js';

const ALICE = 'did:example:alice';
const BOB = 'did:example:bob';
const CHARLIE = 'did:example:charlie';
const MEDIATOR1 = 'did:example:mediator1';

export const P = (slug: string): string => `generated/positive/${slug}`;

function packed(id: string, message: PlaintextMessage, options: PackOptions, layers: VectorDefinition['expect'] & { outcome: 'accept' }, requirements: VectorDefinition['requirements']): VectorDefinition {
  return {
    id, requirements, expect: layers,
    build: async (g: Generation) => ({ text: (await packMessage(message, options, g.ctx)).packed, plaintext: message }),
  };
}

const anoncrypt = (curve: KeyAgreementCurve, enc: ContentEncryption): VectorDefinition =>
  packed(P(`anoncrypt-${curve.toLowerCase()}-${enc.toLowerCase()}`), lunchMessage(ALICE, [BOB]), { mode: 'anoncrypt', to: [BOB], curve, enc },
    accept(['anoncrypt', 'plaintext']), ['ENC-ANON-001', 'ENC-ANON-003', 'ENC-ALG-001', 'ENC-ALG-002']);

const authcrypt = (from: string, curve: KeyAgreementCurve): VectorDefinition =>
  packed(P(`authcrypt-${curve.toLowerCase()}`), lunchMessage(from, [BOB]), { mode: 'authcrypt', to: [BOB], from, curve },
    accept(['authcrypt', 'plaintext']), ['ENC-AUTH-001', 'ENC-AUTH-002', 'ENC-AUTH-004', 'ENC-ALG-001', 'ENC-KDF-004']);

export const POSITIVES: VectorDefinition[] = [
  anoncrypt('X25519', 'A256CBC-HS512'),
  anoncrypt('X25519', 'A256GCM'),
  anoncrypt('X25519', 'XC20P'),
  anoncrypt('P-256', 'A256CBC-HS512'),
  anoncrypt('P-384', 'A256GCM'),
  anoncrypt('P-521', 'XC20P'),
  authcrypt(ALICE, 'X25519'),
  authcrypt(ALICE, 'P-256'),
  authcrypt(MEDIATOR1, 'P-384'),
  authcrypt(ALICE, 'P-521'),
  packed(P('signed-eddsa-general'), lunchMessage(ALICE, [BOB]), { mode: 'signed', signBy: `${ALICE}#key-1` },
    accept(['signed', 'plaintext'], { signerKid: `${ALICE}#key-1` }), ['ENV-SIGN-001', 'ENV-SIGN-004', 'ENV-SIGN-005']),
  packed(P('signed-eddsa-flattened'), lunchMessage(ALICE, [BOB]), { mode: 'signed', signBy: `${ALICE}#key-1`, jws: { serialization: 'flattened' } },
    accept(['signed', 'plaintext'], { signerKid: `${ALICE}#key-1` }), ['ENV-SIGN-004', 'VEC-011']),
  packed(P('signed-eddsa-kid-protected'), lunchMessage(ALICE, [BOB]), { mode: 'signed', signBy: `${ALICE}#key-1`, jws: { kidIn: 'protected' } },
    accept(['signed', 'plaintext'], { signerKid: `${ALICE}#key-1` }), ['ENV-SIGN-005', 'AMB-06']),
  packed(P('anoncrypt-x25519-of-signed-eddsa'), lunchMessage(ALICE, [BOB]), { mode: 'anoncrypt', to: [BOB], signBy: `${ALICE}#key-1` },
    accept(['anoncrypt', 'signed', 'plaintext'], { signerKid: `${ALICE}#key-1` }), ['ENV-NEST-001', 'ENV-NEST-006', 'ENV-SIGN-008']),
  packed(P('anoncrypt-x25519-of-authcrypt-x25519'), lunchMessage(ALICE, [BOB]), { mode: 'authcrypt', to: [BOB], from: ALICE, protectSender: true },
    accept(['anoncrypt', 'authcrypt', 'plaintext'], { senderKid: `${ALICE}#key-x25519-1` }), ['ENV-NEST-001', 'ENV-NEST-012']),
  packed(P('forward-one-mediator'), lunchMessage(ALICE, [BOB]), { mode: 'authcrypt', to: [BOB], from: ALICE, forward: { routingKeys: [`${MEDIATOR1}#key-x25519-1`] } },
    accept(['anoncrypt', 'forward', 'authcrypt', 'plaintext']), ['ROUTE-002', 'ROUTE-003', 'ROUTE-007', 'ROUTE-010']),
  packed(P('forward-two-mediators-base64'), lunchMessage(ALICE, [CHARLIE]),
    { mode: 'authcrypt', to: [CHARLIE], from: ALICE, forward: { routingKeys: ['did:example:mediator2#key-x25519-1', `${MEDIATOR1}#key-x25519-1`], attachment: 'base64' } },
    accept(['anoncrypt', 'forward', 'anoncrypt', 'forward', 'authcrypt', 'plaintext']), ['ROUTE-003', 'ROUTE-007', 'ROUTE-008', 'AMB-17']),
  packed(P('plaintext-unknown-header'), lunchMessage(ALICE, [BOB], { example_extension: { note: 'receivers ignore unknown headers' } }), { mode: 'plaintext' },
    accept(['plaintext']), ['ENV-PLAIN-017']),
  {
    id: P('authcrypt-x25519-skid-omitted'),
    requirements: ['ENC-AUTH-006'],
    expect: accept(['authcrypt', 'plaintext'], { senderKid: `${ALICE}#key-x25519-1` }),
    note: 'No "skid": the receiver must find the sender from "apu" (ENC-AUTH-006).',
    build: async (g) => {
      const sender = g.ctx.secrets.find(`${ALICE}#key-x25519-1`)!;
      const { curve, keys } = await resolveRecipientKeys([BOB], 'X25519', g.ctx);
      const plaintext = lunchMessage(ALICE, [BOB]);
      return { plaintext, text: encryptJwe({ payload: Buffer.from(JSON.stringify(plaintext)), enc: 'A256CBC-HS512', curve, recipients: keys,
        sender: { kid: sender.kid, privateKey: sender.privateKey }, tweak: { header: { skid: undefined } } }) };
    },
  },
  {
    id: P('anoncrypt-x25519-typ-without-prefix'),
    requirements: ['ENV-MT-005'],
    expect: accept(['anoncrypt', 'plaintext']),
    build: async (g) => {
      const { curve, keys } = await resolveRecipientKeys([BOB], 'X25519', g.ctx);
      const plaintext = lunchMessage(ALICE, [BOB]);
      return { plaintext, text: encryptJwe({ payload: Buffer.from(JSON.stringify(plaintext)), enc: 'A256CBC-HS512', curve, recipients: keys,
        tweak: { header: { typ: 'didcomm-encrypted+json' } } }) };
    },
  },
  {
    id: P('authcrypt-x25519-from-prior'),
    requirements: ['ROT-001', 'ROT-002', 'ROT-003', 'ROT-005'],
    expect: accept(['authcrypt', 'plaintext'], { fromPriorIss: CHARLIE }),
    build: async (g) => {
      const from_prior = createFromPrior({ iss: CHARLIE, sub: ALICE, iat: 1516269022 }, g.ctx.secrets.find(`${CHARLIE}#key-1`)!);
      const plaintext = lunchMessage(ALICE, [BOB], { from_prior });
      return { plaintext, text: (await packMessage(plaintext, { mode: 'authcrypt', to: [BOB], from: ALICE }, g.ctx)).packed };
    },
  },
];
