/**
 * What every JWE content encryption algorithm offers (ENC-ALG-002, ENC-JWE-014 sizes).
 * @module
 */

export interface SealedContent {
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

export interface ContentCipher {
  /** CEK length in bytes. */
  keyLength: number;
  ivLength: number;
  tagLength: number;
  seal(cek: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): SealedContent;
  /** Opens the content; any authentication failure throws the opaque `ERR_DECRYPTION_FAILED`. */
  open(cek: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Uint8Array;
}
