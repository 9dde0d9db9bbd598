/**
 * The key agreement curves and content encryptions DIDComm v2 allows (ENC-ALG-001..003), as values. A module
 * of names only, so that a command-line option, a probe or a fuzzer can list them without loading any crypto.
 * @module
 */
import type { ContentEncryption, KeyAgreementCurve } from '../didcomm/types.js';

export const KEY_AGREEMENT_CURVES: readonly KeyAgreementCurve[] = ['X25519', 'P-256', 'P-384', 'P-521'];
export const CONTENT_ENCRYPTIONS: readonly ContentEncryption[] = ['A256CBC-HS512', 'A256GCM', 'XC20P'];
