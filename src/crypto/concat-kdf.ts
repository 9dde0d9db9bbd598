/**
 * Concat KDF (NIST SP 800-56A §5.8.1, single-step, SHA-256) as JOSE uses it (RFC 7518 §4.6.2), extended with
 * the ECDH-1PU key-wrap tag (draft-madden-jose-ecdh-1pu-04 §2.3): ENC-KDF-003, ENC-KDF-004.
 * @module
 */
import { createHash } from 'node:crypto';

export interface ConcatKdfInput {
  /** The shared secret: Ze for ECDH-ES, Ze‖Zs for ECDH-1PU (ENC-KDF-001/002). */
  z: Uint8Array;
  /** AlgorithmID: the `alg` header value (ENC-KDF-003). */
  algorithm: string;
  /** PartyUInfo: the base64url-decoded `apu` (empty for ECDH-ES). */
  apu: Uint8Array;
  /** PartyVInfo: the base64url-decoded `apv`. */
  apv: Uint8Array;
  /** Key length in bits; 256 for A256KW. */
  keyBits: number;
  /** ECDH-1PU only: the content authentication tag, appended length-prefixed to SuppPubInfo (ENC-KDF-004, AMB-02). */
  tag?: Uint8Array;
  /** Feed `tag` without its length prefix: a known interop bug (AMB-02), only for building negative vectors. */
  unprefixedTag?: boolean;
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

function lengthPrefixed(bytes: Uint8Array): Buffer[] {
  return [uint32(bytes.length), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)];
}

/** Derives `keyBits` of key material (the KEK for A256KW). */
export function concatKdf(input: ConcatKdfInput): Buffer {
  const otherInfo = Buffer.concat([
    ...lengthPrefixed(Buffer.from(input.algorithm, 'ascii')),
    ...lengthPrefixed(input.apu),
    ...lengthPrefixed(input.apv),
    uint32(input.keyBits),
    ...(input.tag ? (input.unprefixedTag ? [Buffer.from(input.tag)] : lengthPrefixed(input.tag)) : []),
  ]);
  const keyBytes = input.keyBits / 8;
  const rounds = Math.ceil(keyBytes / 32);
  const blocks: Buffer[] = [];
  for (let counter = 1; counter <= rounds; counter++) {
    blocks.push(createHash('sha256').update(uint32(counter)).update(input.z).update(otherInfo).digest());
  }
  return Buffer.concat(blocks).subarray(0, keyBytes);
}
