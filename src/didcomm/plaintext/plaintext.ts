/**
 * Checks of a DIDComm plaintext message's headers as a receiver sees them (ENV-PLAIN-*, THR-001), for
 * DIDComm v2.1 or v2.0 (`body` required in 2.0, ENV-PLAIN-015).
 * @module
 */
import { isDid, parseDidUrl } from '../../did/document.js';
import { isJsonObject } from '../../encoding/json.js';
import { isMediaType, MEDIA_TYPES } from '../../spec/media-types.js';
import type { PlaintextMessage } from '../types.js';
import { checkAttachments } from './attachments.js';
import { isUnreservedIdentifier } from './identifiers.js';
import { hard, soft, warn, type RuleContext } from './rules.js';

/** The message-type URI grammar (PIURI-002): doc-uri, protocol name, semver, message name. */
export const MTURI = /^(.*?)([a-z0-9._-]+)\/(\d[^/]*)\/([a-z0-9._-]+)$/;

export type SpecVersion = '2.0' | '2.1';

export interface PlaintextCheckContext extends RuleContext {
  specVersion: SpecVersion;
}

function checkIdentifier(name: 'id' | 'thid' | 'pthid', value: unknown, ctx: PlaintextCheckContext): void {
  if (typeof value !== 'string' || value.length === 0) {
    hard('ERR_PLAINTEXT_INVALID', `"${name}" is not a non-empty string`, name === 'id' ? 'ENV-PLAIN-001' : 'THR-001');
  }
  if (!isUnreservedIdentifier(value)) soft(ctx, 'ERR_PLAINTEXT_INVALID', `"${name}" uses characters outside the unreserved URI set`, 'ENV-PLAIN-003');
  // The spec says both "<= 32 bytes" and "UUIDs recommended" (36 characters): a warning, never a rejection.
  if (Buffer.byteLength(value as string) > 32) warn(ctx, `"${name}" is longer than 32 bytes`, 'LIM-001');
}

function isTimestamp(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks `value` as a plaintext message; returns it typed. Warnings go to `ctx.warnings`. */
export function checkPlaintext(value: unknown, ctx: PlaintextCheckContext): PlaintextMessage {
  if (!isJsonObject(value)) hard('ERR_PLAINTEXT_INVALID', 'the plaintext is not a JSON object', 'ENV-MT-006');
  const message = value as Record<string, unknown>;
  // §7.1: a message without `id` SHOULD be rejected (ENV-PLAIN-002); the reference does, in both modes.
  if (message.id === undefined) hard('ERR_PLAINTEXT_INVALID', 'the message has no "id"', 'ENV-PLAIN-002');
  checkIdentifier('id', message.id, ctx);
  if (typeof message.type !== 'string' || message.type.length === 0) hard('ERR_PLAINTEXT_INVALID', 'the message has no "type" string', 'ENV-PLAIN-005');
  if (!MTURI.test(message.type as string)) soft(ctx, 'ERR_PLAINTEXT_INVALID', `"type" ${JSON.stringify(message.type)} is not a message type URI`, 'PIURI-002');
  if (message.typ !== undefined && !isMediaType(message.typ, MEDIA_TYPES.plaintext)) {
    soft(ctx, 'ERR_MEDIA_TYPE', `plaintext "typ" ${JSON.stringify(message.typ)} is not ${MEDIA_TYPES.plaintext}`, 'ENV-MT-001');
  }
  if (message.to !== undefined) {
    if (!Array.isArray(message.to) || !message.to.every((entry) => typeof entry === 'string')) {
      hard('ERR_PLAINTEXT_INVALID', '"to" is not an array of strings', 'ENV-PLAIN-006');
    }
    for (const entry of message.to as string[]) {
      const url = parseDidUrl(entry);
      if (!url) hard('ERR_PLAINTEXT_INVALID', `"to" entry ${JSON.stringify(entry)} is not a DID`, 'ENV-PLAIN-006');
      else if (url.fragment !== undefined) soft(ctx, 'ERR_PLAINTEXT_INVALID', `"to" entry ${entry} has a fragment`, 'ENV-PLAIN-006');
    }
  }
  if (message.from !== undefined) {
    if (typeof message.from !== 'string') hard('ERR_PLAINTEXT_INVALID', '"from" is not a string', 'ENV-PLAIN-007');
    const url = parseDidUrl(message.from as string);
    if (!url) hard('ERR_PLAINTEXT_INVALID', `"from" ${JSON.stringify(message.from)} is not a DID`, 'ENV-PLAIN-007');
    else if (url.fragment !== undefined || !isDid(url.did)) soft(ctx, 'ERR_PLAINTEXT_INVALID', `"from" ${String(message.from)} has a fragment`, 'ENV-PLAIN-007');
  }
  for (const name of ['thid', 'pthid'] as const) if (message[name] !== undefined) checkIdentifier(name, message[name], ctx);
  for (const name of ['created_time', 'expires_time'] as const) {
    if (message[name] !== undefined && !isTimestamp(message[name])) {
      soft(ctx, 'ERR_PLAINTEXT_INVALID', `"${name}" is not an integer of epoch seconds`, 'ENV-PLAIN-014');
    }
  }
  if (message.body === undefined) {
    if (ctx.specVersion === '2.0') hard('ERR_PLAINTEXT_INVALID', 'DIDComm v2.0 requires "body", even if empty', 'ENV-PLAIN-015');
  } else if (!isJsonObject(message.body)) {
    soft(ctx, 'ERR_PLAINTEXT_INVALID', '"body" is not a JSON object', 'ENV-PLAIN-015');
  }
  if (message.attachments !== undefined) checkAttachments(message.attachments, ctx);
  if (message.from_prior !== undefined && typeof message.from_prior !== 'string') {
    hard('ERR_FROM_PRIOR_INVALID', '"from_prior" is not a compact JWT string', 'ROT-002');
  }
  return message as PlaintextMessage;
}
