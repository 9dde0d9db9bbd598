/**
 * Out-of-band 2.0 (spec §9.5 out_of_band.md, PROTO-OOB-001..008): invitations, their URL form
 * `?_oob=<base64url(JSON)>`, and the reply rule (`pthid` = invitation id).
 * @module
 */
import type { Attachment, PlaintextMessage } from '../../types.js';
import { buildMessage, type Finding, type MessageHeaders } from '../message.js';

export const OUT_OF_BAND_PIURI = 'https://didcomm.org/out-of-band/2.0';
export const INVITATION = `${OUT_OF_BAND_PIURI}/invitation`;

export interface InvitationBody {
  goal_code?: string;
  goal?: string;
  accept?: string[];
}

/** An invitation from `from` (PROTO-OOB-001), optionally with request attachments in preference order. */
export function buildInvitation(from: string, body: InvitationBody = {}, attachments: Attachment[] = [], headers: MessageHeaders = {}): PlaintextMessage {
  return buildMessage(INVITATION, { accept: ['didcomm/v2'], ...body }, { from, ...headers, ...(attachments.length ? { attachments } : {}) });
}

/** The URL form (PROTO-OOB-003): `base` with `_oob` = unpadded base64url of the JSON, no whitespace. */
export function invitationUrl(invitation: PlaintextMessage, base = 'https://example.org/oob'): string {
  const url = new URL(base);
  url.searchParams.set('_oob', Buffer.from(JSON.stringify(invitation)).toString('base64url'));
  return url.toString();
}

/** Reads an invitation URL: `_oob` padded or not, base64url or base64 (PROTO-OOB-003). */
export function parseInvitationUrl(text: string): PlaintextMessage {
  const url = new URL(text);
  const oob = url.searchParams.get('_oob');
  if (oob === null) throw new TypeError('the URL has no _oob parameter (PROTO-OOB-003)');
  const json = Buffer.from(oob.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'), 'base64url').toString('utf8');
  const value = JSON.parse(json) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('_oob is not a JSON object');
  return value as PlaintextMessage;
}

/** Rules the first reply to `invitation` breaks (PROTO-OOB-002: `pthid` = invitation id, not `thid`). */
export function validateInvitationReply(reply: PlaintextMessage, invitation: PlaintextMessage): Finding[] {
  if (reply.pthid === invitation.id) return [];
  const hint = reply.thid === invitation.id ? ' (it used "thid")' : '';
  return [{ requirement: 'PROTO-OOB-002', message: `"pthid" is ${JSON.stringify(reply.pthid)}, expected the invitation id ${JSON.stringify(invitation.id)}${hint}` }];
}

/** The request messages attached to an invitation, in its order of preference (JSON or base64 data, PROTO-OOB-001). */
export function attachedMessages(invitation: PlaintextMessage): PlaintextMessage[] {
  const messages: PlaintextMessage[] = [];
  for (const attachment of invitation.attachments ?? []) {
    let value: unknown = attachment.data?.json;
    if (value === undefined && typeof attachment.data?.base64 === 'string') {
      try {
        value = JSON.parse(Buffer.from(attachment.data.base64, 'base64url').toString('utf8'));
      } catch {
        continue;
      }
    }
    if (typeof value === 'object' && value !== null && typeof (value as PlaintextMessage).type === 'string' && typeof (value as PlaintextMessage).id === 'string') messages.push(value as PlaintextMessage);
  }
  return messages;
}

/** An attachment holding `message` as JSON, with `media_type` (the 2.0 name, not `mime_type`: PROTO-OOB-008). */
export function requestAttachment(id: string, message: PlaintextMessage): Attachment {
  return { id, media_type: 'application/json', data: { json: message } };
}

/**
 * Follows a short invitation URL `?_oobid=` (PROTO-OOB-005): one HTTP GET, redirects not followed; the answer
 * is a redirect to the `_oob` URL, or a body holding that URL or the invitation JSON (the format is unspecified,
 * AMB-14, so each is taken).
 */
export async function fetchShortInvitation(shortUrl: string): Promise<PlaintextMessage> {
  const response = await fetch(shortUrl, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) return parseInvitationUrl(new URL(location, shortUrl).toString());
  if (!response.ok) throw new TypeError(`GET ${shortUrl} answered ${response.status} (PROTO-OOB-005)`);
  const text = (await response.text()).trim();
  if (text.startsWith('{')) return JSON.parse(text) as PlaintextMessage;
  const url = /https?:\/\/\S*[?&]_oob=[^\s"'<>]+/.exec(text)?.[0];
  if (!url) throw new TypeError(`GET ${shortUrl} gave neither a redirect, an _oob URL nor an invitation (PROTO-OOB-005)`);
  return parseInvitationUrl(url);
}
