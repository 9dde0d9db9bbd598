/**
 * Concat KDF (NIST SP 800-56A §5.8.1, single-step, SHA-256) as JOSE uses it (RFC 7518 §4.6.2), extended with
 * the ECDH-1PU key-wrap tag (draft-madden-jose-ecdh-1pu-04 §2.3): ENC-KDF-003, ENC-KDF-004.
 * @module
 */
import { hash } from 'node:crypto';

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

/** Derives `keyBits` of key material (the KEK for A256KW). */
export function concatKdf(input: ConcatKdfInput): Buffer {
  const tagPrefix = input.tag && !input.unprefixedTag ? 4 : 0;
  // counter ‖ Z ‖ OtherInfo laid out once, so that each round is one native hash call (one round for 256 bits);
  // AlgorithmID is written in as 'ascii' (one byte per character), without a Buffer of its own.
  const size = 4 + input.z.length + 4 + input.algorithm.length + 4 + input.apu.length + 4 + input.apv.length + 4
    + (input.tag ? tagPrefix + input.tag.length : 0);
  const block = Buffer.allocUnsafe(size);
  block.set(input.z, 4);
  let at = block.writeUInt32BE(input.algorithm.length, 4 + input.z.length);
  at += block.write(input.algorithm, at, 'ascii');
  at = putLengthPrefixed(block, at, input.apu);
  at = putLengthPrefixed(block, at, input.apv);
  at = block.writeUInt32BE(input.keyBits, at);
  if (input.tag) {
    if (tagPrefix) putLengthPrefixed(block, at, input.tag);
    else block.set(input.tag, at);
  }
  const keyBytes = input.keyBits / 8;
  const rounds = Math.ceil(keyBytes / 32);
  if (rounds === 1) {
    block.writeUInt32BE(1, 0);
    return hash('sha256', block, 'buffer').subarray(0, keyBytes);
  }
  const blocks: Buffer[] = [];
  for (let counter = 1; counter <= rounds; counter++) {
    block.writeUInt32BE(counter, 0);
    blocks.push(hash('sha256', block, 'buffer'));
  }
  return Buffer.concat(blocks).subarray(0, keyBytes);
}

function putLengthPrefixed(block: Buffer, at: number, bytes: Uint8Array): number {
  const end = block.writeUInt32BE(bytes.length, at);
  block.set(bytes, end);
  return end + bytes.length;
}
