/**
 * The sha2-256 multihash, base58btc multibase encoded, that did:peer numalgo 3 and 4 use as their
 * numeric basis (PEER-004).
 * @module
 */
import { createHash } from 'node:crypto';
import { encodeBase58btcMultibase } from '../multikey.js';

/** Multihash prefix of sha2-256: code 0x12, digest length 0x20. */
const SHA2_256_MULTIHASH = Uint8Array.of(0x12, 0x20);

/** `z` + base58btc(0x12 0x20 ‖ SHA-256(UTF-8 of `text`)). */
export function sha256Multihash(text: string): string {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  return encodeBase58btcMultibase(new Uint8Array([...SHA2_256_MULTIHASH, ...digest]));
}
