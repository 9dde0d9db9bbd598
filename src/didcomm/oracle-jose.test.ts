/**
 * `jose` (panva, v6) as an independent JOSE oracle for the reference envelope layer:
 * - our anoncrypt JWEs (ECDH-ES+A256KW) decrypt with jose's generalDecrypt;
 * - jose's generalEncrypt output, with the protected header set the DIDComm way, unpacks with ours;
 * - our EdDSA/ES256 JWSs (general and flattened) verify with jose, and jose's JWSs verify with ours.
 *
 * What jose 6 cannot check, and why it is not tested here: it has no ES256K (secp256k1) JWS algorithm, no
 * ECDH-1PU (authcrypt) key agreement and no XC20P content encryption. The didcomm-node oracle
 * (oracle-didcomm-node.test.ts) covers those.
 */
import {
  FlattenedSign, GeneralEncrypt, GeneralSign, flattenedDecrypt, flattenedVerify, generalDecrypt, generalVerify, importJWK,
  type FlattenedJWE, type FlattenedJWS, type GeneralJWE, type GeneralJWS, type JWK,
} from 'jose';
import { describe, expect, test } from 'vitest';
import { computeApv } from './encrypted/jwe.js';
import { packMessage } from './envelope/pack.js';
import { unpackMessage } from './envelope/unpack.js';
import { MEDIA_TYPES } from '../spec/media-types.js';
import type { ContentEncryption, KeyAgreementCurve } from './types.js';
import {
  BOB, BOB_KIDS, CURVES, SIGNER_BY_ALG, basicMessage, expectDidcommError, privateJwkOf, protectedHeaderOf, sicpa,
} from './oracles.test-support.js';

const KW = 'ECDH-ES+A256KW';
/** The content encryptions jose implements among DIDComm's three (no XC20P). */
const JOSE_ENCS: readonly ContentEncryption[] = ['A256CBC-HS512', 'A256GCM'];
const encCurveCases = JOSE_ENCS.flatMap((enc) => CURVES.map((curve) => ({ enc, curve })));
const text = new TextEncoder();

/** A private key for jose: the SICPA private JWK imported for `alg` (jose binds a CryptoKey to one algorithm). */
async function joseKey(kid: string, alg: string) {
  return importJWK(privateJwkOf(kid) as JWK, alg);
}
async function josePublicKey(kid: string, alg: string) {
  const { d: _d, ...pub } = privateJwkOf(kid);
  return importJWK(pub as JWK, alg);
}

describe('our anoncrypt JWE decrypts with jose generalDecrypt', () => {
  test.each(encCurveCases)('anoncrypt $enc on $curve, every recipient key', async ({ enc, curve }) => {
    const message = basicMessage();
    const packed = await packMessage(message, { mode: 'anoncrypt', to: [BOB], enc, curve }, sicpa);
    const jwe = JSON.parse(packed.packed) as GeneralJWE;
    for (const kid of BOB_KIDS[curve]) {
      const result = await generalDecrypt(jwe, await joseKey(kid, KW), { keyManagementAlgorithms: [KW], contentEncryptionAlgorithms: [enc] });
      expect(JSON.parse(new TextDecoder().decode(result.plaintext))).toStrictEqual(message);
      expect(result.protectedHeader).toMatchObject({ typ: MEDIA_TYPES.encrypted, alg: KW, enc, apv: computeApv(BOB_KIDS[curve]), epk: { crv: curve } });
    }
  });

  test('jose refuses our JWE for a key that is not a recipient (the oracle can say no)', async () => {
    const packed = await packMessage(basicMessage(), { mode: 'anoncrypt', to: [`${BOB}#key-x25519-1`] }, sicpa);
    await expect(generalDecrypt(JSON.parse(packed.packed) as GeneralJWE, await joseKey(`${BOB}#key-x25519-2`, KW))).rejects.toThrow();
  });
});

/** jose's General JWE for one of Bob's keys, with the DIDComm protected header (typ, alg, enc, apv; jose adds epk). */
async function joseEncrypt(plaintext: string, enc: ContentEncryption, kids: readonly string[]): Promise<GeneralJWE> {
  const encrypt = new GeneralEncrypt(text.encode(plaintext))
    .setProtectedHeader({ typ: MEDIA_TYPES.encrypted, alg: KW, enc, apv: computeApv(kids) });
  for (const kid of kids) encrypt.addRecipient(await josePublicKey(kid, KW)).setUnprotectedHeader({ kid });
  return encrypt.encrypt();
}

describe('jose generalEncrypt output unpacks with ours', () => {
  test.each(encCurveCases)('jose ECDH-ES+A256KW $enc on $curve', async ({ enc, curve }) => {
    const message = basicMessage();
    const kid = BOB_KIDS[curve][0]!;
    const jwe = await joseEncrypt(JSON.stringify(message), enc, [kid]);
    // With one recipient jose puts the epk in the protected header, as DIDComm requires (ENC-JWE-007).
    expect(protectedHeaderOf(JSON.stringify(jwe))).toMatchObject({ epk: { crv: curve } });
    const result = await unpackMessage(JSON.stringify(jwe), sicpa, { strict: true });
    expect(result.message).toStrictEqual(message);
    expect(result.metadata).toStrictEqual({
      encrypted: true, authenticated: false, nonRepudiation: false, anonymousSender: true, recipientKids: [kid], warnings: [],
      layers: [
        { kind: 'anoncrypt', alg: KW, enc, curve, recipientKids: [kid], decryptedWith: kid, typ: MEDIA_TYPES.encrypted },
        { kind: 'plaintext', typ: MEDIA_TYPES.plaintext },
      ],
    });
  });

  test('jose with several recipients uses one epk per recipient header: not a DIDComm JWE, refused (ENC-JWE-007)', async () => {
    // Not an interop bug: RFC 7516 lets each recipient of an ECDH-ES JWE have its own "epk" in its per-recipient
    // header, and jose does so for several recipients; DIDComm requires one shared "epk" in the protected header.
    const kids = BOB_KIDS.X25519;
    const jwe = await joseEncrypt(JSON.stringify(basicMessage()), 'A256CBC-HS512', kids);
    expect(protectedHeaderOf(JSON.stringify(jwe))).not.toHaveProperty('epk');
    expect(jwe.recipients.map((r) => Object.keys(r.header ?? {}).sort())).toEqual(kids.map(() => ['epk', 'kid']));
    await expectDidcommError(unpackMessage(JSON.stringify(jwe), sicpa, { strict: true }), 'ERR_JWE_INVALID', 'ENC-JWE-007');
  });
});

const JOSE_SIGNING = ['EdDSA', 'ES256'] as const;
const serializations = ['general', 'flattened'] as const;
const kidPlaces = ['protected', 'unprotected'] as const;
/** kid in the protected header or in the unprotected one: the placements RFC 7515 allows. */
const jwsCases = JOSE_SIGNING.flatMap((alg) => serializations.flatMap((serialization) => kidPlaces.map((kidIn) => ({ alg, serialization, kidIn }))));
const bothCases = JOSE_SIGNING.flatMap((alg) => serializations.map((serialization) => ({ alg, serialization })));

describe('our JWS verifies with jose', () => {
  test.each(jwsCases)('$alg, $serialization, kid in $kidIn', async ({ alg, serialization, kidIn }) => {
    const message = basicMessage();
    const kid = SIGNER_BY_ALG[alg];
    const packed = await packMessage(message, { mode: 'signed', signBy: kid, jws: { serialization, kidIn } }, sicpa);
    const key = await josePublicKey(kid, alg);
    const result = serialization === 'general'
      ? await generalVerify(JSON.parse(packed.packed) as GeneralJWS, key, { algorithms: [alg] })
      : await flattenedVerify(JSON.parse(packed.packed) as FlattenedJWS, key, { algorithms: [alg] });
    expect(JSON.parse(new TextDecoder().decode(result.payload))).toStrictEqual(message);
    expect(result.protectedHeader).toStrictEqual({ typ: MEDIA_TYPES.signed, alg, ...(kidIn === 'unprotected' ? {} : { kid }) });
    expect(result.unprotectedHeader).toStrictEqual(kidIn === 'protected' ? undefined : { kid });
  });

  test('jose refuses our JWS under another key (the oracle can say no)', async () => {
    const packed = await packMessage(basicMessage(), { mode: 'signed', signBy: SIGNER_BY_ALG.ES256 }, sicpa);
    const other = await josePublicKey('did:example:alice#key-p256-1', 'ES256');
    await expect(generalVerify(JSON.parse(packed.packed) as GeneralJWS, other)).rejects.toThrow(/signature verification failed/);
  });
});

/*
 * INTEROP DISAGREEMENT (reported): `jws.kidIn: 'both'` makes our packer put the signer "kid" in the protected
 * header AND in the per-signature unprotected header. RFC 7515 §7.2.1 says the Header Parameter names in the
 * protected and unprotected headers MUST be disjoint, so such a JWS is not a valid JWS and jose refuses it
 * (flattened: JWSInvalid "...must be disjoint"; general: jose tries each signature and reports
 * "signature verification failed"). Our strict verifier refuses it too (ERR_JWS_INVALID, ENV-SIGN-004); our lenient
 * one accepts it when both values are equal (PITFALLS 3 (c): DIDComm libraries such as didcomm-node do). The
 * signature itself is right: removing the unprotected copy makes jose verify it.
 * jose also refuses to produce such a JWS, so the opposite direction cannot be built with jose at all.
 */
describe('kid in both headers: not RFC 7515 (header names must be disjoint), jose refuses', () => {
  test.each(bothCases)('jose refuses our $alg $serialization JWS with kid in both headers', async ({ alg, serialization }) => {
    const kid = SIGNER_BY_ALG[alg];
    const packed = await packMessage(basicMessage(), { mode: 'signed', signBy: kid, jws: { serialization, kidIn: 'both' } }, sicpa);
    const key = await josePublicKey(kid, alg);
    if (serialization === 'general') {
      const jws = JSON.parse(packed.packed) as GeneralJWS;
      await expect(generalVerify(jws, key, { algorithms: [alg] })).rejects.toThrow('signature verification failed');
      // The only reason is the duplicated header: without the unprotected copy jose verifies the same signature.
      const { header: _h, ...entry } = jws.signatures[0]!;
      await expect(generalVerify({ ...jws, signatures: [entry] }, key, { algorithms: [alg] })).resolves.toMatchObject({ protectedHeader: { kid } });
    } else {
      const jws = JSON.parse(packed.packed) as FlattenedJWS;
      await expect(flattenedVerify(jws, key, { algorithms: [alg] })).rejects.toThrow('JWS Protected and JWS Unprotected Header Parameter names must be disjoint');
      const { header: _h, ...rest } = jws;
      await expect(flattenedVerify(rest, key, { algorithms: [alg] })).resolves.toMatchObject({ protectedHeader: { kid } });
    }
    // Ours agrees in strict mode and tolerates it in lenient mode.
    await expect(unpackMessage(packed.packed, sicpa, { strict: true })).rejects.toMatchObject({ code: 'ERR_JWS_INVALID', requirement: 'JOSE-003' });
    await expect(unpackMessage(packed.packed, sicpa, { strict: false })).resolves.toMatchObject({ metadata: { signerKid: kid } });
  });

  test.each(bothCases)('jose refuses to sign $alg $serialization with kid in both headers', async ({ alg, serialization }) => {
    const kid = SIGNER_BY_ALG[alg];
    const payload = text.encode(JSON.stringify(basicMessage()));
    const key = await joseKey(kid, alg);
    const sign = serialization === 'general'
      ? new GeneralSign(payload).addSignature(key).setProtectedHeader({ alg, kid }).setUnprotectedHeader({ kid }).sign()
      : new FlattenedSign(payload).setProtectedHeader({ alg, kid }).setUnprotectedHeader({ kid }).sign(key);
    await expect(sign).rejects.toThrow('JWS Protected and JWS Unprotected Header Parameter names must be disjoint');
  });
});

describe('jose JWS verifies with ours', () => {
  test.each(jwsCases)('jose $alg, $serialization, kid in $kidIn', async ({ alg, serialization, kidIn }) => {
    const message = basicMessage();
    const kid = SIGNER_BY_ALG[alg];
    const protectedHeader = { typ: MEDIA_TYPES.signed, alg, ...(kidIn === 'unprotected' ? {} : { kid }) };
    const unprotected = kidIn === 'protected' ? undefined : { kid };
    const payload = text.encode(JSON.stringify(message));
    const key = await joseKey(kid, alg);
    let jws: GeneralJWS | FlattenedJWS;
    if (serialization === 'general') {
      const signature = new GeneralSign(payload).addSignature(key).setProtectedHeader(protectedHeader);
      if (unprotected) signature.setUnprotectedHeader(unprotected);
      jws = await signature.sign();
    } else {
      const signer = new FlattenedSign(payload).setProtectedHeader(protectedHeader);
      if (unprotected) signer.setUnprotectedHeader(unprotected);
      jws = await signer.sign(key);
    }
    const packed = JSON.stringify(jws);
    const result = await unpackMessage(packed, sicpa, { strict: true });
    expect(result.message).toStrictEqual(message);
    expect(result.metadata).toStrictEqual({
      encrypted: false, authenticated: true, nonRepudiation: true, anonymousSender: false, signerKid: kid, signedMessage: packed,
      recipientKids: [], warnings: [],
      layers: [
        { kind: 'signed', alg, signerKid: kid, serialization, kidLocation: kidIn, typ: MEDIA_TYPES.signed },
        { kind: 'plaintext', typ: MEDIA_TYPES.plaintext },
      ],
    });
  });
});

/** The one recipient of a General JWE as a Flattened JWE, so jose reports its own reason rather than a per-recipient summary. */
function flattenedFor(packed: string, index = 0): FlattenedJWE {
  const jwe = JSON.parse(packed) as GeneralJWE;
  const recipient = jwe.recipients[index]!;
  return { protected: jwe.protected!, encrypted_key: recipient.encrypted_key!, header: recipient.header!, iv: jwe.iv!, ciphertext: jwe.ciphertext, tag: jwe.tag! };
}

describe('what jose 6 does not implement (covered by the didcomm-node oracle)', () => {
  test('no ES256K: jose refuses to import a secp256k1 key for ES256K', async () => {
    await expect(importJWK(privateJwkOf(SIGNER_BY_ALG.ES256K) as JWK, 'ES256K')).rejects.toThrow('Invalid or unsupported JWK "alg" (Algorithm) Parameter value');
  });
  test('no ES256K: jose refuses our ES256K JWS', async () => {
    const packed = await packMessage(basicMessage(), { mode: 'signed', signBy: SIGNER_BY_ALG.ES256K, jws: { serialization: 'flattened' } }, sicpa);
    const anyKey = await josePublicKey(SIGNER_BY_ALG.ES256, 'ES256');
    await expect(flattenedVerify(JSON.parse(packed.packed) as FlattenedJWS, anyKey)).rejects.toThrow('alg ES256K is not supported either by JOSE or your javascript runtime');
  });
  test('no XC20P: jose refuses our XC20P JWE', async () => {
    const curve: KeyAgreementCurve = 'X25519';
    const packed = await packMessage(basicMessage(), { mode: 'anoncrypt', to: [BOB], enc: 'XC20P', curve }, sicpa);
    await expect(flattenedDecrypt(flattenedFor(packed.packed), await joseKey(BOB_KIDS[curve][0]!, KW))).rejects.toThrow('Invalid or unsupported "enc" (JWE Encryption Algorithm) header value');
  });
  test('no ECDH-1PU: jose refuses our authcrypt JWE', async () => {
    const packed = await packMessage(basicMessage(), { mode: 'authcrypt', to: [BOB], from: 'did:example:alice' }, sicpa);
    await expect(flattenedDecrypt(flattenedFor(packed.packed), await joseKey(BOB_KIDS.X25519[0]!, KW))).rejects.toThrow('Invalid or unsupported "alg" (JWE Algorithm) header value');
  });
});
