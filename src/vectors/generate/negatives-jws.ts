/**
 * Negative JWS vectors (ENV-SIGN-*, PITFALLS 3, 4): signature and payload tampering, algorithm and `kid`
 * rule breaks, serialization — each one mutation of a named positive base.
 * @module
 */
import { signJws } from '../../didcomm/signed/jws.js';
import { encodeBase64url } from '../../encoding/base64url.js';
import type { RequirementId } from '../../spec/requirements.js';
import { reject, strictOnly, type VectorDefinition } from './definition.js';
import { editJson, editProtected, flipBit, signaturesOf } from './mutate.js';
import { N } from './negatives-jwe.js';
import { P } from './positives.js';

const SG = P('signed-eddsa-general');

function mutated(id: string, base: string, mutation: string, requirements: RequirementId[], expectation: Pick<VectorDefinition, 'expect' | 'strict'>, change: (jws: Record<string, unknown>) => void): VectorDefinition {
  return { id, base, mutation, requirements, ...expectation, build: async (g) => ({ text: editJson(g.base(base), change) }) };
}

const first = (jws: Record<string, unknown>): { protected: string; signature: string; header?: Record<string, unknown> } => signaturesOf(jws)[0]!;

export const JWS_NEGATIVES: VectorDefinition[] = [
  ...([[SG, 'eddsa'], ['spec/signed/es256-p256', 'es256'], ['spec/signed/es256k-secp256k1', 'es256k']] as const).map(([base, alg]) =>
    mutated(N(`env-sign-001-${alg}-signature-tampered`), base, 'one bit of the signature flipped', ['ENV-SIGN-001'], { expect: reject('ERR_SIGNATURE_INVALID', 'ENV-SIGN-001') },
      (jws) => { first(jws).signature = flipBit(first(jws).signature, 10); })),
  mutated(N('env-sign-001-payload-tampered'), SG, 'the payload re-encoded with another body, signature kept', ['ENV-SIGN-001'], { expect: reject('ERR_SIGNATURE_INVALID', 'ENV-SIGN-001') },
    (jws) => {
      const message = JSON.parse(Buffer.from(jws.payload as string, 'base64url').toString('utf8')) as { body: Record<string, unknown> };
      message.body = { messagespecificattribute: 'another value' };
      jws.payload = encodeBase64url(JSON.stringify(message));
    }),
  mutated(N('env-sign-001-alg-not-matching-key'), SG, 'the protected "alg" says ES256 for an Ed25519 key', ['ENV-SIGN-001'], { expect: reject('ERR_SIGNATURE_INVALID', 'ENV-SIGN-001') },
    (jws) => editProtected(first(jws), (h) => { h.alg = 'ES256'; })),
  ...['none', 'HS256'].map((alg) => mutated(N(`env-sign-001-alg-${alg.toLowerCase()}`), SG, `the protected "alg" says ${alg}`, ['ENV-SIGN-001'],
    { expect: reject('ERR_ALG_UNSUPPORTED', 'ENV-SIGN-001') }, (jws) => editProtected(first(jws), (h) => { h.alg = alg; }))),
  mutated(N('env-sign-005-crit-header'), SG, 'a "crit" member added to the protected header', ['ENV-SIGN-005'], { expect: reject('ERR_JWS_INVALID', 'ENV-SIGN-005') },
    (jws) => editProtected(first(jws), (h) => { h.crit = ['exp']; h.exp = 1; })),
  mutated(N('env-sign-003-kid-missing'), SG, 'the per-signature header (holding "kid") removed', ['ENV-SIGN-003'], { expect: reject('ERR_JWS_INVALID', 'ENV-SIGN-003') },
    (jws) => { delete first(jws).header; }),
  mutated(N('env-sign-003-kid-not-did-url'), SG, 'the signer "kid" is a bare fragment', ['ENV-SIGN-003', 'KEYS-003'], { expect: reject('ERR_KID_INVALID', 'ENV-SIGN-003') },
    (jws) => { first(jws).header = { kid: 'key-1' }; }),
  mutated(N('env-sign-005-kid-conflict'), SG, 'the protected header names another "kid" than the unprotected one', ['JOSE-003', 'ENV-SIGN-005', 'AMB-06'],
    // Two different signers named: the reference refuses it in both modes; the rule broken is JOSE-003 (RFC 7515 §7.2.1).
    { expect: reject('ERR_JWS_INVALID', 'JOSE-003') },
    (jws) => editProtected(first(jws), (h) => { h.kid = 'did:example:alice#key-2'; })),
  mutated(N('env-mt-003-jws-wrong-typ'), SG, 'the JWS "typ" says application/didcomm-encrypted+json', ['ENV-MT-003'], { expect: reject('ERR_MEDIA_TYPE', 'ENV-MT-003') },
    (jws) => editProtected(first(jws), (h) => { h.typ = 'application/didcomm-encrypted+json'; })),
  {
    id: N('env-sign-006-signer-not-authentication'), base: SG, requirements: ['ENV-SIGN-006', 'ENV-SIGN-003', 'KEYS-001'],
    mutation: 'signed (ES256) with Alice\'s keyAgreement P-256 key, which is not in her authentication',
    expect: reject('ERR_KEY_RELATIONSHIP', 'ENV-SIGN-006'),
    build: async (g) => {
      const secret = g.ctx.secrets.find('did:example:alice#key-p256-1')!;
      return { text: signJws({ payload: Buffer.from(JSON.stringify(g.plaintextOf(SG))), alg: 'ES256', kid: secret.kid, privateKey: secret.privateKey }) };
    },
  },
  {
    id: N('env-sign-004-compact'), base: SG, requirements: ['ENV-SIGN-004'], mutation: 'converted to the compact serialization',
    expect: reject('ERR_JWS_INVALID', 'ENV-SIGN-004'),
    build: async (g) => {
      const jws = JSON.parse(g.base(SG)) as Record<string, unknown>;
      return { text: [first(jws).protected, jws.payload, first(jws).signature].join('.') };
    },
  },
  {
    id: N('env-sign-004-two-signatures'), base: SG, requirements: ['ENV-SIGN-004'], mutation: 'a second signature added, by Alice\'s ES256 key #key-2',
    ...strictOnly(['signed', 'plaintext'], 'ERR_JWS_INVALID', 'ENV-SIGN-004'),
    build: async (g) => {
      const secret = g.ctx.secrets.find('did:example:alice#key-2')!;
      const second = JSON.parse(signJws({ payload: Buffer.from(JSON.stringify(g.plaintextOf(SG))), alg: 'ES256', kid: secret.kid, privateKey: secret.privateKey })) as Record<string, unknown>;
      return { text: editJson(g.base(SG), (jws) => { signaturesOf(jws).push(first(second)); }) };
    },
  },
];
