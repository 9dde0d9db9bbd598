/**
 * What the identity factory (identity.ts) can create: its DID methods and key types. Apart from the factory so
 * that what only names them (the `did create` options and their help) does not load the key code.
 * @module
 */

/** Key types an identity may use for `keyAgreement`. */
export type KeyAgreementKeyType = 'X25519' | 'P-256' | 'P-384' | 'P-521';
/** Key types an identity may use for `authentication`. */
export type AuthenticationKeyType = 'Ed25519' | 'P-256' | 'secp256k1';
/** DID methods the factory creates. */
export type IdentityMethod = 'peer:2' | 'peer:4' | 'peer:0' | 'key';

export const KEY_AGREEMENT_KEY_TYPES: readonly KeyAgreementKeyType[] = ['X25519', 'P-256', 'P-384', 'P-521'];
export const AUTHENTICATION_KEY_TYPES: readonly AuthenticationKeyType[] = ['Ed25519', 'P-256', 'secp256k1'];
export const IDENTITY_METHODS: readonly IdentityMethod[] = ['peer:2', 'peer:4', 'peer:0', 'key'];
