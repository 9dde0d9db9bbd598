/**
 * Receiver bugs of one layer or one curve (issue 22): the reference receiver, except that it skips one check
 * where a real implementation might — in the plaintext inside an encryption layer, on authcrypt only, for NIST
 * recipients only, for ES256 only. The vector that tests the same rule elsewhere still catches nothing; the
 * second, independent vector (src/vectors/generate/negatives-second-inputs.ts) does.
 * @module
 */
import type { RequirementId } from '../../../src/spec/requirements.js';
import type { UnpackResult } from '../../../src/adapter/protocol/v1/types.generated.js';

/** One skipped check: which refusals the faux receiver turns into acceptance, and the cases that must notice. */
export interface ReceiverBug {
  name: string;
  what: string;
  /** True when the reference's refusal of `packed` (under `requirement`) is the check this receiver skips. */
  skips: (packed: string, requirement: string | undefined) => boolean;
  /** Vector cases that must fail under their rule (the second input). */
  caughtBy: ReadonlyArray<readonly [string, RequirementId]>;
  /** Vector cases of the same rule that still pass (the first input alone would have missed the bug). */
  missedBy: readonly string[];
}

function outer(packed: string): Record<string, unknown> {
  try {
    return JSON.parse(packed) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function header(value: unknown): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const isJwe = (packed: string): boolean => typeof outer(packed)['ciphertext'] === 'string';
const vector = (topic: string, slug: string): string => `${topic}.receiver.vector.generated-negative-${slug}`;

export const RECEIVER_BUGS: readonly ReceiverBug[] = [
  {
    name: 'plaintext-unchecked-inside-encryption', what: 'checks plaintext headers only of bare plaintext messages, not of what it decrypts',
    skips: (packed, requirement) => isJwe(packed) && /^(ENV-PLAIN-|ENV-ATT-|THR-)/.test(requirement ?? ''),
    caughtBy: [[vector('attachments', 'env-att-002-id-not-string-in-authcrypt'), 'ENV-ATT-002'], [vector('media-types', 'env-plain-005-no-type-in-anoncrypt'), 'ENV-PLAIN-005']],
    missedBy: ['attachments.receiver.vector.sicpa-plaintext-invalid-plaintext-msg-attachments-wrong-id', 'media-types.receiver.vector.sicpa-plaintext-invalid-plaintext-msg-no-type'],
  },
  {
    name: 'typ-unchecked-on-authcrypt', what: 'checks the JWE "typ" of anoncrypt only',
    skips: (packed, requirement) => requirement === 'ENV-MT-004' && header(outer(packed)['protected'])['alg'] === 'ECDH-1PU+A256KW',
    caughtBy: [[vector('media-types', 'env-mt-004-authcrypt-wrong-typ'), 'ENV-MT-004']],
    missedBy: [vector('media-types', 'env-mt-004-jwe-wrong-typ')],
  },
  {
    name: 'jws-kid-conflict-unchecked-for-es256', what: 'checks that the JWS headers name one "kid" only for EdDSA signatures',
    skips: (packed, requirement) => requirement === 'JOSE-003' && !packed.includes('"EdDSA"') && ((outer(packed)['signatures'] as Array<{ protected?: string }> | undefined) ?? [])
      .some((s) => header(s.protected)['alg'] === 'ES256'),
    caughtBy: [[vector('anoncrypt', 'jose-003-es256-kid-conflict'), 'JOSE-003']],
    missedBy: [vector('anoncrypt', 'env-sign-005-kid-conflict')],
  },
];

export function receiverBug(name: string): ReceiverBug | undefined {
  return RECEIVER_BUGS.find((b) => b.name === name);
}

/** What the faux receiver returns for a message whose refusal it skipped: a plausible plaintext. */
export function acceptedAnyway(): UnpackResult {
  return {
    status: 'accepted',
    message: { id: 'faux-accepted', type: 'https://didcomm.org/basicmessage/2.0/message', body: {} },
    metadata: { encrypted: true, authenticated: false, nonRepudiation: false, anonymousSender: true },
  };
}
