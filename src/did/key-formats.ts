/**
 * Public keys of verification methods as JWKs, whatever format the document uses (KEYS-004).
 * @module
 */
import type { JsonWebKey } from 'node:crypto';
import { DidcommError } from '../errors/didcomm-error.js';
import type { VerificationMethod } from './document.js';

/** The public JWK of a verification method; a JWK carrying private material is refused. */
export function publicJwkOfVerificationMethod(method: VerificationMethod): JsonWebKey {
  if (method.publicKeyJwk) {
    const jwk = method.publicKeyJwk;
    if ('d' in jwk) {
      throw new DidcommError('ERR_KEY_NOT_FOUND', `${method.id} publishes private key material (JWK "d")`, { requirement: 'KEYS-004' });
    }
    return jwk;
  }
  throw new DidcommError('ERR_KEY_NOT_FOUND', `${method.id} has a key format this implementation cannot read (${method.type})`, { requirement: 'KEYS-004' });
}
