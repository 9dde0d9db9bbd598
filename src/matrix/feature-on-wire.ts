/**
 * Whether an envelope on the wire is the cell's feature: a cell passes only for the feature it names. A
 * sender asked for anoncrypt on P-256 that encrypts to the recipient's X25519 keys instead (a library that
 * picks the curve itself) exercised X25519, not P-256, so its cell says so and is not a pass. Only what the
 * headers state plainly is compared; an envelope that cannot be read is left to the receiver to judge.
 * @module
 */
import type { Feature } from './features.js';

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined);

/** A base64url JSON header, or undefined when it is not one. */
function decodedHeader(text: unknown): Json | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return asObject(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

/** The JWS's protected headers: General serialization (`signatures`), Flattened (`protected`) or Compact. */
function jwsHeaders(packed: string, wire: Json | undefined): Json[] {
  if (!wire) return [decodedHeader(packed.trim().split('.')[0])].filter((h): h is Json => h !== undefined);
  const signatures = Array.isArray(wire['signatures']) ? wire['signatures'] : [wire];
  return signatures.map((signature) => decodedHeader(asObject(signature)?.['protected'])).filter((h): h is Json => h !== undefined);
}

/**
 * How the envelope `packed` differs from `feature` in what its headers state (algorithm, content
 * encryption, the ephemeral key's curve), or undefined when it does not, or when it cannot be read.
 */
export function featureMismatch(feature: Feature, packed: string): string | undefined {
  let wire: Json | undefined;
  try {
    wire = asObject(JSON.parse(packed));
  } catch {
    wire = undefined;
  }
  if (feature.envelope === 'signed') {
    const algs = [...new Set(jwsHeaders(packed, wire).map((header) => header['alg']))];
    const asked = feature.algorithms[0];
    return algs.length > 0 && !algs.includes(asked) ? `it is signed with ${algs.map((alg) => JSON.stringify(alg)).join(', ')}, not ${asked}` : undefined;
  }
  if (feature.envelope === 'plaintext') {
    const kind = wire && ('ciphertext' in wire ? 'a JWE' : 'payload' in wire ? 'a JWS' : undefined);
    return kind ? `it is ${kind}, not a plaintext message` : undefined;
  }
  const header = decodedHeader(wire?.['protected']);
  if (!header) return undefined;
  const differences: string[] = [];
  const [alg, enc] = feature.algorithms;
  if (header['alg'] !== alg) differences.push(`"alg" is ${JSON.stringify(header['alg'])}, not ${alg}`);
  if (header['enc'] !== enc) differences.push(`"enc" is ${JSON.stringify(header['enc'])}, not ${enc}`);
  // Where the epk is, protected (as DIDComm has it) or per recipient (as some libraries put it): its curve.
  const recipients = Array.isArray(wire?.['recipients']) ? wire['recipients'] as unknown[] : [];
  const epks = [header['epk'], ...recipients.map((r) => asObject(asObject(r)?.['header'])?.['epk'])];
  const crvs = [...new Set(epks.map((epk) => asObject(epk)?.['crv']).filter((crv) => crv !== undefined))];
  const other = crvs.filter((crv) => crv !== feature.curve);
  if (other.length > 0) differences.push(`"epk" is on ${other.map((crv) => JSON.stringify(crv)).join(', ')}, not ${feature.curve}`);
  return differences.length > 0 ? differences.join('; ') : undefined;
}
