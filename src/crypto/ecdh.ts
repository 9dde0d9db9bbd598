/**
 * Elliptic-curve Diffie-Hellman with node's native implementation (X25519 and the NIST curves).
 * @module
 */
import { diffieHellman, type KeyObject } from 'node:crypto';
import { DidcommError } from '../errors/didcomm-error.js';

/**
 * The shared secret Z of `privateKey` and `publicKey`. An all-zero X25519 result (a small-order public key)
 * is refused (ENC-JWE-011, INFO part), as are keys on different curves.
 */
export function ecdhSharedSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  let z: Buffer;
  try {
    z = diffieHellman({ privateKey, publicKey });
  } catch (cause) {
    throw new DidcommError('ERR_EPK_INVALID', 'key agreement failed: the public key is not usable with this private key (curve mismatch or invalid point)', { requirement: 'ENC-JWE-011', cause });
  }
  if (isAllZero(z)) {
    throw new DidcommError('ERR_EPK_INVALID', 'key agreement produced an all-zero shared secret (small-order public key)', { requirement: 'ENC-JWE-011' });
  }
  return z;
}

/** True when every byte of `z` is zero (read whole, without a Buffer to compare with per call). */
function isAllZero(z: Uint8Array): boolean {
  let bits = 0;
  for (let i = 0; i < z.length; i++) bits |= z[i]!;
  return bits === 0;
}
