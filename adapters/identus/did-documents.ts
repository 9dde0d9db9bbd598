/**
 * The DID document Identus's Castor resolves for a DID, written as DID Core JSON for `createIdentity`'s
 * result. Only a change of notation: ids, key material and services are Castor's, in Castor's order.
 * @module
 */
import type { Domain } from '@hyperledger/identus-sdk';
import type { DidDocument } from '../../src/adapter/protocol/v1/types.generated.js';

type VerificationMethod = Domain.DIDDocument.VerificationMethod;

function methodJson(method: VerificationMethod): Record<string, unknown> {
  const { id, controller, type, publicKeyJwk, publicKeyMultibase } = method;
  return {
    id, controller, type,
    ...(publicKeyJwk ? { publicKeyJwk: { ...publicKeyJwk } } : {}),
    ...(publicKeyMultibase ? { publicKeyMultibase } : {}),
  };
}

export function didCoreJson(document: Domain.DIDDocument): DidDocument {
  const service = document.services.map((s) => ({
    id: s.id,
    type: s.type.length === 1 ? s.type[0] : s.type,
    serviceEndpoint: { uri: s.serviceEndpoint.uri, accept: s.serviceEndpoint.accept, routingKeys: s.serviceEndpoint.routingKeys },
  }));
  return {
    id: document.id.toString(),
    verificationMethod: document.verificationMethods.map(methodJson),
    authentication: document.authentication.map((m) => m.id),
    keyAgreement: document.keyAgreement.map((m) => m.id),
    ...(service.length > 0 ? { service } : {}),
  };
}
