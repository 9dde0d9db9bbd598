/**
 * Envelope bugs seen in real senders (issue 22, PITFALLS 1, 2, 9, 18, 22), one per faux adapter: the reference
 * packer, except that each JWE it emits — from `pack` and from its live agent — carries one deliberate bug.
 * Each entry names the requirement the harness must fail it under and the cases that must catch it
 * (adapters/faux/envelope/envelope-bugs.test.ts runs them). The bugs are of our own design, not copies of
 * the examples in the issue alone.
 * @module
 */
import { createHash } from 'node:crypto';
import { packMessage } from '../../../src/didcomm/envelope/pack.js';
import { encryptJwe, type EncryptJweInput } from '../../../src/didcomm/encrypted/encrypt.js';
import { curveOfJwk, isKeyAgreementCurve } from '../../../src/crypto/curves.js';
import { resolveKey } from '../../../src/did/document.js';
import type { ContentEncryption, KeyAgreementCurve, KeyContext, PackOptions, PlaintextMessage } from '../../../src/didcomm/types.js';
import type { RequirementId } from '../../../src/spec/requirements.js';

/** One bug: what it does to a JWE, the rule it breaks, and cases that must fail (or warn) under that rule. */
export interface EnvelopeBug {
  name: string;
  what: string;
  requirement: RequirementId;
  /** Cases that must end failed (or `warning` for a SHOULD) under `requirement`, or under the rule given with the id. */
  caughtBy: ReadonlyArray<string | readonly [string, RequirementId]>;
  /** Cases that pass although the agent has the bug: they show why the new cases were needed. */
  missedBy?: readonly string[];
  /** Re-encrypts: given the plaintext's encryption input, returns the changed input (or the final text). */
  rewrite: (input: EncryptJweInput, mode: 'anoncrypt' | 'authcrypt') => EncryptJweInput;
  /** Post-processes the JWE text. */
  after?: (jwe: string) => string;
  /** The media type `pack` reports and the live agent sends as Content-Type. */
  mediaType?: string;
}

const sha = (kids: readonly string[]): string => createHash('sha256').update(kids.join('.')).digest('base64url');
const withApv = (input: EncryptJweInput, apv: string): EncryptJweInput => ({ ...input, tweak: { ...input.tweak, header: { ...input.tweak?.header, apv } } });

export const ENVELOPE_BUGS: readonly EnvelopeBug[] = [
  {
    name: 'apv-document-order', what: '"apv" hashes the kids in the order the recipient\'s document lists them', requirement: 'ENC-JWE-009',
    caughtBy: ['envelope.sender.anoncrypt-to-keys-out-of-order', 'envelope.sender.authcrypt-to-kid-orders-differ', 'envelope.sender.anoncrypt-to-numeric-kids'],
    missedBy: ['envelope.sender.one-key-type-per-jwe'],
    rewrite: (input) => withApv(input, sha(input.recipients.map((r) => r.kid))),
  },
  {
    name: 'apv-locale-order', what: '"apv" hashes the kids sorted with localeCompare', requirement: 'ENC-JWE-009',
    caughtBy: ['envelope.sender.anoncrypt-to-kid-orders-differ', 'envelope.sender.authcrypt-to-kid-orders-differ'],
    missedBy: ['envelope.sender.one-key-type-per-jwe', 'envelope.sender.anoncrypt-to-keys-out-of-order'],
    rewrite: (input) => withApv(input, sha(input.recipients.map((r) => r.kid).sort((a, b) => a.localeCompare(b)))),
  },
  {
    name: 'flattened-one-key', what: 'a JWE for one recipient key is written in Flattened JSON serialization', requirement: 'ENC-JWE-004',
    caughtBy: ['envelope.sender.anoncrypt-to-one-key', 'envelope.sender.authcrypt-to-one-key', 'envelope.sender.anoncrypt-to-did-peer2', 'protocols.sender.basicmessage'],
    missedBy: ['envelope.sender.one-key-type-per-jwe'],
    rewrite: (input) => input,
    after: (text) => {
      const jwe = JSON.parse(text) as { recipients: Array<{ header: unknown; encrypted_key: string }>; [member: string]: unknown };
      if (jwe.recipients.length !== 1) return text;
      const { recipients: [only], ...rest } = jwe;
      return JSON.stringify({ ...rest, header: only!.header, encrypted_key: only!.encrypted_key });
    },
  },
  {
    name: 'first-key-only', what: 'encrypts for the first keyAgreement key of the curve only', requirement: 'ENC-JWE-005',
    caughtBy: ['envelope.sender.anoncrypt-to-keys-out-of-order', 'envelope.sender.anoncrypt-to-p384-keys'],
    rewrite: (input) => ({ ...input, recipients: input.recipients.slice(0, 1) }),
  },
  {
    name: '1pu-without-tag', what: 'the authcrypt KEK is derived without the content tag (ECDH-1PU draft 3)', requirement: 'ENC-AUTH-003',
    caughtBy: ['envelope.sender.authcrypt-to-one-key', 'envelope.sender.authcrypt-to-p384-keys', 'protocols.sender.basicmessage'],
    missedBy: ['envelope.sender.authcrypt-or-anoncrypt'],
    rewrite: (input, mode) => (mode === 'authcrypt' ? { ...input, tweak: { ...input.tweak, kdf: 'omit-tag' } } : input),
  },
  {
    name: 'authcrypt-gcm', what: 'authcrypt content is encrypted with A256GCM', requirement: 'ENC-AUTH-002',
    caughtBy: ['envelope.sender.authcrypt-to-keys-out-of-order', 'envelope.sender.authcrypt-to-one-key', 'protocols.sender.basicmessage'],
    rewrite: (input, mode) => (mode === 'authcrypt' ? { ...input, enc: 'A256GCM' } : input),
  },
  {
    name: 'plain-json-content-type', what: 'reports its JWEs as application/json and sends them with that Content-Type', requirement: 'TRANS-002',
    // What `pack` reports is the layer's media type (ENV-MT-004); on the wire it is the Content-Type (TRANS-002).
    caughtBy: [['envelope.sender.anoncrypt-to-one-key', 'ENV-MT-004'], ['envelope.sender.authcrypt-to-p384-keys', 'ENV-MT-004'], 'protocols.sender.basicmessage'],
    rewrite: (input) => input, mediaType: 'application/json',
  },
];

export function envelopeBug(name: string): EnvelopeBug | undefined {
  return ENVELOPE_BUGS.find((b) => b.name === name);
}

/** `packMessage` with `bug`: a plain anoncrypt or authcrypt is rebuilt with the bug; other stacks are packed as is. */
export function buggyPacker(bug: EnvelopeBug): typeof packMessage {
  return async (message: PlaintextMessage, options: PackOptions, ctx: KeyContext) => {
    const honest = await packMessage(message, options, ctx);
    const mode = options.mode;
    if ((mode !== 'anoncrypt' && mode !== 'authcrypt') || options.signBy || options.protectSender || options.forward?.routingKeys.length) {
      return bug.mediaType ? { ...honest, mediaType: bug.mediaType } : honest;
    }
    const recipients = await Promise.all(honest.recipientKids.map((kid) => resolveKey(ctx.resolver, kid, 'keyAgreement')));
    const curve = curveOfJwk(recipients[0]!.publicJwk);
    if (!isKeyAgreementCurve(curve)) return honest;
    const sender = honest.senderKid ? ctx.secrets.find(honest.senderKid) : undefined;
    const input: EncryptJweInput = {
      payload: Buffer.from(JSON.stringify(message)),
      enc: (options.enc ?? 'A256CBC-HS512') as ContentEncryption,
      curve: curve as KeyAgreementCurve,
      recipients,
      ...(sender ? { sender: { kid: sender.kid, privateKey: sender.privateKey } } : {}),
    };
    const text = encryptJwe(bug.rewrite(input, mode));
    return { ...honest, packed: bug.after ? bug.after(text) : text, ...(bug.mediaType ? { mediaType: bug.mediaType } : {}) };
  };
}
