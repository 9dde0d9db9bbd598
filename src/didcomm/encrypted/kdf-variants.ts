/**
 * Recognising a sender's known-wrong key derivation: when the CEK does not unwrap under the spec's KDF, the
 * reference tries the variants implementations have shipped (PITFALLS 1, AMB-02, AMB-03). One that unwraps
 * (AES-KW carries its own integrity check) names the rule the sender broke instead of "could not be decrypted".
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { aesKeyUnwrap } from '../../crypto/aes-kw.js';
import { recipientKek, type KdfQuirk, type KekInput } from '../../crypto/key-agreement.js';
import { DidcommError } from '../../errors/didcomm-error.js';

interface Variant {
  quirk: KdfQuirk;
  applies: KekInput['alg'];
  error: () => DidcommError;
}

const VARIANTS: readonly Variant[] = [
  {
    quirk: 'omit-tag', applies: 'ECDH-1PU+A256KW',
    // ENC-AUTH-003: the content tag is an input to the 1PU KEK derivation; draft-03 of ECDH-1PU left it out.
    error: () => new DidcommError('ERR_DECRYPTION_FAILED', 'the sender derived the authcrypt KEK without the content tag (ECDH-1PU draft 3, PITFALLS 1): the tag must enter the KDF', { requirement: 'ENC-AUTH-003' }),
  },
  {
    quirk: 'unprefixed-tag', applies: 'ECDH-1PU+A256KW',
    // ENC-AUTH-001: ECDH-1PU draft 4 appends the tag to SuppPubInfo with its 32-bit length (AMB-02).
    error: () => new DidcommError('ERR_DECRYPTION_FAILED', 'the sender fed the content tag to the 1PU KDF without its length prefix (AMB-02); ECDH-1PU draft 4 prefixes it', { requirement: 'ENC-AUTH-001' }),
  },
  {
    quirk: 'tag-in-es', applies: 'ECDH-ES+A256KW',
    // AMB-03: the spec's sentence is a copy from 1PU; no MUST decides it, so the opaque failure's INFO id stays.
    error: () => new DidcommError('ERR_DECRYPTION_FAILED', 'the sender fed the content tag to the ECDH-ES KDF (AMB-03: RFC 7518 ECDH-ES has no tag in its KDF)', { requirement: 'ENC-KDF-005' }),
  },
];

/** The named error of the first known KDF variant under which `encryptedKey` unwraps, if any. */
export function recogniseKdfVariant(input: KekInput, encryptedKey: Uint8Array, recipient: KeyObject, epk: KeyObject, sender?: KeyObject): DidcommError | undefined {
  for (const variant of VARIANTS) {
    if (variant.applies !== input.alg) continue;
    try {
      aesKeyUnwrap(recipientKek({ ...input, quirk: variant.quirk }, recipient, epk, sender), encryptedKey);
      return variant.error();
    } catch {
      // Not this variant.
    }
  }
  return undefined;
}
