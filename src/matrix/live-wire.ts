/**
 * What a live cell can check of the bytes that crossed the wire: the `packed` text a `received` entry
 * reports must be one DIDComm envelope (TRANS-006: one message per transport message) of a valid shape
 * (ENC-JWE-004, ENV-SIGN-004, ENV-PLAIN-001; in a JWE's protected header ENC-JWE-007 and ENC-AUTH-002), its `typ` (if any) must name its kind (ENV-MT-001/003/004,
 * ENV-MT-005), and the Content-Type it came with (if reported) must be that media type (TRANS-002).
 * @module
 */
import type { ReceivedMessage, TransportKind } from '../adapter/protocol/v1/types.generated.js';
import type { Finding } from '../didcomm/protocols/message.js';
import { checkEnvelopeShape, type EnvelopeShapeKind, type ShapeViolation } from '../schema/envelope-shapes.js';
import { MEDIA_TYPES, normalizeMediaType, type DidcommMediaType } from '../spec/media-types.js';
import type { RequirementId } from '../spec/requirements.js';

const SHAPE_REQUIREMENT: Record<EnvelopeShapeKind, RequirementId> = { jwe: 'ENC-JWE-004', jws: 'ENV-SIGN-004', plaintext: 'ENV-PLAIN-001' };
const MEDIA_TYPE: Record<EnvelopeShapeKind, { type: DidcommMediaType; requirement: RequirementId }> = {
  jwe: { type: MEDIA_TYPES.encrypted, requirement: 'ENV-MT-004' },
  jws: { type: MEDIA_TYPES.signed, requirement: 'ENV-MT-003' },
  plaintext: { type: MEDIA_TYPES.plaintext, requirement: 'ENV-MT-001' },
};

/** The envelope kind of a parsed outer layer, told apart by structure (ENV-MT-006). */
function shapeKindOf(value: Record<string, unknown>): EnvelopeShapeKind {
  if ('ciphertext' in value) return 'jwe';
  return 'payload' in value ? 'jws' : 'plaintext';
}

/** A decoded protected header (empty when it does not decode). */
function decodeProtected(protectedHeader: unknown): Record<string, unknown> {
  try {
    const header = JSON.parse(Buffer.from(String(protectedHeader), 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null ? (header as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The protected header of the outer JWE or of the JWS's first signature; the message itself for plaintext. */
function outerHeader(kind: EnvelopeShapeKind, value: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'plaintext') return value;
  const first = kind === 'jws' && Array.isArray(value['signatures']) ? (value['signatures'][0] as Record<string, unknown> | undefined) : value;
  return decodeProtected(first?.['protected']);
}

/** The requirement a schema violation breaks, where the JWE protected header names a precise one. */
function shapeRequirementOf(kind: EnvelopeShapeKind, violation: ShapeViolation, header: Record<string, unknown>): RequirementId {
  if (kind !== 'jwe') return SHAPE_REQUIREMENT[kind];
  if (violation.path === '/protected(decoded)/enc' && header['alg'] === 'ECDH-1PU+A256KW') return 'ENC-AUTH-002';
  if (violation.path === '/protected(decoded)' && /required property '(apu|apv|epk|alg)'/.test(violation.message)) return 'ENC-JWE-007';
  return SHAPE_REQUIREMENT.jwe;
}

/** What the wire shows of one received entry: its outer kind and every rule it breaks. */
export interface WireView {
  kind?: EnvelopeShapeKind;
  mediaType?: DidcommMediaType;
  findings: Finding[];
}

/** Checks one `received` entry that should have come over `transport`. */
export function checkReceivedWire(entry: ReceivedMessage, transport: TransportKind): WireView {
  const findings: Finding[] = [];
  if (entry.transport !== undefined && entry.transport !== transport) {
    findings.push({ requirement: transport === 'ws' ? 'TRANS-006' : 'TRANS-001', message: `arrived over ${entry.transport}, the recipient's endpoint is ${transport}` });
  }
  let value: unknown;
  try {
    value = JSON.parse(entry.packed);
  } catch {
    findings.push({ requirement: transport === 'ws' ? 'TRANS-006' : 'ENV-MT-006', message: 'the received bytes are not one JSON envelope' });
    return { findings };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    findings.push({ requirement: transport === 'ws' ? 'TRANS-006' : 'ENV-MT-006', message: 'the received bytes are not one JSON object' });
    return { findings };
  }
  const object = value as Record<string, unknown>;
  const kind = shapeKindOf(object);
  const header = outerHeader(kind, object);
  const byRequirement = new Map<RequirementId, string[]>();
  for (const violation of checkEnvelopeShape(kind, object)) {
    // `must match "then" schema` only repeats the conditional member's own violation.
    if (/must match "(then|else)" schema/.test(violation.message)) continue;
    const requirement = shapeRequirementOf(kind, violation, header);
    byRequirement.set(requirement, [...(byRequirement.get(requirement) ?? []), `${violation.path} ${violation.message}`]);
  }
  for (const [requirement, lines] of byRequirement) findings.push({ requirement, message: `the ${kind} breaks its schema: ${lines.slice(0, 3).join('; ')}` });
  const { type: mediaType, requirement } = MEDIA_TYPE[kind];
  const typ = header['typ'];
  if (typ !== undefined && (typeof typ !== 'string' || normalizeMediaType(typ) !== mediaType)) {
    findings.push({ requirement, message: `the outer ${kind} has typ ${JSON.stringify(typ)}, not ${mediaType}` });
  }
  if (entry.contentType !== undefined) {
    const declared = normalizeMediaType(entry.contentType.split(';')[0]!.trim().toLowerCase());
    if (declared !== mediaType) findings.push({ requirement: 'TRANS-002', message: `sent with Content-Type ${JSON.stringify(entry.contentType)}, but the outer layer is ${mediaType}` });
  }
  return { kind, mediaType, findings };
}
