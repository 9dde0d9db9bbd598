/**
 * Opening DIDComm JWEs as a recipient: find a held recipient key, check `epk`, resolve and check the
 * authcrypt sender (ENC-AUTH-006..009), derive the KEK, unwrap the CEK, open the content.
 * @module
 */
import { CONTENT_ENCRYPTION } from '../../crypto/algorithms.js';
import { aesKeyUnwrap } from '../../crypto/aes-kw.js';
import { curveOfJwk, importPublicJwk, isKeyAgreementCurve } from '../../crypto/curves.js';
import { recipientKek } from '../../crypto/key-agreement.js';
import { recogniseKdfVariant } from './kdf-variants.js';
import { didOf, isKeyId, resolveKey, verificationMethods, type ResolvedKey } from '../../did/document.js';
import { publicJwkOfVerificationMethod } from '../../did/key-formats.js';
import { DidcommError, ensure } from '../../errors/didcomm-error.js';
import type { Secret } from '../../did/secrets.js';
import type { KeyAgreementCurve, KeyContext, UnpackedLayer } from '../types.js';
import type { ParsedJwe } from './jwe.js';
import { hard } from '../plaintext/rules.js';

export interface DecryptedJwe {
  payload: Uint8Array;
  layer: Extract<UnpackedLayer, { kind: 'anoncrypt' | 'authcrypt' }>;
}

export async function decryptJwe(jwe: ParsedJwe, ctx: KeyContext, strict: boolean): Promise<DecryptedJwe> {
  const { header } = jwe;
  // Each recipient's secret is looked up once: the first held one decrypts, the rest feed the curve check.
  const held = jwe.recipients.map((r) => ctx.secrets.find(r.kid));
  const at = held.findIndex((s) => s !== undefined);
  if (at === -1) {
    throw new DidcommError('ERR_KEY_NOT_FOUND', `no secret is held for any recipient kid (${jwe.recipients.map((r) => r.kid).join(', ')})`, { requirement: 'ENC-JWE-006' });
  }
  const recipient = jwe.recipients[at]!;
  const secret = held[at]!;
  const recipientCurve = curveOfJwk(secret.privateJwk);
  if (!isKeyAgreementCurve(recipientCurve)) hard('ERR_ALG_UNSUPPORTED', `recipient key ${recipient.kid} is not on a key agreement curve`, 'ENC-ALG-001');
  const epk = importPublicJwk(header.epk, 'the "epk"', 'ENC-JWE-011', false);
  if (curveOfJwk(header.epk) !== recipientCurve) {
    hard('ERR_EPK_INVALID', `the "epk" is on ${String(header.epk.crv)} but the recipient key ${recipient.kid} is on ${recipientCurve}`, 'ENC-JWE-008');
  }
  const curve: KeyAgreementCurve = recipientCurve;
  if (strict) {
    const unheld = checkHeldRecipientCurves(jwe, held, curve);
    // Only a JWE naming keys this party does not hold needs their DID document (an await, so only then).
    if (unheld.length > 0) await checkUnheldRecipientCurves(unheld, ctx, curve);
  }

  let senderKid: string | undefined;
  let senderKey;
  if (header.alg === 'ECDH-1PU+A256KW') {
    const apuText = jwe.apu.toString('utf8');
    // Without "skid" the sender is named by "apu" (ENC-AUTH-006).
    senderKid = header.skid ?? apuText;
    if (!isKeyId(senderKid)) hard('ERR_KID_INVALID', `the sender key id ${JSON.stringify(senderKid)} is not an absolute DID URL`, 'ENC-AUTH-005');
    ensure(!strict || header.skid === undefined || apuText === header.skid, 'ERR_JWE_INVALID',
      '"apu" does not decode to "skid"', 'ENC-AUTH-008');
    let sender: ResolvedKey;
    try {
      sender = await resolveKey(ctx.resolver, senderKid, 'keyAgreement');
    } catch (cause) {
      // Re-cite the authcrypt rule: the sender key must resolve to a keyAgreement key of its DID (ENC-AUTH-007).
      if (cause instanceof DidcommError && ['ERR_KEY_RELATIONSHIP', 'ERR_KEY_NOT_FOUND', 'ERR_DID_NOT_RESOLVED'].includes(cause.code)) {
        throw new DidcommError(cause.code, `authcrypt sender: ${cause.message}`, { requirement: 'ENC-AUTH-007', cause });
      }
      throw cause;
    }
    if (curveOfJwk(sender.publicJwk) !== curve) hard('ERR_JWE_INVALID', `the sender key ${senderKid} is not on the recipients' curve ${curve}`, 'ENC-AUTH-009');
    const named = senderKid;
    senderKey = importPublicJwk(sender.publicJwk, () => `sender key ${named}`, 'KEYS-004');
  }

  const kek = recipientKek({ alg: header.alg, apu: jwe.apu, apv: jwe.apv, tag: jwe.tag }, secret.privateKey, epk, senderKey);
  const cipher = CONTENT_ENCRYPTION[header.enc];
  let cek: Buffer;
  try {
    cek = aesKeyUnwrap(kek, recipient.encryptedKey);
  } catch (cause) {
    // A known wrong KDF of the sender is named (issue 22), not reported as an opaque decryption failure.
    throw recogniseKdfVariant({ alg: header.alg, apu: jwe.apu, apv: jwe.apv, tag: jwe.tag }, recipient.encryptedKey, secret.privateKey, epk, senderKey) ?? cause;
  }
  if (cek.length !== cipher.keyLength) {
    throw new DidcommError('ERR_DECRYPTION_FAILED', 'the message could not be decrypted', { requirement: 'ENC-JWE-014' });
  }
  const aad = Buffer.from(jwe.aadB64 === undefined ? jwe.protectedB64 : `${jwe.protectedB64}.${jwe.aadB64}`, 'ascii');
  let payload: Uint8Array;
  try {
    payload = cipher.open(cek, jwe.iv, jwe.ciphertext, jwe.tag, aad);
  } catch (cause) {
    // With an `aad` member the tag must cover it too (JOSE-002): name that rule, not a generic decryption failure.
    if (jwe.aadB64 !== undefined && cause instanceof DidcommError) {
      throw new DidcommError(cause.code, 'the tag does not cover the "aad" member (RFC 7516 §5.2)', { requirement: 'JOSE-002', cause });
    }
    throw cause;
  }
  return {
    payload,
    layer: {
      kind: header.alg === 'ECDH-1PU+A256KW' ? 'authcrypt' : 'anoncrypt',
      alg: header.alg,
      enc: header.enc,
      curve,
      recipientKids: jwe.recipients.map((r) => r.kid),
      decryptedWith: recipient.kid,
      ...(senderKid === undefined ? {} : { senderKid }),
      ...(header.typ === undefined ? {} : { typ: header.typ }),
    },
  };
}

/**
 * Every recipient key of one JWE is on the `epk` curve (ENC-JWE-008): a mixed set means a broken sender.
 * Checks the held keys and returns the recipients whose keys are not held.
 */
function checkHeldRecipientCurves(jwe: ParsedJwe, held: ReadonlyArray<Secret | undefined>, curve: KeyAgreementCurve): ParsedJwe['recipients'] {
  const unheld: ParsedJwe['recipients'] = [];
  jwe.recipients.forEach((r, i) => {
    const secret = held[i];
    if (secret) {
      if (curveOfJwk(secret.privateJwk) !== curve) hard('ERR_JWE_INVALID', `recipient ${r.kid} is not on the "epk" curve ${curve}`, 'ENC-JWE-008');
    }
    else unheld.push(r);
  });
  return unheld;
}

/** The keys not held, read from their DID document when it resolves: also on the `epk` curve (ENC-JWE-008). */
async function checkUnheldRecipientCurves(unheld: ParsedJwe['recipients'], ctx: KeyContext, curve: KeyAgreementCurve): Promise<void> {
  const doc = await ctx.resolver.resolve(didOf(unheld[0]!.kid)).catch(() => undefined);
  if (!doc) return;
  const methods = verificationMethods(doc);
  for (const r of unheld) {
    const method = methods.find((vm) => vm.id === r.kid);
    if (!method) continue;
    let jwkCurve;
    try {
      jwkCurve = curveOfJwk(publicJwkOfVerificationMethod(method));
    } catch {
      continue;
    }
    if (jwkCurve !== curve) hard('ERR_JWE_INVALID', `recipient ${r.kid} is not on the "epk" curve ${curve}`, 'ENC-JWE-008');
  }
}
