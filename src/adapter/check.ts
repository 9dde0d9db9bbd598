/**
 * `adapter check`: the first thing a vendor runs, exercising what the suites will use. Starts the adapter,
 * checks every reply against its schema and the deadline, then: identities (import the spec's party, create
 * one whose document the harness resolves), a pack and an unpack of each claimed envelope kind with the
 * reference implementation as the other party (check-envelopes.ts), the live methods when a transport is
 * claimed (check-live.ts), that an unknown method answers -32601, and that shutdown works. Each item has a
 * verdict and, when it is not ok, a hint naming the likely cause (check-hints.ts): the first reply that
 * never came is an unflushed stdout. Trouble in one item never stops the others (the session restarts).
 * @module
 */
import { isAdapterError } from '../errors/adapter-error.js';
import { packageRoot, type ResolvedAdapter } from './manifest.js';
import { vectorParties } from '../matrix/identities.js';
import { adapterFailure } from './check-hints.js';
import { probeEnvelopes } from './check-envelopes.js';
import { probeLive } from './check-live.js';
import { AdapterSession } from './session.js';
import type { MethodName, ParamsOf } from './protocol/v1/methods.js';
import type { DidDocument } from './protocol/v1/types.generated.js';

/** How one checklist item came out. `unsupported` (the method answered -32601) is allowed. */
export type CheckVerdict = 'ok' | 'warn' | 'fail' | 'unsupported';

export interface CheckItem {
  name: string;
  verdict: CheckVerdict;
  detail: string;
  hint?: string;
  durationMs?: number;
}

export interface CheckReport {
  adapter: string;
  items: CheckItem[];
  /** True when no item failed. */
  passed: boolean;
}

/** Share of the deadline above which a reply is flagged as slow. */
const SLOW_SHARE = 0.5;

/** A did:example document the probes can register: one X25519 key agreement key (ENC-ALG-001). */
const PROBE_DOCUMENT: DidDocument = {
  id: 'did:example:adapter-check',
  verificationMethod: [{
    id: 'did:example:adapter-check#key-x25519-1',
    type: 'JsonWebKey2020',
    controller: 'did:example:adapter-check',
    publicKeyJwk: { kty: 'OKP', crv: 'X25519', x: 'avH0O2Y4tqLAq8y9zpianr8ajii5m4F_mICrzNlatXs' },
  }],
  keyAgreement: ['did:example:adapter-check#key-x25519-1'],
};

const PROBE_MESSAGE = { id: 'adapter-check-1', type: 'https://didcomm.org/trust-ping/2.0/ping', body: { response_requested: false } };

type Probe = { [M in MethodName]: { method: M; params: ParamsOf<M> } }[MethodName];

/** The harmless call each method is probed with, in order (envelope and live probes follow). */
const PROBES: Probe[] = [
  { method: 'reset', params: {} },
  { method: 'registerDidDocument', params: { didDocument: PROBE_DOCUMENT } },
];

/** Runs the checklist against `adapter`. */
export async function checkAdapter(adapter: ResolvedAdapter): Promise<CheckReport> {
  const items: CheckItem[] = [];
  const deadline = adapter.limits.deadlineMs;
  let session: AdapterSession;
  const started = performance.now();
  try {
    session = await AdapterSession.open(adapter.target, adapter.limits);
  } catch (error) {
    items.push(adapterFailure('starts and answers describe', error, 'describe', { firstCall: true }));
    return { adapter: adapter.name, items, passed: false };
  }
  const { implementation, capabilities } = session.description;
  items.push({
    name: 'starts and answers describe (protocol v1)',
    verdict: 'ok',
    detail: `${implementation.name} ${implementation.version}; envelopes: ${capabilities.envelopes.join(', ') || 'none'}; roles: ${capabilities.roles.join(', ') || 'none'}`,
    durationMs: elapsed(started),
  });
  // A bare URL has no adapter.json to compare with.
  if (adapter.manifestPath && (implementation.name !== adapter.manifest.implementation.name || implementation.version !== adapter.manifest.implementation.version)) {
    items.push({
      name: 'describe matches adapter.json',
      verdict: 'warn',
      detail: `adapter.json says ${adapter.manifest.implementation.name} ${adapter.manifest.implementation.version}, describe says ${implementation.name} ${implementation.version}`,
      hint: 'keep implementation name and version in adapter.json in step with what describe answers',
    });
  }
  const markup = suspiciousStrings(session.description);
  if (markup.length > 0) {
    items.push({
      name: 'describe strings are plain text',
      verdict: 'warn',
      detail: `markup or control characters in ${markup.join(', ')}`,
      hint: 'reports escape everything an adapter says, but names and versions should be plain text',
    });
  }
  for (const probe of PROBES) items.push(await probeMethod(session, probe, deadline));
  items.push(...await probeEnvelopes(session, capabilities, vectorParties(packageRoot())));
  items.push(await probeRoundTrip(session));
  items.push(...await probeLive(session, capabilities));
  items.push(await probeUnknownMethod(session));
  items.push(restarts(session));
  const closing = performance.now();
  await session.close();
  items.push({ name: 'shutdown', verdict: 'ok', detail: 'stopped', durationMs: elapsed(closing) });
  return { adapter: adapter.name, items, passed: items.every((item) => item.verdict !== 'fail') };
}

async function probeMethod(session: AdapterSession, probe: Probe, deadline: number): Promise<CheckItem> {
  const name = `${probe.method}: reply matches its schema, within the deadline`;
  const started = performance.now();
  try {
    await session.call(probe.method, probe.params as never);
    const durationMs = elapsed(started);
    if (durationMs > deadline * SLOW_SHARE) {
      return { name, verdict: 'warn', detail: `answered in ${durationMs} ms, over half the ${deadline} ms deadline`, hint: 'a slower machine will time out; make the handler faster', durationMs };
    }
    return { name, verdict: 'ok', detail: `answered in ${durationMs} ms`, durationMs };
  } catch (error) {
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') {
      return { name: `${probe.method}`, verdict: 'unsupported', detail: 'answers -32601: cases that need it are skipped', durationMs: elapsed(started) };
    }
    return { ...adapterFailure(name, error, probe.method), durationMs: elapsed(started) };
  }
}

/** Unpacks the probe plaintext a few times: catches crashes on a later call and answers that change the message. */
async function probeRoundTrip(session: AdapterSession): Promise<CheckItem> {
  const name = 'unpack, repeated 3 times, returns the plaintext it was given';
  try {
    for (let round = 1; round <= 3; round += 1) {
      const result = await session.call('unpack', { packed: JSON.stringify(PROBE_MESSAGE) });
      if (result.status !== 'accepted') {
        return { name, verdict: 'warn', detail: `round ${round}: rejected a plain trust ping (${result.error.code})`, hint: 'plaintext suites will fail unless the agent accepts plaintext' };
      }
      if (JSON.stringify(sortKeys(result.message)) !== JSON.stringify(sortKeys(PROBE_MESSAGE))) {
        // An agent that fills in the default plaintext `typ` (didcomm-rust's Message always has one) changed no
        // content: the plaintext suites judge that (ENV-MT-006); it is not the adapter's fault.
        const { typ, ...rest } = result.message;
        if (typ === 'application/didcomm-plain+json' && JSON.stringify(sortKeys(rest)) === JSON.stringify(sortKeys(PROBE_MESSAGE))) {
          return { name, verdict: 'warn', detail: `round ${round}: the agent added "typ": "application/didcomm-plain+json" to the plaintext`, hint: 'the plaintext suites report it under ENV-MT-006 if it matters; return what the agent gives' };
        }
        return { name, verdict: 'fail', detail: `round ${round}: the unpacked message differs from the one sent`, hint: 'return the plaintext exactly as received (every header, unknown ones too); claim only what the agent does' };
      }
    }
    return { name, verdict: 'ok', detail: 'identical each time' };
  } catch (error) {
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') return { name, verdict: 'unsupported', detail: 'unpack answers -32601' };
    return adapterFailure(name, error, 'unpack');
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}

/** Paths of describe strings holding markup or control characters. */
function suspiciousStrings(value: unknown, path = 'describe'): string[] {
  if (typeof value === 'string') return /[<>\u0000-\u001f\u007f]/.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => suspiciousStrings(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, member]) => suspiciousStrings(member, `${path}.${key}`));
}

async function probeUnknownMethod(session: AdapterSession): Promise<CheckItem> {
  const name = 'an unknown method answers JSON-RPC -32601 (method not found)';
  try {
    await session.callUnknown('adapterCheck.noSuchMethod');
    return { name, verdict: 'fail', detail: 'it answered with a result', hint: 'answer methods you do not know with {"error":{"code":-32601,...}}; the harness reads that as "unsupported"' };
  } catch (error) {
    if (isAdapterError(error) && error.code === 'ERR_ADAPTER_UNSUPPORTED') return { name, verdict: 'ok', detail: 'answered -32601' };
    return adapterFailure(name, error, 'adapterCheck.noSuchMethod');
  }
}

function restarts(session: AdapterSession): CheckItem {
  return session.restarts === 0
    ? { name: 'stays up for the whole check', verdict: 'ok', detail: 'no restart needed' }
    : { name: 'stays up for the whole check', verdict: 'fail', detail: `needed ${session.restarts} restart(s)`, hint: 'see the failures above; the harness restarts a dead or out-of-step adapter and replays its setup, but every affected case is errored' };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
