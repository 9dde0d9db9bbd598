/**
 * Round trips through the reference envelope layer (issue 2, item 5): packMessage then unpackMessage in
 * strict mode for every valid mode x enc x curve x signing algorithm, asserting the plaintext and the
 * unpack metadata exactly (every layer, every kid, every flag).
 */
import { describe, expect, test } from 'vitest';
import { packMessage } from './envelope/pack.js';
import { unpackMessage } from './envelope/unpack.js';
import { withOnlySecrets } from '../vectors/key-sets.js';
import { MEDIA_TYPES } from '../spec/media-types.js';
import type { ContentEncryption, KeyAgreementCurve, PlaintextMessage, SignatureAlgorithm, UnpackedLayer, UnpackMetadata } from './types.js';
import {
  ALICE, BOB, BOB_KIDS, CURVES, MEDIATOR1, MEDIATOR2, SENDER_BY_CURVE, SIGNER_BY_ALG, SIGNING_ALGS, basicMessage, expectDidcommError, sicpa,
} from './oracles.test-support.js';

const ENCS: readonly ContentEncryption[] = ['A256CBC-HS512', 'A256GCM', 'XC20P'];
const PLAIN_LAYER: UnpackedLayer = { kind: 'plaintext', typ: MEDIA_TYPES.plaintext };

function anonLayer(enc: ContentEncryption, curve: KeyAgreementCurve, kids: string[] = BOB_KIDS[curve]): UnpackedLayer {
  return { kind: 'anoncrypt', alg: 'ECDH-ES+A256KW', enc, curve, recipientKids: kids, decryptedWith: kids[0]!, typ: MEDIA_TYPES.encrypted };
}
function authLayer(curve: KeyAgreementCurve, senderKid: string, kids: string[] = BOB_KIDS[curve]): UnpackedLayer {
  return {
    kind: 'authcrypt', alg: 'ECDH-1PU+A256KW', enc: 'A256CBC-HS512', curve, recipientKids: kids, decryptedWith: kids[0]!, senderKid, typ: MEDIA_TYPES.encrypted,
  };
}
function signedLayer(alg: SignatureAlgorithm, serialization: 'general' | 'flattened' = 'general', kidLocation: 'protected' | 'unprotected' | 'both' = 'unprotected'): UnpackedLayer {
  return { kind: 'signed', alg, signerKid: SIGNER_BY_ALG[alg], serialization, kidLocation, typ: MEDIA_TYPES.signed };
}

/** The exact metadata; `signedMessage` is checked separately (it is the inner JWS text). */
function metadata(m: Partial<UnpackMetadata> & Pick<UnpackMetadata, 'layers'>): UnpackMetadata {
  return { encrypted: false, authenticated: false, nonRepudiation: false, anonymousSender: false, recipientKids: [], warnings: [], ...m };
}

async function roundTrip(message: PlaintextMessage, options: Parameters<typeof packMessage>[1], expected: UnpackMetadata) {
  const packed = await packMessage(message, options, sicpa);
  const result = await unpackMessage(packed.packed, sicpa, { strict: true });
  expect(result.message).toStrictEqual(message);
  expect(result.metadata).toStrictEqual(expected);
  return { packed, result };
}

/** The signed layer kept in the metadata is a JWS by the expected signer over exactly the message. */
function expectSignedMessage(signedMessage: string | undefined, signerKid: string, message: PlaintextMessage): void {
  expect(signedMessage).toBeTypeOf('string');
  const jws = JSON.parse(signedMessage!) as { payload: string; signatures: Array<{ header: { kid: string } }> };
  expect(jws.signatures.map((s) => s.header.kid)).toEqual([signerKid]);
  expect(JSON.parse(Buffer.from(jws.payload, 'base64url').toString('utf8'))).toStrictEqual(message);
}

describe('plaintext', () => {
  test('plaintext round trip', async () => {
    const message = basicMessage();
    const { packed } = await roundTrip(message, { mode: 'plaintext' }, metadata({ layers: [PLAIN_LAYER] }));
    expect(packed).toStrictEqual({ packed: JSON.stringify(message), mediaType: MEDIA_TYPES.plaintext, recipientKids: [] });
  });
});

describe('signed', () => {
  const cases = SIGNING_ALGS.flatMap((alg) => (['general', 'flattened'] as const).flatMap((serialization) =>
    (['protected', 'unprotected', 'both'] as const).map((kidIn) => ({ alg, serialization, kidIn }))));
  test.each(cases)('sign $alg, $serialization serialization, kid in $kidIn', async ({ alg, serialization, kidIn }) => {
    const message = basicMessage();
    const signerKid = SIGNER_BY_ALG[alg];
    const packed = await packMessage(message, { mode: 'signed', signBy: signerKid, jws: { serialization, kidIn } }, sicpa);
    expect(packed.mediaType).toBe(MEDIA_TYPES.signed);
    expect(packed.signerKid).toBe(signerKid);
    const wire = JSON.parse(packed.packed) as Record<string, unknown>;
    expect('signatures' in wire).toBe(serialization === 'general');
    if (kidIn === 'both') {
      // The same name in both headers breaks RFC 7515 §7.2.1: strict refuses it, lenient accepts it (PITFALLS 3).
      await expect(unpackMessage(packed.packed, sicpa, { strict: true })).rejects.toMatchObject({ code: 'ERR_JWS_INVALID', requirement: 'JOSE-003' });
    }
    const result = await unpackMessage(packed.packed, sicpa, { strict: kidIn !== 'both' });
    expect(result.message).toStrictEqual(message);
    expect(result.metadata).toStrictEqual(metadata({
      authenticated: true, nonRepudiation: true, signerKid, signedMessage: packed.packed,
      layers: [signedLayer(alg, serialization, kidIn), PLAIN_LAYER],
    }));
  });
});

describe('anoncrypt', () => {
  const cases = ENCS.flatMap((enc) => CURVES.map((curve) => ({ enc, curve })));
  test.each(cases)('anoncrypt $enc on $curve', async ({ enc, curve }) => {
    const { packed } = await roundTrip(basicMessage(), { mode: 'anoncrypt', to: [BOB], enc, curve }, metadata({
      encrypted: true, anonymousSender: true, recipientKids: BOB_KIDS[curve], layers: [anonLayer(enc, curve), PLAIN_LAYER],
    }));
    expect(packed.recipientKids).toEqual(BOB_KIDS[curve]);
    expect(packed.senderKid).toBeUndefined();
  });
});

describe('authcrypt (A256CBC-HS512)', () => {
  test.each(CURVES)('authcrypt on %s', async (curve) => {
    const sender = SENDER_BY_CURVE[curve];
    const { packed } = await roundTrip(basicMessage(sender.did), { mode: 'authcrypt', to: [BOB], from: sender.did, curve }, metadata({
      encrypted: true, authenticated: true, senderKid: sender.kid, recipientKids: BOB_KIDS[curve], layers: [authLayer(curve, sender.kid), PLAIN_LAYER],
    }));
    expect(packed.senderKid).toBe(sender.kid);
  });

  test('authcrypt with A256GCM is refused at pack time (ENC-AUTH-002)', async () => {
    await expectDidcommError(packMessage(basicMessage(), { mode: 'authcrypt', to: [BOB], from: ALICE, enc: 'A256GCM' }, sicpa), 'ERR_PACK_ARGUMENT', 'ENC-AUTH-002');
  });
  test('authcrypt with XC20P is refused at pack time (ENC-AUTH-002)', async () => {
    await expectDidcommError(packMessage(basicMessage(), { mode: 'authcrypt', to: [BOB], from: ALICE, enc: 'XC20P' }, sicpa), 'ERR_PACK_ARGUMENT', 'ENC-AUTH-002');
  });
});

describe('packing to two DIDs', () => {
  test.each(['anoncrypt', 'authcrypt'] as const)('%s to bob and charlie is refused (ENC-JWE-001)', async (mode) => {
    const message = { ...basicMessage(), to: [BOB, 'did:example:charlie'] };
    await expectDidcommError(packMessage(message, { mode, to: [BOB, 'did:example:charlie'], from: ALICE }, sicpa), 'ERR_PACK_ARGUMENT', 'ENC-JWE-001');
  });
});

describe('sign then encrypt', () => {
  test.each(SIGNING_ALGS)('anoncrypt(sign %s) on X25519', async (alg) => {
    const message = basicMessage();
    const signerKid = SIGNER_BY_ALG[alg];
    const packed = await packMessage(message, { mode: 'anoncrypt', to: [BOB], signBy: signerKid }, sicpa);
    const result = await unpackMessage(packed.packed, sicpa, { strict: true });
    expect(result.message).toStrictEqual(message);
    expect(result.metadata).toStrictEqual(metadata({
      encrypted: true, authenticated: true, nonRepudiation: true, anonymousSender: true, signerKid, signedMessage: result.metadata.signedMessage!,
      recipientKids: BOB_KIDS.X25519, layers: [anonLayer('A256CBC-HS512', 'X25519'), signedLayer(alg), PLAIN_LAYER],
    }));
    expectSignedMessage(result.metadata.signedMessage, signerKid, message);
  });

  test.each(SIGNING_ALGS)('authcrypt(sign %s) on X25519', async (alg) => {
    const message = basicMessage();
    const signerKid = SIGNER_BY_ALG[alg];
    const senderKid = SENDER_BY_CURVE.X25519.kid;
    const packed = await packMessage(message, { mode: 'authcrypt', to: [BOB], from: ALICE, signBy: signerKid }, sicpa);
    expect(packed).toMatchObject({ senderKid, signerKid, recipientKids: BOB_KIDS.X25519 });
    const result = await unpackMessage(packed.packed, sicpa, { strict: true });
    expect(result.message).toStrictEqual(message);
    expect(result.metadata).toStrictEqual(metadata({
      encrypted: true, authenticated: true, nonRepudiation: true, senderKid, signerKid, signedMessage: result.metadata.signedMessage!,
      recipientKids: BOB_KIDS.X25519, layers: [authLayer('X25519', senderKid), signedLayer(alg), PLAIN_LAYER],
    }));
    expectSignedMessage(result.metadata.signedMessage, signerKid, message);
  });
});

describe('anoncrypt(authcrypt) (protectSender)', () => {
  test.each(CURVES)('anoncrypt(authcrypt) on %s', async (curve) => {
    const sender = SENDER_BY_CURVE[curve];
    const message = basicMessage(sender.did);
    const packed = await packMessage(message, { mode: 'authcrypt', to: [BOB], from: sender.did, curve, protectSender: true }, sicpa);
    // The sender is hidden from anyone who cannot open the outer layer: no skid/apu outside.
    const outer = JSON.parse(Buffer.from((JSON.parse(packed.packed) as { protected: string }).protected, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(outer).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256CBC-HS512' });
    expect(outer).not.toHaveProperty('skid');
    expect(outer).not.toHaveProperty('apu');
    expect(packed.packed).not.toContain(Buffer.from(sender.kid).toString('base64url'));
    const result = await unpackMessage(packed.packed, sicpa, { strict: true });
    expect(result.message).toStrictEqual(message);
    expect(result.metadata).toStrictEqual(metadata({
      encrypted: true, authenticated: true, anonymousSender: true, senderKid: sender.kid, recipientKids: BOB_KIDS[curve],
      layers: [anonLayer('A256CBC-HS512', curve), authLayer(curve, sender.kid), PLAIN_LAYER],
    }));
  });
});

describe('multi-recipient: each of bob\'s X25519 keys alone decrypts', () => {
  const cases = (['anoncrypt', 'authcrypt'] as const).flatMap((mode) => BOB_KIDS.X25519.map((kid) => ({ mode, kid })));
  test.each(cases)('$mode to bob, held only $kid', async ({ mode, kid }) => {
    const message = basicMessage();
    const packed = await packMessage(message, { mode, to: [BOB], ...(mode === 'authcrypt' ? { from: ALICE } : {}), curve: 'X25519' }, sicpa);
    expect(packed.recipientKids).toEqual(BOB_KIDS.X25519);
    const ctx = withOnlySecrets(sicpa, [kid]);
    const result = await unpackMessage(packed.packed, ctx, { strict: true });
    expect(result.message).toStrictEqual(message);
    const layer = mode === 'anoncrypt' ? anonLayer('A256CBC-HS512', 'X25519') : authLayer('X25519', SENDER_BY_CURVE.X25519.kid);
    expect(result.metadata).toStrictEqual(metadata({
      encrypted: true,
      authenticated: mode === 'authcrypt',
      anonymousSender: mode === 'anoncrypt',
      ...(mode === 'authcrypt' ? { senderKid: SENDER_BY_CURVE.X25519.kid } : {}),
      recipientKids: BOB_KIDS.X25519,
      layers: [{ ...layer, decryptedWith: kid } as UnpackedLayer, PLAIN_LAYER],
    }));
  });

  test('a party holding none of the recipient keys cannot decrypt (ENC-JWE-006)', async () => {
    const packed = await packMessage(basicMessage(), { mode: 'anoncrypt', to: [BOB] }, sicpa);
    await expectDidcommError(unpackMessage(packed.packed, withOnlySecrets(sicpa, [`${BOB}#key-p256-1`]), { strict: true }), 'ERR_KEY_NOT_FOUND', 'ENC-JWE-006');
  });
});

describe('forward', () => {
  const M1 = `${MEDIATOR1}#key-x25519-1`;
  const M2 = `${MEDIATOR2}#key-x25519-1`;
  const cases = (['json', 'base64'] as const).flatMap((attachment) => [
    { hops: 1, attachment, routingKeys: [M1] },
    { hops: 2, attachment, routingKeys: [M2, M1] },
  ]);
  test.each(cases)('authcrypt through $hops routing key(s), $attachment attachment', async ({ attachment, routingKeys }) => {
    const message = basicMessage();
    const senderKid = SENDER_BY_CURVE.X25519.kid;
    const packed = await packMessage(message, { mode: 'authcrypt', to: [BOB], from: ALICE, forward: { routingKeys, attachment } }, sicpa);
    // The outermost layer is for the first routing key.
    expect((JSON.parse(packed.packed) as { recipients: Array<{ header: { kid: string } }> }).recipients.map((r) => r.header.kid)).toEqual([routingKeys[0]]);
    const result = await unpackMessage(packed.packed, sicpa, { strict: true });
    expect(result.message).toStrictEqual(message);
    const forwardLayers: UnpackedLayer[] = routingKeys.flatMap((key, i) => [
      anonLayer('A256CBC-HS512', 'X25519', [key]),
      { kind: 'forward', next: i === routingKeys.length - 1 ? BOB : routingKeys[i + 1]!, attachment } as UnpackedLayer,
    ]);
    // The flags describe the hop that reached the final recipient, not the forwards around it.
    expect(result.metadata).toStrictEqual(metadata({
      encrypted: true, authenticated: true, senderKid, recipientKids: BOB_KIDS.X25519,
      layers: [...forwardLayers, authLayer('X25519', senderKid), PLAIN_LAYER],
    }));
  });

  test.each(['json', 'base64'] as const)('the mediator alone sees a forward to bob (%s attachment)', async (attachment) => {
    const packed = await packMessage(basicMessage(), { mode: 'anoncrypt', to: [BOB], forward: { routingKeys: [M1], attachment } }, sicpa);
    const result = await unpackMessage(packed.packed, withOnlySecrets(sicpa, [M1]), { strict: true });
    expect(result.message.type).toBe('https://didcomm.org/routing/2.0/forward');
    expect(result.message.body).toStrictEqual({ next: BOB });
    expect(result.message.attachments).toHaveLength(1);
    expect(Object.keys(result.message.attachments![0]!.data)).toEqual([attachment]);
    expect(result.metadata).toStrictEqual(metadata({
      encrypted: true, anonymousSender: true, recipientKids: [M1], layers: [anonLayer('A256CBC-HS512', 'X25519', [M1]), { kind: 'plaintext' }],
    }));
  });
});
