import { describe, expect, test } from 'vitest';
import { RotationState } from './rotation.js';
import { createIdentity } from '../did/identity.js';
import { createDidResolver } from '../did/resolver.js';
import { SecretStore } from '../did/secrets.js';
import { verifyFromPrior } from '../didcomm/plaintext/from-prior.js';
import { buildEmpty } from '../didcomm/protocols/empty-1.0/empty.js';
import type { FromPriorClaims, UnpackMetadata } from '../didcomm/types.js';

async function keysWith(...dids: Array<Awaited<ReturnType<typeof createIdentity>>>) {
  const keys = { resolver: createDidResolver({ examples: false }), secrets: new SecretStore() };
  for (const identity of dids) {
    keys.resolver.addDocument(identity.didDocument);
    for (const s of identity.secrets) keys.secrets.add(s.kid, s.privateJwk);
  }
  return keys;
}

const metadata = (recipientDid: string, fromPrior?: FromPriorClaims): UnpackMetadata => ({
  encrypted: true, authenticated: true, nonRepudiation: false, anonymousSender: false,
  recipientKids: [`${recipientDid}#key-2`], layers: [], warnings: [], ...(fromPrior ? { fromPrior } : {}),
});

describe('RotationState', () => {
  test('ROT-008: from_prior goes on messages from the new DID until a message to the new DID arrives; one to the old DID does not end it', async () => {
    const [old, fresh] = [await createIdentity({ method: 'peer:2' }), await createIdentity({ method: 'peer:2' })];
    const state = new RotationState();
    const jwt = await state.begin(await keysWith(old, fresh), old.did, fresh.did, 1_700_000_000);
    expect(state.withFromPrior(buildEmpty({ from: fresh.did })).from_prior).toBe(jwt);
    expect(state.withFromPrior(buildEmpty({ from: old.did })).from_prior).toBeUndefined();
    const own = new Set([old.did, fresh.did]);
    state.observe(buildEmpty({ from: 'did:example:peer', to: [old.did] }), metadata(old.did), own);
    expect(state.withFromPrior(buildEmpty({ from: fresh.did })).from_prior).toBe(jwt);
    state.observe(buildEmpty({ from: 'did:example:peer', to: [fresh.did] }), metadata(fresh.did), own);
    expect(state.withFromPrior(buildEmpty({ from: fresh.did })).from_prior).toBeUndefined();
  });

  test('ROT-009: end() signs a from_prior without sub; once seen on a message without from, the old DID is ignored', async () => {
    const peer = await createIdentity({ method: 'peer:2' });
    const keys = await keysWith(peer);
    const jwt = await new RotationState().end(keys, peer.did, 1_700_000_000);
    const ending = buildEmpty({ to: ['did:example:me'], from_prior: jwt });
    const claims = await verifyFromPrior(ending, keys.resolver, { strict: true, warnings: [] });
    expect(claims.iss).toBe(peer.did);
    expect(claims.sub).toBeUndefined();
    const state = new RotationState();
    expect(state.observe(buildEmpty({ from: peer.did }), metadata('did:example:me'), new Set())).toBeUndefined();
    state.observe(ending, metadata('did:example:me', claims), new Set());
    expect(state.observe(buildEmpty({ from: peer.did }), metadata('did:example:me'), new Set())).toMatchObject({ code: 'RELATIONSHIP_ENDED', requirement: 'ROT-009' });
  });

  test('ROT-006/-007: a learned rotation is followed by currentDid, and the old DID is ignored', () => {
    const state = new RotationState();
    state.observe(buildEmpty({ from: 'did:example:b' }), metadata('did:example:me', { iss: 'did:example:a', sub: 'did:example:b', kid: 'did:example:a#k' }), new Set());
    state.observe(buildEmpty({ from: 'did:example:c' }), metadata('did:example:me', { iss: 'did:example:b', sub: 'did:example:c', kid: 'did:example:b#k' }), new Set());
    expect(state.currentDid('did:example:a')).toBe('did:example:c');
    expect(state.currentDid('did:example:x')).toBe('did:example:x');
    expect(state.observe(buildEmpty({ from: 'did:example:a' }), metadata('did:example:me'), new Set())).toMatchObject({ code: 'ROTATED_AWAY', requirement: 'ROT-007' });
  });
});
