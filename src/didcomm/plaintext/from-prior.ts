/**
 * `from_prior`: the compact JWT that announces a DID rotation (ROT-001..010). `iss` is the prior DID, `sub`
 * the new one (absent when the relationship ends, ROT-009), signed by a key of the prior DID.
 * @module
 */
import { isSignatureAlgorithm } from '../../crypto/algorithms.js';
import { importPublicJwk } from '../../crypto/curves.js';
import { signBytes, signatureAlgorithmFor, verifyBytes } from '../../crypto/signature.js';
import { didOf, isDid, isKeyId, resolveKey, type DidDocumentResolver } from '../../did/document.js';
import type { Secret } from '../../did/secrets.js';
import { decodeBase64url, decodeBase64urlJson, encodeBase64url } from '../../encoding/base64url.js';
import { DidcommError, isDidcommError } from '../../errors/didcomm-error.js';
import { currentTime } from '../clock.js';
import type { FromPriorClaims, PlaintextMessage } from '../types.js';
import { hard, soft, type RuleContext } from './rules.js';

export interface FromPriorInput {
  /** The prior DID. */
  iss: string;
  /** The new DID; omit to end the relationship (ROT-009). */
  sub?: string;
  /** Time of the rotation, epoch seconds (ROT-003). */
  iat: number;
  [claim: string]: unknown;
}

/** Signs a `from_prior` JWT with `secret`, a key of the prior DID (ROT-002). */
export function createFromPrior(claims: FromPriorInput, secret: Secret): string {
  const alg = signatureAlgorithmFor(secret.privateJwk);
  if (!alg) throw new DidcommError('ERR_PACK_ARGUMENT', `${secret.kid} cannot sign a JWT (${secret.privateJwk.crv})`, { requirement: 'ROT-002' });
  const header = encodeBase64url(JSON.stringify({ typ: 'JWT', alg, kid: secret.kid }));
  const payload = encodeBase64url(JSON.stringify(claims));
  return `${header}.${payload}.${encodeBase64url(signBytes(alg, secret.privateKey, Buffer.from(`${header}.${payload}`, 'ascii')))}`;
}

function invalid(message: string, requirement: 'ROT-002' | 'ROT-005' | 'ROT-010', cause?: unknown): never {
  throw new DidcommError('ERR_FROM_PRIOR_INVALID', `from_prior: ${message}`, { requirement, cause });
}

/**
 * Verifies the `from_prior` of `message` (ROT-005): the JWT signature by `kid`, which must be an
 * `authentication` key of `iss` (the relationship SICPA uses; AMB-15), and the claims' consistency.
 */
export async function verifyFromPrior(message: PlaintextMessage, resolver: DidDocumentResolver, ctx: RuleContext): Promise<FromPriorClaims> {
  const jwt = message.from_prior as string;
  const parts = jwt.split('.');
  if (parts.length !== 3) invalid('is not a compact JWT of three parts', 'ROT-002');
  const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];
  const decode = { lenient: !ctx.strict, requirement: 'ROT-002' } as const;
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  let signature: Buffer;
  try {
    header = decodeBase64urlJson(headerB64, 'the JWT header', decode);
    claims = decodeBase64urlJson(payloadB64, 'the JWT claims', decode);
    signature = decodeBase64url(signatureB64, 'the JWT signature', decode);
  } catch (cause) {
    return invalid(isDidcommError(cause) ? cause.message : 'undecodable', 'ROT-002', cause);
  }
  const { alg, kid } = header;
  if (!isSignatureAlgorithm(alg)) invalid(`"alg" ${JSON.stringify(alg)} is not EdDSA, ES256 or ES256K`, 'ROT-002');
  if (!isKeyId(kid)) invalid(`"kid" ${JSON.stringify(kid)} is not an absolute DID URL`, 'ROT-005');
  const { iss, sub } = claims;
  if (typeof iss !== 'string' || !isDid(didOf(iss))) invalid(`"iss" ${JSON.stringify(iss)} is not a DID`, 'ROT-002');
  if (sub !== undefined && (typeof sub !== 'string' || !isDid(didOf(sub)))) invalid(`"sub" ${JSON.stringify(sub)} is not a DID`, 'ROT-002');
  if (!isDid(iss as string)) soft(ctx, 'ERR_FROM_PRIOR_INVALID', 'from_prior: "iss" is a DID URL, not a DID', 'ROT-010');
  if (typeof sub === 'string' && !isDid(sub)) soft(ctx, 'ERR_FROM_PRIOR_INVALID', 'from_prior: "sub" is a DID URL, not a DID', 'ROT-010');
  if (sub === iss) soft(ctx, 'ERR_FROM_PRIOR_INVALID', 'from_prior: "iss" and "sub" are the same DID', 'ROT-010');
  if (sub === undefined && message.from !== undefined) soft(ctx, 'ERR_FROM_PRIOR_INVALID', 'from_prior without "sub" ends a relationship, yet the message has "from"', 'ROT-009');
  if (typeof sub === 'string' && sub !== message.from) soft(ctx, 'ERR_FROM_PRIOR_INVALID', `from_prior: "sub" ${sub} is not the message "from"`, 'ROT-010');
  if (didOf(kid as string) !== didOf(iss as string)) invalid(`"kid" ${String(kid)} is not a key of "iss" ${String(iss)}`, 'ROT-005');
  let key;
  try {
    key = await resolveKey(resolver, kid as string, 'authentication');
  } catch (cause) {
    return invalid(`the signing key cannot be used: ${isDidcommError(cause) ? cause.message : String(cause)}`, 'ROT-005', cause);
  }
  const verified = verifyBytes(alg as never, importPublicJwk(key.publicJwk, `from_prior key ${String(kid)}`, 'KEYS-004'),
    Buffer.from(`${headerB64}.${payloadB64}`, 'ascii'), signature);
  if (!verified) invalid(`the signature by ${String(kid)} does not verify`, 'ROT-005');
  const now = currentTime();
  if (typeof claims.exp === 'number' && claims.exp < now) soft(ctx, 'ERR_FROM_PRIOR_INVALID', 'from_prior: the JWT has expired ("exp")', 'ROT-002');
  if (typeof claims.nbf === 'number' && claims.nbf > now) soft(ctx, 'ERR_FROM_PRIOR_INVALID', 'from_prior: the JWT is not valid yet ("nbf")', 'ROT-002');
  if (claims.iat !== undefined && typeof claims.iat !== 'number') hard('ERR_FROM_PRIOR_INVALID', 'from_prior: "iat" is not a number', 'ROT-003');
  return { ...claims, iss: iss as string, kid: kid as string } as FromPriorClaims;
}
