import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DidcommError } from '../errors/didcomm-error.js';
import { absoluteId, keyIdsFor, keyResolverFor, type DidDocument, type KeyPurpose, type ResolvedKey, type VerificationMethod } from './document.js';
import { publicJwkOfVerificationMethod } from './key-formats.js';
import { prng } from '../fuzz/mutators.js';

/**
 * The key lookup as it was when it indexed the whole document (every method by absolute id, the relationship
 * as a set) before looking at any kid: the lookup that reads the document without keeping an index must give
 * the same key, or the same error, for every document and kid, malformed ones included.
 */
function indexedResolver(doc: DidDocument, purpose: KeyPurpose): (kid: string) => ResolvedKey {
  const methods = new Map<string, VerificationMethod>();
  const add = (vm: VerificationMethod): void => {
    const id = absoluteId(doc.id, vm.id);
    if (!methods.has(id)) methods.set(id, vm);
  };
  for (const vm of doc.verificationMethod ?? []) add(vm);
  for (const p of ['authentication', 'assertionMethod', 'keyAgreement', 'capabilityInvocation', 'capabilityDelegation'] as const) {
    for (const entry of doc[p] ?? []) if (typeof entry !== 'string') add(entry);
  }
  const authorized = new Set(keyIdsFor(doc, purpose));
  return (kid) => {
    const found = methods.get(kid);
    if (!found) throw new DidcommError('ERR_KEY_NOT_FOUND', `${kid} is not a verification method of ${doc.id}`, { requirement: 'KEYS-002' });
    if (!authorized.has(kid)) {
      throw new DidcommError('ERR_KEY_RELATIONSHIP', `${kid} is not listed in the ${purpose} of ${doc.id}`, {
        requirement: purpose === 'keyAgreement' ? 'ENV-PLAIN-008' : 'ENV-SIGN-006',
      });
    }
    const method = { ...found, id: kid };
    return { kid, method, publicJwk: publicJwkOfVerificationMethod(method) };
  };
}

/**
 * What a lookup gives: the key, or the error: a DidcommError's code, requirement and message; for a TypeError (a
 * malformed document) its name only, since V8 words it differently once the code is optimized (the same
 * non-iterable member reads "object is not iterable …" or "undefined is not a function").
 */
function outcome(lookup: () => (kid: string) => ResolvedKey, kids: string[]): unknown[] {
  let resolve: (kid: string) => ResolvedKey;
  try {
    resolve = lookup();
  } catch (error) {
    return [describeError(error)];
  }
  return kids.map((kid) => {
    try {
      return resolve(kid);
    } catch (error) {
      return describeError(error);
    }
  });
}

function describeError(error: unknown): unknown {
  const e = error as DidcommError;
  return e instanceof DidcommError ? { name: e.name, code: e.code, requirement: e.requirement, message: e.message } : { name: e.name };
}

const DID = 'did:example:doc';
const JWKS = ['x25519', 'ed25519'].map((type) => generateKeyPairSync(type as 'x25519').publicKey.export({ format: 'jwk' }));

/** Documents mixing well-formed and malformed entries: bad ids, null and scalar entries, repeated ids, non-array relationships. */
function randomDocument(next: () => number): { doc: DidDocument; kids: string[] } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const ids = ['#k1', '#k2', `${DID}#k3`, `${DID}#k1`, 'did:example:other#k4'];
  const method = (): unknown => pick<() => unknown>([
    () => ({ id: pick(ids), type: 'JsonWebKey2020', publicKeyJwk: pick(JWKS) }),
    () => ({ id: pick(ids), type: 'JsonWebKey2020', publicKeyJwk: pick(JWKS) }),
    () => ({ id: pick(ids), type: 'UnknownType2099' }),
    () => ({ id: pick([7, null, undefined, ['#k1']]), type: 'JsonWebKey2020', publicKeyJwk: pick(JWKS) }),
    () => pick([null, 5, true]),
  ])();
  const list = (embedding: boolean): unknown => pick<() => unknown>([
    () => Array.from({ length: Math.floor(next() * 4) }, () => (embedding && next() < 0.4 ? method() : pick([...ids, 'k5']))),
    () => Array.from({ length: Math.floor(next() * 4) }, () => (embedding && next() < 0.4 ? method() : pick([...ids, 'k5']))),
    () => undefined,
    () => pick(['#k1', '', { id: '#k1' }, 3]),
  ])();
  const doc = {
    id: DID,
    verificationMethod: next() < 0.9 ? Array.from({ length: Math.floor(next() * 5) }, method) : pick(['abc', {}, 1]),
    authentication: list(true),
    keyAgreement: list(true),
    assertionMethod: list(true),
  } as unknown as DidDocument;
  const kids = Array.from({ length: 3 }, () => absoluteId(DID, pick(ids)));
  return { doc, kids };
}

describe('keyResolverFor (KEYS-002, ENV-PLAIN-008, ENV-SIGN-006)', () => {
  it('gives the key or the error the whole-document index gave, for 3,000 random documents, malformed ones included', () => {
    const next = prng(17);
    let malformed = 0;
    for (let i = 0; i < 3000; i++) {
      const { doc, kids } = randomDocument(next);
      for (const purpose of ['keyAgreement', 'authentication'] as const) {
        const expected = outcome(() => indexedResolver(doc, purpose), kids);
        expect(outcome(() => keyResolverFor(doc, purpose), kids), `document ${i} (${purpose}): ${JSON.stringify(doc)}`).toEqual(expected);
        if ((expected[0] as { name?: string }).name === 'TypeError') malformed += 1;
      }
    }
    // The generator reaches both the keys and the documents the index could not be built for.
    expect(malformed).toBeGreaterThan(500);
  });

  it('takes the first method of a repeated id, in document order, embedded ones after verificationMethod', () => {
    const [x, e] = JWKS;
    const doc: DidDocument = {
      id: DID,
      verificationMethod: [{ id: '#k1', type: 'JsonWebKey2020', publicKeyJwk: x! }],
      keyAgreement: [{ id: `${DID}#k1`, type: 'JsonWebKey2020', publicKeyJwk: e! }],
    };
    expect(keyResolverFor(doc, 'keyAgreement')(`${DID}#k1`).publicJwk).toEqual({ kty: 'OKP', crv: 'X25519', x: x!.x });
  });
});
