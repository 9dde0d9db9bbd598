/**
 * Limits a receiver applies before it spends work on hostile input. DIDComm sets no size limit of its own
 * (LIM-002; an agent may announce `max_receive_bytes`, TRANS-010), so these are the reference's defaults,
 * each configurable through `UnpackOptions.limits`, and each breach is `ERR_LIMIT_EXCEEDED` naming the limit.
 * @module
 */
import { DidcommError } from '../errors/didcomm-error.js';
import type { PlaintextMessage } from './types.js';

export interface UnpackLimits {
  /** Size of the packed message in bytes (UTF-8). */
  maxMessageBytes: number;
  /** Nesting of JSON arrays and objects in any layer's text. */
  maxJsonDepth: number;
  /** Envelope layers opened in total, forwards included. */
  maxLayers: number;
  /** Forwards unwrapped (a re-wrapped forward addressed to this party, ROUTE-010). */
  maxForwards: number;
  /** Recipients of one JWE. */
  maxRecipients: number;
  /** Size of one attachment's content (decoded `base64`, or the `json` text). */
  maxAttachmentBytes: number;
}

export const DEFAULT_LIMITS: Readonly<UnpackLimits> = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxJsonDepth: 32,
  maxLayers: 8,
  maxForwards: 4,
  maxRecipients: 100,
  maxAttachmentBytes: 2 * 1024 * 1024,
};

export function resolveLimits(overrides: Partial<UnpackLimits> = {}): UnpackLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`limits.${name} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}

export function exceeded(limit: keyof UnpackLimits, what: string, actual: number, max: number): DidcommError {
  return new DidcommError('ERR_LIMIT_EXCEEDED', `${what} is ${actual}, over the limit of ${max} (limits.${limit})`, { requirement: 'LIM-002' });
}

/** Refuses text whose JSON nesting is deeper than `max`, without parsing it (a scan that skips strings). */
export function checkJsonDepth(text: string, max: number): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump to the closing quote: one an even number of backslashes precedes. Strings are most of a JWE's
      // text (base64url), so this keeps the scan to the structure.
      let end = text.indexOf('"', i + 1);
      while (end !== -1) {
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) return; // an unterminated string: JSON.parse will refuse it
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) throw exceeded('maxJsonDepth', 'the JSON nesting depth', depth, max);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Refuses attachments whose content is larger than the limit. */
export function checkAttachmentSizes(message: PlaintextMessage, limits: UnpackLimits): void {
  for (const [i, attachment] of (message.attachments ?? []).entries()) {
    const data = attachment?.data;
    if (!data) continue;
    const size = typeof data.base64 === 'string' ? Math.floor((data.base64.length * 3) / 4)
      : data.json !== undefined ? JSON.stringify(data.json).length : 0;
    if (size > limits.maxAttachmentBytes) throw exceeded('maxAttachmentBytes', `attachments[${i}] content size`, size, limits.maxAttachmentBytes);
  }
}
