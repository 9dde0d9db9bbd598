/**
 * The public shapes of the reference envelope layer: plaintext messages, pack options, unpack results.
 * Wire members keep the spec's names (`created_time`, `from_prior`).
 * @module
 */
import type { DidDocumentResolver } from '../did/document.js';
import type { SecretsResolver } from '../did/secrets.js';
import type { RequirementId } from '../spec/requirements.js';
import type { UnpackLimits } from './limits.js';

/** Content encryption algorithms (ENC-ALG-002). */
export type ContentEncryption = 'A256CBC-HS512' | 'A256GCM' | 'XC20P';
/** Key agreement curves (ENC-ALG-001). */
export type KeyAgreementCurve = 'X25519' | 'P-256' | 'P-384' | 'P-521';
/** JWS algorithms (ENV-SIGN-001). */
export type SignatureAlgorithm = 'EdDSA' | 'ES256' | 'ES256K';
/** Key wrapping algorithms (ENC-ALG-003). */
export type KeyWrapAlgorithm = 'ECDH-ES+A256KW' | 'ECDH-1PU+A256KW';

export interface AttachmentData {
  jws?: unknown;
  hash?: string;
  links?: string[];
  base64?: string;
  json?: unknown;
}

export interface Attachment {
  id?: string;
  description?: string;
  filename?: string;
  media_type?: string;
  format?: string;
  lastmod_time?: number;
  byte_count?: number;
  data: AttachmentData;
}

/** A DIDComm plaintext message (ENV-PLAIN-*); unknown headers are kept as they are (ENV-PLAIN-017). */
export interface PlaintextMessage {
  id: string;
  type: string;
  typ?: string;
  from?: string;
  to?: string[];
  thid?: string;
  pthid?: string;
  created_time?: number;
  expires_time?: number;
  from_prior?: string;
  body?: Record<string, unknown>;
  attachments?: Attachment[];
  [header: string]: unknown;
}

/** Where keys come from: DID documents by resolution, private keys from the party's secrets. */
export interface KeyContext {
  resolver: DidDocumentResolver;
  secrets: SecretsResolver;
}

export type PackMode = 'plaintext' | 'signed' | 'anoncrypt' | 'authcrypt';

export interface PackOptions {
  mode: PackMode;
  /** Recipients: DIDs (every keyAgreement key of the chosen curve) or key ids of one DID each. */
  to?: string[];
  /** The sender: a DID (its first keyAgreement key on the curve) or a key id, for authcrypt. */
  from?: string;
  /** The signing key id: for `signed`, or to sign before encrypting (anoncrypt(sign), authcrypt(sign)). */
  signBy?: string;
  /** Content encryption; authcrypt allows only A256CBC-HS512 (ENC-AUTH-002). Default A256CBC-HS512. */
  enc?: ContentEncryption;
  /** Key agreement curve; by default the first curve the recipient and (for authcrypt) the sender share. */
  curve?: KeyAgreementCurve;
  /** Wrap the authcrypt in an anoncrypt to hide the sender (anoncrypt(authcrypt), ENV-NEST-001). */
  protectSender?: boolean;
  /**
   * JWS serialization and where the signer `kid` goes (ENV-SIGN-004, AMB-06). `both` breaks RFC 7515
   * §7.2.1 (disjoint header names): it exists to test receivers, and a strict `unpack` refuses it.
   */
  jws?: { serialization?: 'general' | 'flattened'; kidIn?: 'protected' | 'unprotected' | 'both' };
  /**
   * Wrap the result in one anoncrypted routing `forward` per routing key, last key first (ROUTE-007).
   * Routing keys are key ids or DIDs, as a DIDCommMessaging service lists them.
   */
  forward?: {
    routingKeys: string[];
    attachment?: 'json' | 'base64';
    enc?: ContentEncryption;
    /** Sees (and may replace) each forward plaintext before it is encrypted: the harness checks them against their schema. */
    rewrite?: (forward: PlaintextMessage) => PlaintextMessage;
  };
  /** The plaintext rules to check the message against before packing. Default '2.1'. */
  specVersion?: '2.0' | '2.1';
  /**
   * Pack even what a conforming sender must not send (invalid plaintext, `from` that is not the sender,
   * signer that is not `from`, authcrypt with another `enc`): for building negative vectors only.
   */
  allowInvalid?: boolean;
}

export interface PackResult {
  /** The packed message as JSON text, exactly the bytes to put on the wire. */
  packed: string;
  /** The media type of the outermost layer (ENV-MT-001..004). */
  mediaType: string;
  /** The recipient key ids of the innermost encryption, if any. */
  recipientKids: string[];
  senderKid?: string;
  signerKid?: string;
}

/** One layer of an unpacked message, outermost first. */
export type UnpackedLayer =
  | {
      kind: 'anoncrypt' | 'authcrypt';
      alg: KeyWrapAlgorithm;
      enc: ContentEncryption;
      curve: KeyAgreementCurve;
      recipientKids: string[];
      /** The recipient key this party decrypted with. */
      decryptedWith: string;
      senderKid?: string;
      typ?: string;
    }
  | {
      kind: 'signed';
      alg: SignatureAlgorithm;
      signerKid: string;
      serialization: 'general' | 'flattened';
      kidLocation: 'protected' | 'unprotected' | 'both';
      typ?: string;
    }
  | { kind: 'forward'; next: string; attachment: 'json' | 'base64' }
  | { kind: 'plaintext'; typ?: string };

/** A SHOULD-level observation that does not reject the message (e.g. ENV-PLAIN-010). */
export interface UnpackWarning {
  requirement: RequirementId;
  message: string;
}

export interface FromPriorClaims {
  iss: string;
  sub?: string;
  iat?: number;
  kid: string;
  [claim: string]: unknown;
}

export interface UnpackMetadata {
  encrypted: boolean;
  authenticated: boolean;
  nonRepudiation: boolean;
  anonymousSender: boolean;
  senderKid?: string;
  signerKid?: string;
  /** Recipient key ids of the innermost encryption layer. */
  recipientKids: string[];
  /** The JWS of the signed layer, kept for non-repudiation evidence. */
  signedMessage?: string;
  fromPrior?: FromPriorClaims;
  layers: UnpackedLayer[];
  warnings: UnpackWarning[];
}

export interface UnpackResult {
  message: PlaintextMessage;
  metadata: UnpackMetadata;
}

export interface UnpackOptions {
  /**
   * Also enforce what the reference libraries enforce beyond the receiver MUSTs (DIGEST `STRICT` and
   * sender MUSTs a receiver can observe: apv/apu recomputation, `to` contains the recipient, the MUST-NOT
   * stack anoncrypt(authcrypt(sign)), canonical base64url). Default true: the reference judges senders.
   */
  strict?: boolean;
  /** Unwrap forwards addressed to this party (ROUTE-010). Default true. */
  unwrapForward?: boolean;
  /** Plaintext rules to apply: v2.0 requires `body` (ENV-PLAIN-015). Default '2.1'. */
  specVersion?: '2.0' | '2.1';
  /** Limits on hostile input (sizes, depths, counts); defaults in `DEFAULT_LIMITS` (src/didcomm/limits.ts). */
  limits?: Partial<UnpackLimits>;
}
