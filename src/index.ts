/**
 * didcomm-conformance: the reference DIDComm Messaging v2 implementation and the harness around it.
 * @module
 */
export { packMessage } from './didcomm/envelope/pack.js';
export { unpackMessage } from './didcomm/envelope/unpack.js';
export { detectEnvelope } from './didcomm/envelope/detect.js';
export { createFromPrior } from './didcomm/plaintext/from-prior.js';
export { buildForward, parseForward, wrapInForwards, FORWARD_TYPE } from './didcomm/routing/forward.js';
export { computeApv } from './didcomm/encrypted/jwe.js';
export type {
  Attachment, ContentEncryption, FromPriorClaims, KeyAgreementCurve, KeyContext, KeyWrapAlgorithm, PackMode, PackOptions,
  PackResult, PlaintextMessage, SignatureAlgorithm, UnpackedLayer, UnpackMetadata, UnpackOptions, UnpackResult, UnpackWarning,
} from './didcomm/types.js';
export { DidcommError, isDidcommError, DIDCOMM_ERROR_CODES } from './errors/didcomm-error.js';
export type { DidcommErrorCode } from './errors/didcomm-error.js';
export { StaticDidResolver } from './did/static-resolver.js';
export { SecretStore, secretStoreFromJson } from './did/secrets.js';
export type { Secret, SecretsResolver } from './did/secrets.js';
export type { DidDocument, DidDocumentResolver, VerificationMethod, Service } from './did/document.js';
export { MEDIA_TYPES } from './spec/media-types.js';
export { REQUIREMENTS, isRequirementId, requirement } from './spec/requirements.js';
export type { RequirementId } from './spec/requirements.js';
