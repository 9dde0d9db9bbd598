/**
 * The one error type of the reference implementation. `code` is the category (few, stable, for programs);
 * `requirement` is the exact spec rule that was enforced (many, for traceability). Tests assert both.
 * @module
 */
import type { RequirementId } from '../spec/requirements.js';

/** Every code the reference implementation rejects a message or a pack request with. */
export const DIDCOMM_ERROR_CODES = {
  ERR_JSON_INVALID: 'the input is not well-formed JSON of the expected shape',
  ERR_BASE64URL_INVALID: 'a base64url member does not decode',
  ERR_ENVELOPE_UNKNOWN: 'the input is neither a JWE, a JWS nor a DIDComm plaintext',
  ERR_ENVELOPE_STACK: 'the layers are nested in an order the spec forbids',
  ERR_MEDIA_TYPE: 'a `typ` names a media type that does not fit the layer',
  ERR_PLAINTEXT_INVALID: 'a plaintext header is missing or malformed',
  ERR_ATTACHMENT_INVALID: 'an attachment is malformed',
  ERR_JWS_INVALID: 'the JWS is malformed',
  ERR_SIGNATURE_INVALID: 'the JWS signature does not verify',
  ERR_JWE_INVALID: 'the JWE is malformed or its headers break a DIDComm rule',
  ERR_ALG_UNSUPPORTED: 'an `alg`, `enc` or curve is not allowed here',
  ERR_EPK_INVALID: 'the ephemeral public key is invalid',
  ERR_DECRYPTION_FAILED: 'the JWE does not decrypt',
  ERR_KID_INVALID: 'a key id is not an absolute DID URL',
  ERR_DID_NOT_RESOLVED: 'a DID does not resolve',
  ERR_KEY_NOT_FOUND: 'a key id is not in its DID document, or no secret is held for it',
  ERR_KEY_RELATIONSHIP: 'a key is not authorized for the purpose it is used for',
  ERR_KEY_FORMAT: 'a public key is encoded in a format we cannot read, or its encoding contradicts its verification method type',
  ERR_SERVICE_INVALID: 'a DIDComm service endpoint is malformed or cannot be followed',
  ERR_LAYER_MISMATCH: 'the layers disagree about who sent or receives the message',
  ERR_FROM_PRIOR_INVALID: 'the `from_prior` rotation JWT is invalid',
  ERR_FORWARD_INVALID: 'a routing forward message is malformed',
  ERR_LIMIT_EXCEEDED: 'the input exceeds a configured limit',
  ERR_PACK_ARGUMENT: 'the pack request cannot be fulfilled as asked',
} as const;

export type DidcommErrorCode = keyof typeof DIDCOMM_ERROR_CODES;

export interface DidcommErrorOptions {
  /** The requirement the check enforces. Absent only for pure argument errors of our own API. */
  requirement?: RequirementId;
  cause?: unknown;
}

/** A rejection by the reference implementation, with a stable code and the requirement it enforces. */
export class DidcommError extends Error {
  readonly code: DidcommErrorCode;
  readonly requirement: RequirementId | undefined;

  constructor(code: DidcommErrorCode, message: string, options: DidcommErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DidcommError';
    this.code = code;
    this.requirement = options.requirement;
  }

  /** The wire shape used by the CLI and the adapter protocol. */
  toJSON(): { code: DidcommErrorCode; requirement?: RequirementId; message: string } {
    return this.requirement === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, requirement: this.requirement, message: this.message };
  }
}

/** Brand check that also works across module copies (instanceof does not). */
export function isDidcommError(value: unknown): value is DidcommError {
  return value instanceof Error && (value as { name?: unknown }).name === 'DidcommError'
    && typeof (value as { code?: unknown }).code === 'string';
}

/** Throws a `DidcommError` unless `condition` holds. */
export function ensure(
  condition: unknown,
  code: DidcommErrorCode,
  message: string,
  requirement?: RequirementId,
): asserts condition {
  if (!condition) throw new DidcommError(code, message, requirement === undefined ? {} : { requirement });
}

/**
 * What an error message names: the text, or a function giving it, called only when the error is raised (where
 * naming the subject costs, e.g. a kid in a template for every recipient of every message).
 */
export type Subject = string | (() => string);

export function subjectText(subject: Subject): string {
  return typeof subject === 'string' ? subject : subject();
}
