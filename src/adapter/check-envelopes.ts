/**
 * The probes of `adapter check` that do what the envelope suites will do: hold an identity (import the spec's
 * vector party, or create one whose document the harness resolves), then, for each envelope kind the adapter
 * claims, a round trip with the reference implementation as the other party, each direction apart: the
 * adapter unpacks what the harness packed (receiver), the harness unpacks what the adapter packed (sender).
 * A failure carries the likely cause as its hint. These are smoke tests, not verdicts: the suites judge.
 * @module
 */
import type { JsonWebKey } from 'node:crypto';
import { createDidResolver, type DidcommDidResolver } from '../did/resolver.js';
import { SecretStore } from '../did/secrets.js';
import { createIdentity } from '../did/identity.js';
import { verificationMethods, type DidDocument as LibraryDidDocument } from '../did/document.js';
import { packMessage } from '../didcomm/envelope/pack.js';
import { unpackMessage } from '../didcomm/envelope/unpack.js';
import type { PackOptions, PlaintextMessage as LibraryMessage } from '../didcomm/types.js';
import { isAdapterError } from '../errors/adapter-error.js';
import { isDidcommError } from '../errors/didcomm-error.js';
import type { Party } from '../matrix/identities.js';
import type { AdapterSession } from './session.js';
import type { Algorithm, Capabilities, Curve, DidDocument, EnvelopeKind, PackParams, PlaintextMessage } from './protocol/v1/types.generated.js';
import type { CheckItem } from './check.js';
import { adapterFailure } from './check-hints.js';
import { scopeAllows } from '../runner/applicability.js';
import { CONTENT_ENCRYPTIONS } from '../crypto/jwa-names.js';

type Direction = 'sender' | 'receiver';

/** The pack parameters the harness and the adapter use for one envelope kind, from what the adapter claims. */
interface Plan {
  kind: EnvelopeKind;
  curve?: Curve;
  alg?: Algorithm;
  enc?: 'A256CBC-HS512' | 'A256GCM' | 'XC20P';
  /** Alice's signing key for `signed`. */
  signBy?: string;
}

const SIGNERS: Array<[Curve, Algorithm, string]> = [['Ed25519', 'EdDSA', 'did:example:alice#key-1'], ['P-256', 'ES256', 'did:example:alice#key-2'], ['secp256k1', 'ES256K', 'did:example:alice#key-3']];
/** Curves on which both vector parties have a keyAgreement key (Alice has no P-384 one). */
const SHARED_AGREEMENT: Curve[] = ['X25519', 'P-256', 'P-521'];
const CONTENT = CONTENT_ENCRYPTIONS;

/** The envelopes and algorithms claimed for `direction` (both-way claims plus the one-way ones). */
export function claimed(capabilities: Capabilities, direction: Direction): { envelopes: EnvelopeKind[]; algorithms: (curve: Curve) => Algorithm[] } {
  const oneWay = direction === 'receiver' ? capabilities.receiveOnly : capabilities.sendOnly;
  return {
    envelopes: [...new Set([...capabilities.envelopes, ...(oneWay?.envelopes ?? [])])],
    algorithms: (curve) => [...(capabilities.algorithms[curve] ?? []), ...(oneWay?.algorithms?.[curve] ?? [])],
  };
}

/** How to exercise `kind` in `direction`, or why it cannot be (no algorithm claimed that the vector parties can use). */
export function planFor(capabilities: Capabilities, kind: EnvelopeKind, direction: Direction): Plan | string {
  const claims = claimed(capabilities, direction);
  if (kind === 'plaintext') return { kind };
  if (kind === 'signed') {
    const signer = SIGNERS.find(([curve, alg]) => claims.algorithms(curve).includes(alg));
    return signer ? { kind, curve: signer[0], alg: signer[1], signBy: signer[2] } : 'no signature algorithm claimed (EdDSA on Ed25519, ES256 on P-256 or ES256K on secp256k1)';
  }
  const wrap: Algorithm = kind === 'anoncrypt' ? 'ECDH-ES+A256KW' : 'ECDH-1PU+A256KW';
  for (const curve of SHARED_AGREEMENT) {
    const algorithms = claims.algorithms(curve);
    if (!algorithms.includes(wrap)) continue;
    const enc = (kind === 'authcrypt' ? ['A256CBC-HS512' as const] : CONTENT).find((candidate) => algorithms.includes(candidate) && scopeAllows(capabilities, direction, kind, candidate));
    if (enc) return { kind, curve, alg: wrap, enc };
  }
  return `no ${wrap} with a content encryption on X25519, P-256 or P-521 claimed`;
}

function probeMessage(kind: EnvelopeKind, direction: Direction, from: string, to: string): PlaintextMessage {
  return {
    id: `adapter-check-${direction}-${kind}`,
    type: 'https://didcomm.org/basicmessage/2.0/message',
    ...(kind === 'plaintext' || kind === 'anoncrypt' ? {} : { from }),
    to: [to],
    created_time: 1_700_000_000,
    body: { content: `adapter check: ${kind}, agent as ${direction}` },
  };
}

function describePlan(plan: Plan): string {
  return [plan.kind, plan.alg, plan.curve, plan.enc].filter(Boolean).join(' ');
}

/** What unpacked metadata must say for `kind`. */
function expectedFlags(kind: EnvelopeKind): { encrypted: boolean; authenticated: boolean; nonRepudiation: boolean } {
  return { encrypted: kind === 'anoncrypt' || kind === 'authcrypt', authenticated: kind === 'authcrypt' || kind === 'signed', nonRepudiation: kind === 'signed' };
}

/** One side of a round trip: its DID, the key it signs with, and (the harness's side) its private keys. */
interface Side {
  did: string;
  signBy?: string;
  secrets?: SecretStore;
}

function storeOf(party: Party): SecretStore {
  return new SecretStore(party.secrets.map((jwk) => ({ kid: jwk.kid, privateJwk: jwk as JsonWebKey })));
}

/**
 * The two sides of a round trip for `plan`, the agent playing `role`: the spec's vector parties when the adapter
 * imports them (Alice sends, Bob receives), otherwise an identity the adapter creates (its document registered
 * with the harness's resolver) and one the harness creates (its document registered with the adapter).
 */
async function sides(session: AdapterSession, plan: Plan, role: Direction, parties: { alice: Party; bob: Party }, imported: boolean, resolver: DidcommDidResolver): Promise<{ agent: Side; harness: Side }> {
  await session.call('reset', {});
  if (imported) {
    const [mine, theirs] = role === 'sender' ? [parties.alice, parties.bob] : [parties.bob, parties.alice];
    await session.call('importIdentity', { didDocument: mine.didDocument, secrets: mine.secrets });
    await session.call('registerDidDocument', { didDocument: theirs.didDocument }).catch(() => undefined);
    const alice: Side = { did: parties.alice.did, ...(plan.signBy ? { signBy: plan.signBy } : {}) };
    const bob: Side = { did: parties.bob.did };
    return role === 'sender' ? { agent: alice, harness: { ...bob, secrets: storeOf(parties.bob) } } : { agent: bob, harness: { ...alice, secrets: storeOf(parties.alice) } };
  }
  const agreement = plan.kind === 'anoncrypt' || plan.kind === 'authcrypt' ? (plan.curve as 'X25519' | 'P-256' | 'P-521') : 'X25519';
  const signing = plan.kind === 'signed' ? (plan.curve as 'Ed25519' | 'P-256' | 'secp256k1') : 'Ed25519';
  const created = await session.call('createIdentity', { didMethod: 'peer:2', keyAgreement: [agreement], authentication: [signing] });
  resolver.addDocument(created.didDocument as unknown as LibraryDidDocument);
  const harness = await createIdentity({ method: 'peer:2', keyAgreement: [agreement], authentication: [signing] });
  resolver.addDocument(harness.didDocument);
  await session.call('registerDidDocument', { didDocument: harness.didDocument as unknown as DidDocument }).catch(() => undefined);
  const firstAuthentication = (document: { id: string; authentication?: Array<string | { id: string }> }): string | undefined => {
    const entry = document.authentication?.[0];
    const id = typeof entry === 'string' ? entry : entry?.id;
    return id?.startsWith('#') ? `${document.id}${id}` : id;
  };
  const agentSigner = plan.kind === 'signed' ? firstAuthentication(created.didDocument as unknown as LibraryDidDocument) : undefined;
  const harnessSigner = plan.kind === 'signed' ? firstAuthentication(harness.didDocument) : undefined;
  return {
    agent: { did: created.did, ...(agentSigner ? { signBy: agentSigner } : {}) },
    harness: { did: harness.did, ...(harnessSigner ? { signBy: harnessSigner } : {}), secrets: new SecretStore(harness.secrets) },
  };
}

/** Runs the identity and envelope probes; `parties` are the spec's Alice and Bob. */
export async function probeEnvelopes(session: AdapterSession, capabilities: Capabilities, parties: { alice: Party; bob: Party }): Promise<CheckItem[]> {
  const items: CheckItem[] = [];
  const resolver = createDidResolver();
  const imported = await probeImport(session, parties.bob, items);
  const canCreate = await probeCreate(session, capabilities, resolver, items);
  for (const role of ['receiver', 'sender'] as const) {
    if (!capabilities.roles.includes(role)) continue;
    for (const kind of claimed(capabilities, role).envelopes) {
      items.push(await roundTrip(session, capabilities, kind, role, parties, { imported, canCreate }, resolver));
    }
  }
  return items;
}

async function probeImport(session: AdapterSession, bob: Party, items: CheckItem[]): Promise<boolean> {
  const name = 'importIdentity: holds the spec\'s did:example:bob with his private keys';
  try {
    await session.call('reset', {});
    const result = await session.call('importIdentity', { didDocument: bob.didDocument, secrets: bob.secrets });
    if (result.did !== bob.did) {
      items.push({ name, verdict: 'fail', detail: `answered did ${result.did}, not ${bob.did}`, hint: 'answer {"did": <the document\'s id>}: cases address the imported party by that DID' });
      return false;
    }
    items.push({ name, verdict: 'ok', detail: `${verificationMethods(bob.didDocument as unknown as LibraryDidDocument).length} keys (some embedded in keyAgreement/authentication), ${bob.secrets.length} private JWKs (kid = absolute key id)` });
    return true;
  } catch (error) {
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') {
      items.push({ name: 'importIdentity', verdict: 'unsupported', detail: 'answers -32601: vector cases are skipped; round trips below use createIdentity' });
      return false;
    }
    items.push(adapterFailure(name, error, 'importIdentity'));
    return false;
  }
}

async function probeCreate(session: AdapterSession, capabilities: Capabilities, resolver: DidcommDidResolver, items: CheckItem[]): Promise<boolean> {
  const method = capabilities.didMethods.find((m) => m === 'peer:2' || m === 'key') ?? 'peer:2';
  const name = `createIdentity (${method}): a DID whose document the harness resolves`;
  try {
    const result = await session.call('createIdentity', { didMethod: method });
    const document = result.didDocument as unknown as LibraryDidDocument;
    const problems = documentProblems(result.did, document);
    if (problems.length > 0) {
      items.push({ name, verdict: 'fail', detail: problems.join('; '), hint: 'return the DID\'s whole document: absolute key ids, each keyAgreement/authentication entry naming a verification method with a publicKeyJwk or publicKeyMultibase (docs/writing-an-adapter.md, "DID documents")' });
      return false;
    }
    let resolved = true;
    try {
      if (/^did:(peer|key):/.test(result.did)) await resolver.resolve(result.did);
    } catch (error) {
      // The suites use the returned document (registered with the harness), so the round trips go on with it.
      resolved = false;
      items.push({ name, verdict: 'warn', detail: `the harness's own resolver refuses ${result.did.slice(0, 60)}…: ${(error as Error).message}; the returned document is used instead`, hint: 'another agent resolving this DID may refuse it too: check how the DID is encoded (did:peer:2 puts each service in its own .S element)' });
    }
    resolver.addDocument(document);
    if (!resolved) return true;
    items.push({ name, verdict: 'ok', detail: `${result.did.slice(0, 60)}${result.did.length > 60 ? '…' : ''}: ${document.keyAgreement?.length ?? 0} keyAgreement, ${document.authentication?.length ?? 0} authentication` });
    return true;
  } catch (error) {
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') {
      items.push({ name: 'createIdentity', verdict: 'unsupported', detail: 'answers -32601: live cases and matrix cells that need a fresh identity are skipped' });
      return false;
    }
    items.push(adapterFailure(name, error, 'createIdentity'));
    return false;
  }
}

/** What is wrong with a created document, as the harness will read it. */
function documentProblems(did: string, document: LibraryDidDocument): string[] {
  const problems: string[] = [];
  if (document.id !== did) problems.push(`the document's id is ${document.id}, not ${did}`);
  const methods = new Map((document.verificationMethod ?? []).map((vm) => [vm.id, vm]));
  for (const relation of ['keyAgreement', 'authentication'] as const) {
    for (const entry of document[relation] ?? []) {
      const vm = typeof entry === 'string' ? methods.get(entry) ?? methods.get(`${did}${entry}`) : entry;
      if (!vm) problems.push(`${relation} names ${String(entry)}, which no verificationMethod defines`);
      else if (!('publicKeyJwk' in vm) && !('publicKeyMultibase' in vm)) problems.push(`${relation} key ${vm.id} has neither publicKeyJwk nor publicKeyMultibase`);
    }
  }
  if ((document.keyAgreement ?? []).length === 0 && (document.authentication ?? []).length === 0) problems.push('no keyAgreement and no authentication key');
  return problems;
}

function libraryOptions(plan: Plan, from: Side, to: string): PackOptions {
  return {
    mode: plan.kind,
    to: [to],
    ...(plan.kind === 'authcrypt' ? { from: from.did } : {}),
    ...(from.signBy && plan.kind === 'signed' ? { signBy: from.signBy } : {}),
    ...(plan.enc ? { enc: plan.enc } : {}),
    ...(plan.curve && plan.kind !== 'signed' ? { curve: plan.curve as NonNullable<PackOptions['curve']> } : {}),
  };
}

function flagProblems(kind: EnvelopeKind, metadata: object, prefix: string): string[] {
  return Object.entries(expectedFlags(kind)).flatMap(([flag, value]) => {
    const actual = (metadata as Record<string, unknown>)[flag];
    return actual === value ? [] : [`${prefix}${flag} is ${String(actual)}, expected ${String(value)}`];
  });
}

/** One round trip of `kind` with the agent as `role` and the reference implementation as the other party. */
async function roundTrip(session: AdapterSession, capabilities: Capabilities, kind: EnvelopeKind, role: Direction, parties: { alice: Party; bob: Party }, can: { imported: boolean; canCreate: boolean }, resolver: DidcommDidResolver): Promise<CheckItem> {
  const a = kind === 'plaintext' || kind === 'signed' ? 'a' : 'an';
  const name = role === 'receiver' ? `unpack: ${a} ${kind} message the harness packed (the agent as receiver)` : `pack: ${a} ${kind} message the harness then unpacks (the agent as sender)`;
  const plan = planFor(capabilities, kind, role);
  if (typeof plan === 'string') return { name, verdict: 'warn', detail: `${kind} is claimed but ${plan}`, hint: 'claim the algorithms and curves that go with each envelope kind (capabilities.algorithms)' };
  if (!can.imported && !can.canCreate && kind !== 'plaintext') return { name, verdict: 'unsupported', detail: 'needs importIdentity or createIdentity to hold a key' };
  let agent: Side;
  let harness: Side;
  try {
    // Plaintext needs no keys: the vector parties' DIDs serve as names, whatever the adapter can hold.
    const plain = { alice: { did: parties.alice.did, secrets: storeOf(parties.alice) }, bob: { did: parties.bob.did, secrets: storeOf(parties.bob) } };
    ({ agent, harness } = kind === 'plaintext'
      ? (role === 'sender' ? { agent: plain.alice, harness: plain.bob } : { agent: plain.bob, harness: plain.alice })
      : await sides(session, plan, role, parties, can.imported, resolver));
  } catch (error) {
    return adapterFailure(name, error, can.imported ? 'importIdentity' : 'createIdentity');
  }
  const [sender, recipient] = role === 'receiver' ? [harness, agent] : [agent, harness];
  const message = probeMessage(kind, role, sender.did, recipient.did);
  if (role === 'receiver') {
    let packed: string;
    try {
      packed = (await packMessage(message as LibraryMessage, libraryOptions(plan, harness, agent.did), { resolver, secrets: harness.secrets! })).packed;
    } catch (error) {
      return { name, verdict: 'warn', detail: `the harness could not pack ${describePlan(plan)} for the agent's identity: ${(error as Error).message}` };
    }
    try {
      const result = await session.call('unpack', { packed });
      if (result.status === 'rejected') return { name, verdict: 'warn', detail: `${describePlan(plan)}: rejected a valid message: ${result.error.code}: ${result.error.message}`, hint: `${FINDING} ${receiverHint(kind)}` };
      const problems = [
        ...(result.message['id'] !== message.id || JSON.stringify(result.message['body']) !== JSON.stringify(message.body) ? ['the unpacked message is not the one packed (id or body differ)'] : []),
        ...flagProblems(kind, result.metadata, 'metadata.'),
      ];
      return problems.length > 0
        ? { name, verdict: 'fail', detail: `${describePlan(plan)}: ${problems.join('; ')}`, hint: 'return the plaintext exactly as the agent gives it, and metadata as the envelope implies (docs/writing-an-adapter.md, "What each method returns")' }
        : { name, verdict: 'ok', detail: `${describePlan(plan)}: accepted, same message, metadata as expected` };
    } catch (error) {
      return adapterFailure(name, error, 'unpack');
    }
  }
  const params: PackParams = {
    message, envelope: kind, to: [recipient.did], ...(kind === 'authcrypt' || kind === 'signed' ? { from: sender.did } : {}),
    ...(sender.signBy && kind === 'signed' ? { signBy: sender.signBy } : {}), ...(plan.enc ? { enc: plan.enc } : {}), ...(plan.curve && kind !== 'signed' ? { curve: plan.curve } : {}),
  };
  let packed: string;
  try {
    const result = await session.call('pack', params);
    if (result.status === 'rejected') return { name, verdict: 'warn', detail: `${describePlan(plan)}: the agent refused to pack: ${result.error.code}: ${result.error.message}`, hint: `${FINDING} ${kind} is claimed for sending: claim only what a round trip proves (sendOnly/receiveOnly for one direction)` };
    packed = result.packed;
  } catch (error) {
    return adapterFailure(name, error, 'pack');
  }
  try {
    const unpacked = await unpackMessage(packed, { resolver, secrets: harness.secrets! }, { strict: false });
    const problems = [...(unpacked.message.id !== message.id ? [`the harness unpacked id ${String(unpacked.message.id)}, not ${message.id}`] : []), ...flagProblems(kind, unpacked.metadata, 'the envelope reads ')];
    return problems.length > 0
      ? { name, verdict: 'fail', detail: `${describePlan(plan)}: ${problems.join('; ')}`, hint: 'pack the message as given, in the envelope asked for' }
      : { name, verdict: 'ok', detail: `${describePlan(plan)}: the reference implementation unpacked it` };
  } catch (error) {
    const reason = isDidcommError(error) ? `${error.code}${error.requirement ? ` (${error.requirement})` : ''}: ${error.message}` : (error as Error).message;
    return { name, verdict: 'warn', detail: `${describePlan(plan)}: the reference implementation refused what the agent packed: ${reason}`, hint: `${FINDING} the requirement named is where to look` };
  }
}

/** A disagreement between the agent and the reference is a finding for the suites to judge, not adapter trouble. */
const FINDING = 'the adapter works; the agent and the reference implementation disagree, and the suites will judge it:';

function receiverHint(kind: EnvelopeKind): string {
  if (kind === 'plaintext') return 'the plaintext suites send messages like this one: accept any valid plaintext (unknown headers included)';
  return 'the harness\'s DID documents carry their keys as JsonWebKey2020 verification methods, and the spec\'s vector documents also embed keys directly in authentication/keyAgreement: resolve both (docs/writing-an-adapter.md, "DID documents")';
}

