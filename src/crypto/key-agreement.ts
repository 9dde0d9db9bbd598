/**
 * Key-encryption-key derivation for the two DIDComm key wraps: ECDH-ES+A256KW (anoncrypt, RFC 7518 §4.6)
 * and ECDH-1PU+A256KW (authcrypt, draft-madden-jose-ecdh-1pu-04 §2.3). ENC-KDF-001..004.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import type { KeyWrapAlgorithm } from '../didcomm/types.js';
import { concatKdf } from './concat-kdf.js';
import { ecdhSharedSecret } from './ecdh.js';

export interface KekInput {
  alg: KeyWrapAlgorithm;
  apu: Uint8Array;
  apv: Uint8Array;
  /** ECDH-1PU: the content tag, which enters the KDF (ENC-AUTH-003). Ignored for ECDH-ES (ENC-ANON-004). */
  tag?: Uint8Array;
  /**
   * Reproduce a known KDF interop bug, only for building negative vectors: 1PU without the tag (draft-03),
   * 1PU with the tag not length-prefixed (AMB-02), ES with the tag (AMB-03).
   */
  quirk?: KdfQuirk;
}

export type KdfQuirk = 'omit-tag' | 'unprefixed-tag' | 'tag-in-es';

/** Sender side: Ze = ECDH(ephemeral, recipient) and, for 1PU, Zs = ECDH(sender static, recipient). */
export function senderKek(input: KekInput, ephemeral: KeyObject, recipient: KeyObject, sender?: KeyObject): Buffer {
  const ze = ecdhSharedSecret(ephemeral, recipient);
  return derive(input, input.alg === 'ECDH-1PU+A256KW' ? Buffer.concat([ze, staticSecret(sender!, recipient)]) : ze);
}

/** Receiver side: Ze = ECDH(recipient, epk) and, for 1PU, Zs = ECDH(recipient, sender static). */
export function recipientKek(input: KekInput, recipient: KeyObject, epk: KeyObject, sender?: KeyObject): Buffer {
  const ze = ecdhSharedSecret(recipient, epk);
  return derive(input, input.alg === 'ECDH-1PU+A256KW' ? Buffer.concat([ze, staticSecret(recipient, sender!)]) : ze);
}

/**
 * ECDH-1PU's static term Zs: the same for every message between two static keys, so computed once per key
 * pair, as libsodium's crypto_box_beforenm does (issue 17 item 5: fewer native calls per message; authcrypt
 * then costs one ECDH per recipient, like anoncrypt). Keyed by the key objects (imports are cached by value,
 * src/crypto/curves.ts) and weakly on both, so a key that is dropped drops its secrets; a refused pair (small
 * order, curve mismatch) throws every time and is never kept.
 */
const staticSecrets = new WeakMap<KeyObject, WeakMap<KeyObject, Buffer>>();

function staticSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  let byPublic = staticSecrets.get(privateKey);
  if (!byPublic) staticSecrets.set(privateKey, byPublic = new WeakMap());
  let z = byPublic.get(publicKey);
  if (!z) byPublic.set(publicKey, z = ecdhSharedSecret(privateKey, publicKey));
  return z;
}

function derive(input: KekInput, z: Buffer): Buffer {
  return concatKdf({
    z,
    algorithm: input.alg,
    apu: input.apu,
    apv: input.apv,
    keyBits: 256,
    ...(tagInKdf(input) && input.tag ? { tag: input.tag, unprefixedTag: input.quirk === 'unprefixed-tag' } : {}),
  });
}

function tagInKdf(input: KekInput): boolean {
  return input.alg === 'ECDH-1PU+A256KW' ? input.quirk !== 'omit-tag' : input.quirk === 'tag-in-es';
}
