/**
 * Unpacking any DIDComm message: open every layer outermost first, check each layer and the stack, then
 * the plaintext and its agreement with the layers, and report what the envelope proved (metadata).
 * @module
 */
import { decryptJwe } from '../encrypted/decrypt.js';
import { checkAttachmentSizes, checkJsonDepth, exceeded, resolveLimits } from '../limits.js';
import { parseJwe } from '../encrypted/jwe.js';
import { verifyFromPrior } from '../plaintext/from-prior.js';
import { checkPlaintext } from '../plaintext/plaintext.js';
import { soft } from '../plaintext/rules.js';
import { isForwardType, parseForward } from '../routing/forward.js';
import { verifyJws } from '../signed/jws.js';
import type { KeyContext, UnpackedLayer, UnpackMetadata, UnpackOptions, UnpackResult, UnpackWarning } from '../types.js';
import { detectEnvelope } from './detect.js';
import { checkLayerConsistency, checkNesting } from './layer-checks.js';

type HopLayer = Extract<UnpackedLayer, { kind: 'anoncrypt' | 'authcrypt' | 'signed' }>;

/** True when `text` is a JWE with a recipient key this party holds (a forward re-wrapped for us, ROUTE-010). */
function isAddressedTo(text: string, ctx: KeyContext): boolean {
  try {
    const { kind, value } = detectEnvelope(text);
    return kind === 'encrypted' && Array.isArray(value.recipients)
      && value.recipients.some((r: { header?: { kid?: unknown } }) => typeof r?.header?.kid === 'string' && ctx.secrets.find(r.header.kid) !== undefined);
  } catch {
    return false;
  }
}

/** Unpacks `packed`; throws `DidcommError` with the code and requirement of the first rule it breaks. */
export async function unpackMessage(packed: string, ctx: KeyContext, options: UnpackOptions = {}): Promise<UnpackResult> {
  const strict = options.strict ?? true;
  const limits = resolveLimits(options.limits);
  const size = Buffer.byteLength(packed);
  if (size > limits.maxMessageBytes) throw exceeded('maxMessageBytes', 'the message size in bytes', size, limits.maxMessageBytes);
  let forwards = 0;
  const warnings: UnpackWarning[] = [];
  const rules = { strict, warnings };
  const layers: UnpackedLayer[] = [];
  let hop: HopLayer[] = [];
  let signedMessage: string | undefined;
  let text = packed;
  for (;;) {
    if (layers.length >= limits.maxLayers) throw exceeded('maxLayers', 'the number of envelope layers', layers.length + 1, limits.maxLayers);
    checkJsonDepth(text, limits.maxJsonDepth);
    const { kind, value } = detectEnvelope(text);
    if (kind === 'encrypted') {
      if (Array.isArray(value.recipients) && value.recipients.length > limits.maxRecipients) {
        throw exceeded('maxRecipients', 'the number of JWE recipients', value.recipients.length, limits.maxRecipients);
      }
      const jwe = parseJwe(value, strict, warnings);
      checkNesting(hop, jwe.header.alg === 'ECDH-1PU+A256KW' ? 'authcrypt' : 'anoncrypt', rules);
      const { payload, layer } = await decryptJwe(jwe, ctx, strict);
      hop.push(layer);
      layers.push(layer);
      // Decoded in place: the payload is only read (a Buffer copy of it was one more allocation per layer).
      text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
      continue;
    }
    if (kind === 'signed') {
      checkNesting(hop, 'signed', rules);
      const { payload, layer } = await verifyJws(value, ctx.resolver, strict);
      hop.push(layer);
      layers.push(layer);
      signedMessage = text;
      text = payload.toString('utf8');
      continue;
    }
    const message = checkPlaintext(value, { ...rules, specVersion: options.specVersion ?? '2.1' });
    checkAttachmentSizes(message, limits);
    if ((options.unwrapForward ?? true) && isForwardType(message.type)) {
      const forward = parseForward(message);
      // One attached message addressed to us is unwrapped; several are the mediator's to pass on, one by one.
      const only = forward.messages.length === 1 ? forward.messages[0] : undefined;
      if (only && isAddressedTo(only.attached, ctx)) {
        forwards += 1;
        if (forwards > limits.maxForwards) throw exceeded('maxForwards', 'the number of forwards unwrapped', forwards, limits.maxForwards);
        layers.push({ kind: 'forward', next: forward.next, attachment: only.encoding });
        hop = [];
        text = only.attached;
        continue;
      }
    }
    layers.push({ kind: 'plaintext', ...(typeof message.typ === 'string' ? { typ: message.typ } : {}) });
    checkLayerConsistency(message, hop, rules);
    const encrypted = hop.some((layer) => layer.kind !== 'signed');
    let fromPrior;
    if (message.from_prior !== undefined) {
      fromPrior = await verifyFromPrior(message, ctx.resolver, rules);
      // A rotation must travel encrypted (ROT-001); SICPA accepts it in plaintext too (AMB-15).
      if (!encrypted) soft(rules, 'ERR_FROM_PRIOR_INVALID', 'from_prior in a message that is not encrypted', 'ROT-001');
    }
    return { message, metadata: metadataOf(hop, layers, warnings, signedMessage, fromPrior) };
  }
}

function metadataOf(
  hop: HopLayer[], layers: UnpackedLayer[], warnings: UnpackWarning[], signedMessage: string | undefined, fromPrior: UnpackMetadata['fromPrior'],
): UnpackMetadata {
  const auth = hop.find((layer) => layer.kind === 'authcrypt');
  const signed = hop.find((layer) => layer.kind === 'signed');
  const encryption = [...hop].reverse().find((layer): layer is Extract<HopLayer, { kind: 'anoncrypt' | 'authcrypt' }> => layer.kind !== 'signed');
  return {
    encrypted: hop.some((layer) => layer.kind !== 'signed'),
    authenticated: auth !== undefined || signed !== undefined,
    nonRepudiation: signed !== undefined,
    anonymousSender: hop.some((layer) => layer.kind === 'anoncrypt'),
    ...(auth?.kind === 'authcrypt' && auth.senderKid ? { senderKid: auth.senderKid } : {}),
    ...(signed?.kind === 'signed' ? { signerKid: signed.signerKid, signedMessage: signedMessage! } : {}),
    recipientKids: encryption?.recipientKids ?? [],
    ...(fromPrior ? { fromPrior } : {}),
    layers,
    warnings,
  };
}
