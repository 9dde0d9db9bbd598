/**
 * Capability probing for adapters of third-party libraries (see `probeCapabilities`).
 * @module
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import type { Algorithm, Capabilities, Curve, EnvelopeKind, PackParams, PackResult, PrivateJwk, UnpackResult } from '../protocol/v1/types.generated.js';

const KEY_AGREEMENT_CURVES = ['X25519', 'P-256', 'P-384', 'P-521'] as const;
const SIGNING: Array<{ curve: Curve; alg: Algorithm }> = [
  { curve: 'Ed25519', alg: 'EdDSA' },
  { curve: 'P-256', alg: 'ES256' },
  { curve: 'secp256k1', alg: 'ES256K' },
];
const ENCS = ['A256CBC-HS512', 'A256GCM', 'XC20P'] as const;

function privateJwk(curve: Curve): JsonWebKey {
  const pair = curve === 'X25519' ? generateKeyPairSync('x25519')
    : curve === 'Ed25519' ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: curve });
  return pair.privateKey.export({ format: 'jwk' });
}

function party(name: string) {
  const did = `did:example:probe-${name}`;
  const methods: Array<Record<string, unknown>> = [];
  const secrets: Array<{ kid: string; kty: string } & JsonWebKey> = [];
  const key = (fragment: string, curve: Curve) => {
    const { d: _d, ...publicKeyJwk } = privateJwk(curve);
    const jwk = { ...publicKeyJwk, d: _d };
    const kid = `${did}#${fragment}`;
    methods.push({ id: kid, type: 'JsonWebKey2020', controller: did, publicKeyJwk });
    secrets.push({ ...jwk, kid, kty: jwk.kty! });
    return kid;
  };
  const keyAgreement = KEY_AGREEMENT_CURVES.map((curve) => key(`ka-${curve}`, curve));
  const authentication = SIGNING.map(({ curve }) => key(`auth-${curve}`, curve));
  return { did, document: { id: did, verificationMethod: methods, keyAgreement, authentication, service: [] }, secrets };
}

/** A library wrapped by an adapter, as the probe drives it. */
export interface ProbeAgent {
  /** Teaches the library a party: its DID document and private keys. */
  addParty(document: Record<string, unknown>, secrets: PrivateJwk[]): Promise<void>;
  pack(params: PackParams): Promise<PackResult>;
  unpack(packed: string): Promise<UnpackResult>;
}

/**
 * Finds what a library really does, rather than copying the spec's list: fresh keys on every curve, two
 * throwaway parties, and a pack-then-unpack round trip through the library for each envelope, curve and
 * algorithm; the wire must say what was asked (a library that silently uses another key does not count).
 * `describe` then claims exactly what round-trips. A few hundred milliseconds.
 */
export async function probeCapabilities(agent: ProbeAgent): Promise<Capabilities> {
  const alice = party('alice');
  const bob = party('bob');
  for (const p of [alice, bob]) await agent.addParty(p.document, p.secrets);
  const message = { id: 'probe-1', type: 'https://example.org/probe/1.0/ping', from: alice.did, to: [bob.did], body: {} };
  /** What the wire says: the signer kid, recipient kids, sender kid, alg and enc of the outer layer. */
  const wire = (packed: string) => {
    const outer = JSON.parse(packed) as Record<string, unknown>;
    const header = (segment: unknown) => (typeof segment === 'string' ? JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) : {}) as Record<string, unknown>;
    const signatures = (outer['signatures'] as Array<Record<string, unknown>> | undefined) ?? [outer];
    const signature = signatures[0] ?? {};
    const prot = header(outer['protected'] ?? signature['protected']);
    const unprot = (signature['header'] ?? {}) as Record<string, unknown>;
    return {
      kid: (prot['kid'] ?? unprot['kid']) as string | undefined, alg: prot['alg'], enc: prot['enc'], skid: prot['skid'],
      recipients: ((outer['recipients'] as Array<{ header?: { kid?: string } }> | undefined) ?? []).map((r) => r.header?.kid),
    };
  };
  /** The library packed what was asked (not a silent substitute) and unpacks it again. */
  const roundTrips = async (pack: PackParams): Promise<boolean> => {
    const packed = await agent.pack(pack);
    if (packed.status !== 'packed') return false;
    const w = wire(packed.packed);
    if (pack.signBy && w.kid !== pack.signBy) return false;
    if (pack.enc && w.enc !== pack.enc) return false;
    if (pack.envelope === 'anoncrypt' && !w.recipients.every((kid) => pack.to!.includes(kid!))) return false;
    if (pack.envelope === 'authcrypt' && (w.skid !== pack.from || w.alg !== 'ECDH-1PU+A256KW')) return false;
    const unpacked = await agent.unpack(packed.packed);
    return unpacked.status === 'accepted' && unpacked.message['id'] === message.id;
  };
  const envelopes = new Set<EnvelopeKind>();
  const algorithms: Partial<Record<Curve, Set<Algorithm>>> = {};
  const claim = (curve: Curve, ...algs: Algorithm[]) => {
    const set = (algorithms[curve] ??= new Set());
    for (const alg of algs) set.add(alg);
  };
  if (await roundTrips({ message, envelope: 'plaintext' })) envelopes.add('plaintext');
  for (const { curve, alg } of SIGNING) {
    if (await roundTrips({ message, envelope: 'signed', signBy: `${alice.did}#auth-${curve}` })) {
      envelopes.add('signed');
      claim(curve, alg);
    }
  }
  for (const curve of KEY_AGREEMENT_CURVES) {
    for (const enc of ENCS) {
      if (await roundTrips({ message, envelope: 'anoncrypt', to: [`${bob.did}#ka-${curve}`], enc })) {
        envelopes.add('anoncrypt');
        claim(curve, 'ECDH-ES+A256KW', enc);
      }
    }
    if (await roundTrips({ message, envelope: 'authcrypt', to: [bob.did], from: `${alice.did}#ka-${curve}`, enc: 'A256CBC-HS512' })) {
      envelopes.add('authcrypt');
      claim(curve, 'ECDH-1PU+A256KW', 'A256CBC-HS512');
    }
  }
  const order: EnvelopeKind[] = ['plaintext', 'signed', 'anoncrypt', 'authcrypt'];
  return {
    envelopes: order.filter((kind) => envelopes.has(kind)),
    algorithms: Object.fromEntries(Object.entries(algorithms).map(([curve, set]) => [curve, [...set]])),
    didMethods: ['example'],
    protocols: [],
    transports: [],
    roles: ['sender', 'receiver'],
  };
}

/** What live round trips proved (transports, protocols, roles), added to the envelope claims of `probeCapabilities`. */
export function withLiveClaims(envelopes: Capabilities, live: Partial<Pick<Capabilities, 'transports' | 'protocols' | 'roles'>>): Capabilities {
  return {
    ...envelopes,
    transports: [...new Set([...envelopes.transports, ...(live.transports ?? [])])],
    protocols: [...new Set([...envelopes.protocols, ...(live.protocols ?? [])])],
    roles: [...new Set([...envelopes.roles, ...(live.roles ?? [])])],
  };
}
