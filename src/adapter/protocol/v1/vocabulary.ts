/**
 * The capability vocabulary (envelope kinds, curves, algorithms, roles, transports) read from
 * common.schema.json, so every list of names in the harness has one source: the schema.
 * @module
 */
import common from './common.schema.json' with { type: 'json' };
import type { Algorithm, Curve, EnvelopeKind, Role, TransportKind } from './types.generated.js';

/** Envelope kinds an adapter may claim (ENV-NEST-001). */
export const ENVELOPE_KINDS = common.$defs.EnvelopeKind.enum as readonly EnvelopeKind[];
/** Curves an adapter may claim algorithms for. */
export const CURVES = common.$defs.Curve.enum as readonly Curve[];
/** JWA algorithm identifiers an adapter may claim. */
export const ALGORITHMS = common.$defs.Algorithm.enum as readonly Algorithm[];
/** Roles an agent can play. */
export const ROLES = common.$defs.Role.enum as readonly Role[];
/** Transports of the agent's own endpoint. */
export const TRANSPORT_KINDS = common.$defs.TransportKind.enum as readonly TransportKind[];
