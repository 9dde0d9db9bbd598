/**
 * BasicMessage 2.0 (protocols/basicmessage/2.0, PROTO-BM-001..002): one `message` with `body.content`,
 * `created_time` included, `lang` recommended.
 * @module
 */
import type { PlaintextMessage } from '../../types.js';
import { bodyOf, buildMessage, checkEpochSeconds, checkType, type Finding, type MessageHeaders } from '../message.js';
import { currentTime } from '../../clock.js';

export const BASICMESSAGE_PIURI = 'https://didcomm.org/basicmessage/2.0';
export const BASIC_MESSAGE = `${BASICMESSAGE_PIURI}/message`;

/** A basic message with `content`, `created_time` (PROTO-BM-002) and `lang`. */
export function buildBasicMessage(content: string, headers: MessageHeaders = {}, now: number = currentTime()): PlaintextMessage {
  return buildMessage(BASIC_MESSAGE, { content }, { lang: 'en', created_time: now, ...headers });
}

/** Rules a basic message breaks; `lang` missing is a SHOULD and comes back under `should`. */
export function validateBasicMessage(message: PlaintextMessage): { findings: Finding[]; should: Finding[] } {
  const findings = checkType(message, BASIC_MESSAGE, 'PROTO-BM-001');
  if (typeof bodyOf(message)['content'] !== 'string') findings.push({ requirement: 'PROTO-BM-001', message: '"body.content" is not a string' });
  if (message.created_time === undefined) findings.push({ requirement: 'PROTO-BM-002', message: '"created_time" must be included' });
  else findings.push(...checkEpochSeconds(message.created_time, 'created_time', 'PROTO-BM-002'));
  const should: Finding[] = typeof message['lang'] === 'string' ? [] : [{ requirement: 'PROTO-BM-002', message: 'no "lang"' }];
  return { findings, should };
}
