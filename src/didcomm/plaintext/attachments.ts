/**
 * Attachment checks (ENV-ATT-001..007): each is an object whose `data` holds at least one of `jws`, `hash`,
 * `links`, `base64`, `json`; `links` need a `hash`; `id` uses unreserved URI characters only.
 * @module
 */
import { decodeBase64url } from '../../encoding/base64url.js';
import { isJsonObject } from '../../encoding/json.js';
import { isUnreservedIdentifier } from './identifiers.js';
import { hard, soft, type RuleContext } from './rules.js';

const DATA_MEMBERS = ['jws', 'hash', 'links', 'base64', 'json'] as const;

export function checkAttachments(value: unknown, ctx: RuleContext): void {
  if (!Array.isArray(value)) hard('ERR_ATTACHMENT_INVALID', '"attachments" is not an array', 'ENV-PLAIN-016');
  (value as unknown[]).forEach((attachment, i) => {
    const where = `attachments[${i}]`;
    if (!isJsonObject(attachment)) hard('ERR_ATTACHMENT_INVALID', `${where} is not an object`, 'ENV-ATT-001');
    const { id, data } = attachment as Record<string, unknown>;
    if (id !== undefined) {
      if (typeof id !== 'string') hard('ERR_ATTACHMENT_INVALID', `${where}.id is not a string`, 'ENV-ATT-002');
      if (!isUnreservedIdentifier(id)) soft(ctx, 'ERR_ATTACHMENT_INVALID', `${where}.id uses characters outside the unreserved URI set`, 'ENV-ATT-002');
    }
    if (!isJsonObject(data)) hard('ERR_ATTACHMENT_INVALID', `${where}.data is not an object`, 'ENV-ATT-004');
    const d = data as Record<string, unknown>;
    if (!DATA_MEMBERS.some((member) => d[member] !== undefined && d[member] !== null)) {
      hard('ERR_ATTACHMENT_INVALID', `${where}.data holds none of ${DATA_MEMBERS.join(', ')}`, 'ENV-ATT-004');
    }
    if (d.links !== undefined) {
      if (!Array.isArray(d.links) || !d.links.every((link) => typeof link === 'string')) {
        hard('ERR_ATTACHMENT_INVALID', `${where}.data.links is not an array of strings`, 'ENV-ATT-005');
      }
      if (typeof d.hash !== 'string') hard('ERR_ATTACHMENT_INVALID', `${where}.data.links comes without a "hash"`, 'ENV-ATT-005');
    }
    if (d.hash !== undefined && typeof d.hash !== 'string') hard('ERR_ATTACHMENT_INVALID', `${where}.data.hash is not a string`, 'ENV-ATT-005');
    // base64 is base64url; padded values are accepted (ENV-ATT-006).
    if (d.base64 !== undefined) decodeBase64url(d.base64, `${where}.data.base64`, { lenient: true, requirement: 'ENV-ATT-006' });
  });
}
