/**
 * Routing protocol 2.0 `forward` (ROUTE-001..012): wrapping an encrypted message once per routing key,
 * last key first (ROUTE-007), with `next` naming the following hop (ROUTE-008), and reading a forward.
 * @module
 */
import { randomBytes } from '../../crypto/random.js';
import { decodeBase64url, encodeBase64url } from '../../encoding/base64url.js';
import { isJsonObject, parseJsonObject } from '../../encoding/json.js';
import { DidcommError } from '../../errors/didcomm-error.js';
import type { ContentEncryption, KeyContext, PlaintextMessage } from '../types.js';
import { encryptJwe } from '../encrypted/encrypt.js';
import { resolveRecipientKeys } from '../encrypted/recipients.js';
import { MTURI } from '../plaintext/plaintext.js';

export const FORWARD_TYPE = 'https://didcomm.org/routing/2.0/forward';

/** True for a `forward` of routing 2.x, compared as PIURI-003 asks (same major version, name ignoring case). */
export function isForwardType(type: unknown): boolean {
  if (typeof type !== 'string') return false;
  const match = MTURI.exec(type);
  return !!match && match[2]!.toLowerCase() === 'routing' && match[3]!.split('.')[0] === '2' && match[4]!.toLowerCase() === 'forward';
}

/** A fresh message id: 32 hex characters, within the 32-byte limit (LIM-001). */
function freshId(): string {
  return Buffer.from(randomBytes(16)).toString('hex');
}

export type ForwardAttachmentEncoding = 'json' | 'base64';

/** A forward plaintext carrying `packed` (an encrypted message as JSON text) for `next`. */
export function buildForward(next: string, packed: string, encoding: ForwardAttachmentEncoding = 'json', expiresTime?: number): PlaintextMessage {
  const data = encoding === 'json' ? { json: JSON.parse(packed) as unknown } : { base64: encodeBase64url(packed) };
  return {
    id: freshId(), // unrelated to the inner message id (ROUTE-014)
    type: FORWARD_TYPE,
    body: { next },
    ...(expiresTime === undefined ? {} : { expires_time: expiresTime }), // ROUTE-004
    attachments: [{ id: freshId(), media_type: 'application/didcomm-encrypted+json', data }],
  };
}

export interface WrapOptions {
  enc?: ContentEncryption;
  attachment?: ForwardAttachmentEncoding;
  expiresTime?: number;
  /** Sees (and may replace) each forward plaintext before it is encrypted. */
  rewrite?: (forward: PlaintextMessage) => PlaintextMessage;
}

/**
 * Wraps `packed` (encrypted for `recipientDid`) in one anoncrypted forward per routing key, from the last
 * key to the first; the result goes to the first routing key's mediator (ROUTE-007, ROUTE-008).
 */
export async function wrapInForwards(packed: string, recipientDid: string, routingKeys: readonly string[], ctx: KeyContext, options: WrapOptions = {}): Promise<string> {
  let current = packed;
  for (let i = routingKeys.length - 1; i >= 0; i--) {
    const next = i === routingKeys.length - 1 ? recipientDid : routingKeys[i + 1]!;
    const built = buildForward(next, current, options.attachment, options.expiresTime);
    const forward = options.rewrite ? options.rewrite(built) : built;
    const { curve, keys } = await resolveRecipientKeys([routingKeys[i]!], undefined, ctx);
    current = encryptJwe({ payload: Buffer.from(JSON.stringify(forward)), enc: options.enc ?? 'A256CBC-HS512', curve, recipients: keys });
  }
  return current;
}

export interface ForwardedMessage {
  /** The attached message as JSON text. */
  attached: string;
  encoding: ForwardAttachmentEncoding;
}

export interface ParsedForward {
  next: string;
  /** Every attached message, in order: §9.4.4 "`attachments` - REQUIRED. The DIDComm message(s) to send". */
  messages: [ForwardedMessage, ...ForwardedMessage[]];
}

/** Reads a forward: `body.next` (ROUTE-002) and its attached messages as `data.json` or `data.base64` (ROUTE-003). */
export function parseForward(message: PlaintextMessage): ParsedForward {
  const next = message.body?.next;
  if (typeof next !== 'string' || next.length === 0) {
    throw new DidcommError('ERR_FORWARD_INVALID', 'the forward has no "body.next"', { requirement: 'ROUTE-002' });
  }
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) {
    throw new DidcommError('ERR_FORWARD_INVALID', 'the forward carries no attached message', { requirement: 'ROUTE-003' });
  }
  const [first, ...rest] = attachments.map(readAttachment);
  return { next, messages: [first!, ...rest] };
}

function readAttachment(attachment: NonNullable<PlaintextMessage['attachments']>[number]): ForwardedMessage {
  if (isJsonObject(attachment.data.json)) return { attached: JSON.stringify(attachment.data.json), encoding: 'json' };
  if (typeof attachment.data.base64 === 'string') {
    const text = decodeBase64url(attachment.data.base64, 'the forwarded attachment', { lenient: true, requirement: 'ROUTE-003' }).toString('utf8');
    parseJsonObject(text, 'the forwarded attachment');
    return { attached: text, encoding: 'base64' };
  }
  throw new DidcommError('ERR_FORWARD_INVALID', 'the forwarded attachment is neither data.json nor data.base64', { requirement: 'ROUTE-003' });
}
