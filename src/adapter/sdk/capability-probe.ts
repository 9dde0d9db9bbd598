/**
 * Capability probing for adapters of third-party libraries (see `probeCapabilities`).
 * @module
 */
import type { JsonWebKey } from 'node:crypto';
import { generatePrivateJwk } from '../../crypto/curves.js';
import { CONTENT_ENCRYPTIONS, KEY_AGREEMENT_CURVES } from '../../crypto/jwa-names.js';
import type { Algorithm, Capabilities, Curve, EnvelopeKind, PackParams, PackResult, PrivateJwk, UnpackResult } from '../protocol/v1/types.generated.js';
import { packMessage } from '../../didcomm/envelope/pack.js';
import type { KeyContext, PackOptions } from '../../didcomm/types.js';
import { StaticDidResolver } from '../../did/static-resolver.js';
import { SecretStore } from '../../did/secrets.js';

const SIGNING: Array<{ curve: Curve; alg: Algorithm }> = [
  { curve: 'Ed25519', alg: 'EdDSA' },
  { curve: 'P-256', alg: 'ES256' },
  { curve: 'secp256k1', alg: 'ES256K' },
];
const ENCS = CONTENT_ENCRYPTIONS;

function privateJwk(curve: Curve): JsonWebKey {
  return generatePrivateJwk(curve);
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
 * Finds what a library really does, rather than copying the spec's list, each direction on its own (issue 14:
 * a library that verifies ES256 but cannot sign with it must not fail receiver cases as "not claimed"):
 * - sending: the library packs for fresh keys on every curve, and the wire must say what was asked (a library
 *   that silently uses another key or algorithm does not count). Whether its output is conformant is for the
 *   suites to judge, not the probe: a sender is claimed as soon as it produces the envelope.
 * - receiving: the reference implementation packs for the library's keys, and the library must unpack it to
 *   the message sent. A JWS is tried with `kid` in the protected and in the unprotected header (where a kid
 *   sits is the open question AMB-06, not an algorithm the library lacks).
 * What works both ways is claimed in `envelopes`/`algorithms`, what works one way in `sendOnly`/`receiveOnly`.
 * A few hundred milliseconds.
 */
export async function probeCapabilities(agent: ProbeAgent): Promise<Capabilities> {
  const alice = party('alice');
  const bob = party('bob');
  for (const p of [alice, bob]) await agent.addParty(p.document, p.secrets);
  const message = { id: 'probe-1', type: 'https://example.org/probe/1.0/ping', from: alice.did, to: [bob.did], body: {} };
  const reference: KeyContext = {
    resolver: new StaticDidResolver([alice.document, bob.document] as never),
    secrets: new SecretStore(alice.secrets.map((jwk) => ({ kid: jwk.kid, privateJwk: jwk }))),
  };
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
  /** The library packed what was asked: the envelope, key, algorithm and content encryption requested. */
  const sends = async (pack: PackParams): Promise<boolean> => {
    const packed = await agent.pack(pack).catch(() => undefined);
    if (packed?.status !== 'packed') return false;
    try {
      const w = wire(packed.packed);
      if (pack.signBy && w.kid !== pack.signBy) return false;
      if (pack.enc && w.enc !== pack.enc) return false;
      if (pack.envelope === 'anoncrypt' && (w.alg !== 'ECDH-ES+A256KW' || !w.recipients.every((kid) => pack.to!.includes(kid!)))) return false;
      if (pack.envelope === 'authcrypt' && (w.skid !== pack.from || w.alg !== 'ECDH-1PU+A256KW')) return false;
      return true;
    } catch {
      return false;
    }
  };
  /** The library unpacks what the reference packed with `options`, to the message sent. */
  const receives = async (...variants: PackOptions[]): Promise<boolean> => {
    for (const options of variants) {
      const { packed } = await packMessage(message as never, options, reference);
      const unpacked = await agent.unpack(packed).catch(() => undefined);
      if (unpacked?.status === 'accepted' && unpacked.message['id'] === message.id) return true;
    }
    return false;
  };
  const claims = { both: new Claims(), send: new Claims(), receive: new Claims() };
  // Each direction whole (both ways included), for encryptionScope.
  const scopes = { send: new EncryptionScopeProbe(), receive: new EncryptionScopeProbe() };
  const record = (sent: boolean, received: boolean, envelope: EnvelopeKind, curve?: Curve, ...algs: Algorithm[]): void => {
    const into = sent && received ? claims.both : sent ? claims.send : received ? claims.receive : undefined;
    into?.add(envelope, curve, algs);
    if (sent) scopes.send.add(envelope, algs);
    if (received) scopes.receive.add(envelope, algs);
  };
  record(await sends({ message, envelope: 'plaintext' }), await receives({ mode: 'plaintext' }), 'plaintext');
  for (const { curve, alg } of SIGNING) {
    const signBy = `${alice.did}#auth-${curve}`;
    record(await sends({ message, envelope: 'signed', signBy }),
      await receives({ mode: 'signed', signBy, jws: { kidIn: 'protected' } }, { mode: 'signed', signBy, jws: { kidIn: 'unprotected' } }),
      'signed', curve, alg);
  }
  for (const curve of KEY_AGREEMENT_CURVES) {
    const to = `${bob.did}#ka-${curve}`;
    for (const enc of ENCS) {
      record(await sends({ message, envelope: 'anoncrypt', to: [to], enc }), await receives({ mode: 'anoncrypt', to: [to], enc }), 'anoncrypt', curve, 'ECDH-ES+A256KW', enc);
    }
    const from = `${alice.did}#ka-${curve}`;
    record(await sends({ message, envelope: 'authcrypt', to: [bob.did], from, enc: 'A256CBC-HS512' }),
      await receives({ mode: 'authcrypt', to: [to], from, enc: 'A256CBC-HS512' }), 'authcrypt', curve, 'ECDH-1PU+A256KW', 'A256CBC-HS512');
  }
  const send = claims.send.without(claims.both);
  const receive = claims.receive.without(claims.both);
  const scope = { send: scopes.send.scope(), receive: scopes.receive.scope() };
  const encryptionScope = Object.fromEntries(Object.entries(scope).filter(([, encs]) => Object.keys(encs).length > 0));
  return {
    ...claims.both.toCapabilities(),
    ...(send.isEmpty() ? {} : { sendOnly: send.toDirectional() }),
    ...(receive.isEmpty() ? {} : { receiveOnly: receive.toDirectional() }),
    ...(Object.keys(encryptionScope).length ? { encryptionScope } : {}),
    didMethods: ['example'],
    protocols: [],
    transports: [],
    roles: ['sender', 'receiver'],
  };
}

/** Envelope kinds and algorithms per curve, as a probe finds them. */
class Claims {
  readonly envelopes = new Set<EnvelopeKind>();
  readonly algorithms = new Map<Curve, Set<Algorithm>>();

  add(envelope: EnvelopeKind, curve: Curve | undefined, algs: Algorithm[]): void {
    this.envelopes.add(envelope);
    if (!curve) return;
    const set = this.algorithms.get(curve) ?? new Set<Algorithm>();
    for (const alg of algs) set.add(alg);
    this.algorithms.set(curve, set);
  }

  /** What this claims that `other` does not. */
  without(other: Claims): Claims {
    const rest = new Claims();
    for (const envelope of this.envelopes) if (!other.envelopes.has(envelope)) rest.envelopes.add(envelope);
    for (const [curve, algs] of this.algorithms) {
      const left = [...algs].filter((alg) => !other.algorithms.get(curve)?.has(alg));
      if (left.length > 0) rest.algorithms.set(curve, new Set(left));
    }
    return rest;
  }

  isEmpty(): boolean {
    return this.envelopes.size === 0 && this.algorithms.size === 0;
  }

  toCapabilities(): { envelopes: EnvelopeKind[]; algorithms: Capabilities['algorithms'] } {
    const order: EnvelopeKind[] = ['plaintext', 'signed', 'anoncrypt', 'authcrypt'];
    return {
      envelopes: order.filter((kind) => this.envelopes.has(kind)),
      algorithms: Object.fromEntries([...this.algorithms].map(([curve, set]) => [curve, [...set]])),
    };
  }

  /** The same, for `receiveOnly`/`sendOnly`: members left out when empty. */
  toDirectional(): NonNullable<Capabilities['receiveOnly']> {
    const { envelopes, algorithms } = this.toCapabilities();
    return { ...(envelopes.length ? { envelopes } : {}), ...(Object.keys(algorithms).length ? { algorithms } : {}) };
  }
}

/**
 * For one direction, the encrypted kinds each content encryption was proved with, and what `encryptionScope`
 * says of them: an `enc` proved with one kind while another kind it was tried with is claimed without it (e.g. a
 * library whose anoncrypt is XC20P only while its authcrypt is A256CBC-HS512), else cases of that other kind ask
 * for that `enc` and fail on a refusal that is not what they check. Authcrypt is tried with A256CBC-HS512 only
 * (ENC-AUTH-002 makes it authcrypt's one `enc`), so no other `enc` is limited to anoncrypt by this.
 */
class EncryptionScopeProbe {
  private readonly kinds = new Set<EnvelopeKind>();
  private readonly kindsOfEnc = new Map<Algorithm, Set<EncryptedKind>>();

  add(envelope: EnvelopeKind, algs: Algorithm[]): void {
    this.kinds.add(envelope);
    if (envelope !== 'anoncrypt' && envelope !== 'authcrypt') return;
    for (const alg of algs) {
      if (!(ENCS as readonly string[]).includes(alg)) continue;
      const kinds = this.kindsOfEnc.get(alg) ?? new Set<EncryptedKind>();
      kinds.add(envelope);
      this.kindsOfEnc.set(alg, kinds);
    }
  }

  scope(): Partial<Record<Algorithm, EncryptedKind[]>> {
    const scope: Partial<Record<Algorithm, EncryptedKind[]>> = {};
    for (const enc of ENCS) {
      const kinds = this.kindsOfEnc.get(enc);
      if (!kinds) continue;
      const tried: EncryptedKind[] = enc === 'A256CBC-HS512' ? ['anoncrypt', 'authcrypt'] : ['anoncrypt'];
      if (tried.some((kind) => this.kinds.has(kind) && !kinds.has(kind))) scope[enc] = (['anoncrypt', 'authcrypt'] as const).filter((kind) => kinds.has(kind));
    }
    return scope;
  }
}

type EncryptedKind = 'anoncrypt' | 'authcrypt';

/** What live round trips proved (transports, protocols, roles), added to the envelope claims of `probeCapabilities`. */
export function withLiveClaims(envelopes: Capabilities, live: Partial<Pick<Capabilities, 'transports' | 'protocols' | 'roles'>>): Capabilities {
  return {
    ...envelopes,
    transports: [...new Set([...envelopes.transports, ...(live.transports ?? [])])],
    protocols: [...new Set([...envelopes.protocols, ...(live.protocols ?? [])])],
    roles: [...new Set([...envelopes.roles, ...(live.roles ?? [])])],
  };
}
