/**
 * BasicMessage 2.0 (protocols/basicmessage/2.0, PROTO-BM-001..002): one `message` with `body.content`,
 * `created_time` included, `lang` recommended. Its shape is src/schema/protocols/basicmessage/2.0.
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { buildMessage, type MessageHeaders } from '../message.js';
import { currentTime } from '../../clock.js';

export const BASICMESSAGE_PIURI = 'https://didcomm.org/basicmessage/2.0';
export const BASIC_MESSAGE = `${BASICMESSAGE_PIURI}/message`;

/** A basic message with `content`, `created_time` (PROTO-BM-002) and `lang`. */
export function buildBasicMessage(content: string, headers: MessageHeaders = {}, now: number = currentTime()): PlaintextMessage {
  return buildMessage(BASIC_MESSAGE, { content }, { lang: 'en', created_time: now, ...headers });
}
