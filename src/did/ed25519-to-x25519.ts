/**
 * The Edwards-to-Montgomery map from Ed25519 keys to X25519 keys (RFC 7748 §4.1 birational map), which
 * did:key (and so did:peer:0, PEER-001) uses to give an Ed25519 DID a `keyAgreement` key.
 * @module
 */
import { createRequire } from 'node:module';
import { DidcommError } from '../errors/didcomm-error.js';

// noble's ed25519 is loaded on first use, not at import: only did:key and did:peer:0 DIDs and identities made
// from an Ed25519 seed need the map, and every adapter and suite worker would otherwise parse it at start-up.
const requireHere = createRequire(import.meta.url);
const ed25519 = (): typeof import('@noble/curves/ed25519.js').ed25519 =>
  (requireHere('@noble/curves/ed25519.js') as typeof import('@noble/curves/ed25519.js')).ed25519;

/** The X25519 public key that corresponds to an Ed25519 public key; `ERR_KEY_FORMAT` for a non-point. */
export function x25519PublicKeyOfEd25519(ed25519PublicKey: Uint8Array): Uint8Array {
  // Loaded outside the try: only a non-point is ERR_KEY_FORMAT.
  const curve = ed25519();
  try {
    return curve.utils.toMontgomery(ed25519PublicKey);
  } catch (cause) {
    throw new DidcommError('ERR_KEY_FORMAT', 'the Ed25519 public key is not a point of edwards25519, so it has no X25519 form', {
      requirement: 'KEYS-004',
      cause,
    });
  }
}

/** The X25519 private key that corresponds to an Ed25519 seed (the clamped SHA-512 half, RFC 8032 §5.1.5). */
export function x25519PrivateKeyOfEd25519(ed25519Seed: Uint8Array): Uint8Array {
  return ed25519().utils.toMontgomerySecret(ed25519Seed);
}
