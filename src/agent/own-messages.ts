/**
 * The reference agent holds itself to the protocol schemas it judges others by: every message it is about to
 * send is checked first, and one that breaks its schema is a harness bug (an Error, so the case ends
 * `errored`, never `failed`). Suites that send a malformed message on purpose say so (`SendOptions.malformed`).
 * @module
 */
import type { PlaintextMessage } from '../didcomm/types.js';
import { checkProtocolMessage, describeViolation } from '../schema/protocol-messages.js';

/** The reference agent built a message that breaks its protocol schema. */
export class ReferenceDrift extends Error {
  override readonly name = 'ReferenceDrift';
}

/** Throws `ReferenceDrift` unless `message` conforms to the schema of its type (when it has one). */
export function assertOwnMessage(message: PlaintextMessage): void {
  const violations = checkProtocolMessage(message)?.violations ?? [];
  if (violations.length > 0) {
    throw new ReferenceDrift(`the reference agent built a ${message.type} that breaks its schema: ${violations.map(describeViolation).join('; ')}`);
  }
}
