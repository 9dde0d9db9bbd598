/**
 * A certificate on the wire: a JWS in compact serialization (RFC 7515), `alg` EdDSA over Ed25519 (RFC 8037),
 * `typ` didcomm-conformance-certificate+jws, `kid` the issuer's did:key with its key as fragment. The
 * signature is checked with the key the `kid` encodes, and the payload must name that same DID as `issuer`:
 * a certificate carries its own public key, so who signed it is the did:key, which a reader decides to trust
 * or not (`verify --issuer`).
 * @module
 */
import { CompactSign, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { decodeMultikey, publicJwkOfRawKey } from '../did/multikey.js';
import { validatorFor } from '../schema/ajv.js';
import { CERTIFICATE_JWS_TYPE, type CertificateDocument } from './certificate.js';
import type { SigningKey } from './signing-key.js';
import schema from './certificate.schema.json' with { type: 'json' };

/** The certificate does not hold: the message is the reason, for a person. */
export class CertificateInvalid extends Error {
  override readonly name = 'CertificateInvalid';
}

/** Signs `document` with `key`: the JWS text. */
export async function signCertificate(document: CertificateDocument, key: SigningKey): Promise<string> {
  if (document.issuer !== key.did) throw new Error('the certificate names another issuer than the signing key');
  const payload = new TextEncoder().encode(JSON.stringify(document));
  return new CompactSign(payload)
    .setProtectedHeader({ alg: 'EdDSA', typ: CERTIFICATE_JWS_TYPE, kid: key.kid })
    .sign(key.privateKey);
}

const validate = validatorFor(schema);

/** Schema errors of a certificate document (empty when it has the certificate's shape). */
export function documentErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '(root)'} ${error.message ?? error.keyword}`);
}

/** A certificate whose signature holds. */
export interface OpenedCertificate {
  document: CertificateDocument;
  /** The did:key that signed it (= document.issuer). */
  signer: string;
}

/** The issuer DID of a `kid` (`did:key:z…#z…`, fragment = the key), with its Ed25519 public JWK. */
function signerOf(kid: unknown): { did: string; jwk: JWK } {
  const match = typeof kid === 'string' ? /^(did:key:(z[1-9A-HJ-NP-Za-km-z]+))#(z[1-9A-HJ-NP-Za-km-z]+)$/.exec(kid) : null;
  if (!match || match[2] !== match[3]) throw new CertificateInvalid('the JWS kid is not a did:key with its key as fragment');
  let jwk: JWK;
  try {
    const raw = decodeMultikey(match[2]);
    if (raw.keyType !== 'Ed25519') throw new CertificateInvalid(`the signer's did:key is a ${raw.keyType} key, certificates are signed with Ed25519`);
    jwk = publicJwkOfRawKey(raw, 'the signer key');
  } catch (error) {
    if (error instanceof CertificateInvalid) throw error;
    throw new CertificateInvalid(`the JWS kid does not encode a public key (${(error as Error).message})`);
  }
  return { did: match[1]!, jwk };
}

/** Checks the signature and the document's shape; throws `CertificateInvalid` with the reason. */
export async function openCertificate(jws: string): Promise<OpenedCertificate> {
  const text = jws.trim();
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text)) throw new CertificateInvalid('not a JWS in compact serialization (three base64url parts)');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(text);
  } catch {
    throw new CertificateInvalid('the JWS protected header is not base64url JSON');
  }
  if (header.alg !== 'EdDSA') throw new CertificateInvalid(`the JWS alg is ${String(header.alg)}, certificates are signed with EdDSA`);
  if (header.typ !== CERTIFICATE_JWS_TYPE) throw new CertificateInvalid(`the JWS typ is ${String(header.typ)}, not ${CERTIFICATE_JWS_TYPE}`);
  const signer = signerOf(header.kid);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(text, await importJWK(signer.jwk, 'EdDSA'), { algorithms: ['EdDSA'] }));
  } catch {
    throw new CertificateInvalid(`the signature does not verify with the key of ${signer.did}: the certificate was altered or not signed by it`);
  }
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new CertificateInvalid('the signed payload is not JSON');
  }
  const errors = documentErrors(document);
  if (errors.length > 0) throw new CertificateInvalid(`the signed payload is not a certificate: ${errors.join('; ')}`);
  const certificate = document as CertificateDocument;
  if (certificate.issuer !== signer.did) throw new CertificateInvalid(`the certificate names ${certificate.issuer} as issuer but was signed by ${signer.did}`);
  return { document: certificate, signer: signer.did };
}

/** The document of a JWS without checking anything (to show what an invalid certificate claims). */
export function unverifiedClaims(jws: string): unknown {
  try {
    const payload = jws.trim().split('.')[1] ?? '';
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
