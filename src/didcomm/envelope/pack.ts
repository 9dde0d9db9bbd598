/**
 * Packing a plaintext message into any DIDComm envelope stack: plaintext, sign(plain), anoncrypt(plain),
 * authcrypt(plain), anoncrypt(sign(plain)), authcrypt(sign(plain)), anoncrypt(authcrypt(plain))
 * (ENV-NEST-001), optionally wrapped in routing forwards (ROUTE-007).
 * @module
 */
import { signatureAlgorithmFor } from '../../crypto/signature.js';
import { didOf, keyIdsFor, resolveKeyIn } from '../../did/document.js';
import { DidcommError } from '../../errors/didcomm-error.js';
import { MEDIA_TYPES } from '../../spec/media-types.js';
import { encryptJwe } from '../encrypted/encrypt.js';
import { candidateRecipientKeys, resolveRecipientKeys, resolveSenderKey } from '../encrypted/recipients.js';
import { checkPlaintext } from '../plaintext/plaintext.js';
import { wrapInForwards } from '../routing/forward.js';
import { signJws } from '../signed/jws.js';
import { curveOfJwk, isKeyAgreementCurve } from '../../crypto/curves.js';
import type { RequirementId } from '../../spec/requirements.js';
import type { KeyContext, PackOptions, PackResult, PlaintextMessage } from '../types.js';

function argument(message: string, requirement: RequirementId): never {
  throw new DidcommError('ERR_PACK_ARGUMENT', message, { requirement });
}

/** The signing key: `signBy`, or the first held `authentication` key of the `from` DID (ENV-SIGN-003). */
async function signingKey(message: PlaintextMessage, options: PackOptions, ctx: KeyContext): Promise<{ kid: string; secret: NonNullable<ReturnType<KeyContext['secrets']['find']>> }> {
  const named = options.signBy ?? options.from ?? message.from;
  if (!named) argument('signing needs "signBy" or a "from" DID', 'ENV-SIGN-003');
  const doc = await ctx.resolver.resolve(didOf(named));
  const kids = named.includes('#') ? [named] : keyIdsFor(doc, 'authentication');
  for (const kid of kids) {
    const secret = ctx.secrets.find(kid);
    if (!secret) continue;
    if (!options.allowInvalid) resolveKeyIn(doc, kid, 'authentication');
    return { kid, secret };
  }
  return argument(`no secret is held for an authentication key of ${named}`, 'ENV-SIGN-003');
}

/** Packs `message` as `options` ask; see `PackOptions`. */
export async function packMessage(message: PlaintextMessage, options: PackOptions, ctx: KeyContext): Promise<PackResult> {
  if (!options.allowInvalid) checkPlaintext(message, { strict: true, warnings: [], specVersion: options.specVersion ?? '2.1' });
  if (options.mode === 'plaintext') {
    // A plaintext sent as it is SHOULD say what it is (ENV-MT-002).
    const typed = message.typ === undefined && !options.allowInvalid ? { ...message, typ: MEDIA_TYPES.plaintext } : message;
    return { packed: JSON.stringify(typed), mediaType: MEDIA_TYPES.plaintext, recipientKids: [] };
  }
  const plaintext = JSON.stringify(message);

  let payload = plaintext;
  let signerKid: string | undefined;
  if (options.mode === 'signed' || options.signBy !== undefined) {
    const { kid, secret } = await signingKey(message, options, ctx);
    if (!options.allowInvalid && message.from !== undefined && didOf(kid) !== message.from) {
      argument(`the signer ${kid} is not the message "from" ${message.from}`, 'ENV-NEST-010');
    }
    const alg = signatureAlgorithmFor(secret.privateJwk);
    if (!alg) argument(`${kid} is not a signing key (EdDSA, ES256, ES256K)`, 'ENV-SIGN-002');
    payload = signJws({ payload: Buffer.from(plaintext), alg, kid, privateKey: secret.privateKey, ...options.jws });
    signerKid = kid;
    if (options.mode === 'signed') return { packed: payload, mediaType: MEDIA_TYPES.signed, recipientKids: [], signerKid };
  }

  const to = options.to ?? message.to;
  if (!to || to.length === 0) argument('encryption needs recipients ("to")', 'ENC-JWE-006');
  const enc = options.enc ?? 'A256CBC-HS512';
  let senderKid: string | undefined;
  let packed: string;
  let recipientKids: string[];
  if (options.mode === 'authcrypt') {
    // ENV-NEST-003: anoncrypt(authcrypt(sign(plain))) is the one stack a sender MUST NOT emit (anoncrypt(sign(plain)) instead).
    if (options.protectSender && signerKid !== undefined && !options.allowInvalid) argument('signing, authcrypt and a protected sender together make anoncrypt(authcrypt(sign(plain))), a stack senders MUST NOT use; use anoncrypt(sign(plain))', 'ENV-NEST-003');
    if (enc !== 'A256CBC-HS512' && !options.allowInvalid) argument(`authcrypt allows only A256CBC-HS512, not ${enc}`, 'ENC-AUTH-002');
    const from = options.from ?? message.from;
    if (!from) argument('authcrypt needs a sender ("from")', 'ENV-PLAIN-007');
    if (!options.allowInvalid && message.from !== didOf(from)) {
      argument(`the message "from" ${String(message.from)} is not the sender ${didOf(from)}`, 'ENV-NEST-008');
    }
    const candidates = await candidateRecipientKeys(to, ctx);
    const recipientCurves = candidates.map((k) => curveOfJwk(k.publicJwk)).filter(isKeyAgreementCurve);
    const sender = await resolveSenderKey(from, options.curve ? [options.curve] : recipientCurves, ctx);
    const recipients = await resolveRecipientKeys(to, sender.curve, ctx, candidates);
    packed = encryptJwe({ payload: Buffer.from(payload), enc, curve: sender.curve, recipients: recipients.keys, sender: { kid: sender.kid, privateKey: sender.secret.privateKey } });
    senderKid = sender.kid;
    recipientKids = recipients.keys.map((k) => k.kid);
    if (options.protectSender) {
      // anoncrypt(authcrypt(plain)) hides the sender from intermediaries (ENV-NEST-001).
      packed = encryptJwe({ payload: Buffer.from(packed), enc: options.enc ?? 'A256CBC-HS512', curve: sender.curve, recipients: recipients.keys });
    }
  } else {
    const recipients = await resolveRecipientKeys(to, options.curve, ctx);
    packed = encryptJwe({ payload: Buffer.from(payload), enc, curve: recipients.curve, recipients: recipients.keys });
    recipientKids = recipients.keys.map((k) => k.kid);
  }
  if (options.forward && options.forward.routingKeys.length > 0) {
    packed = await wrapInForwards(packed, didOf(recipientKids[0]!), options.forward.routingKeys, ctx, {
      ...(options.forward.attachment ? { attachment: options.forward.attachment } : {}),
      ...(options.forward.enc ? { enc: options.forward.enc } : {}),
      ...(options.forward.rewrite ? { rewrite: options.forward.rewrite } : {}),
      ...(message.expires_time === undefined ? {} : { expiresTime: message.expires_time }),
    });
  }
  return {
    packed,
    mediaType: MEDIA_TYPES.encrypted,
    recipientKids,
    ...(senderKid ? { senderKid } : {}),
    ...(signerKid ? { signerKid } : {}),
  };
}
