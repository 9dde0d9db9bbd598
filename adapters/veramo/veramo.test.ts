/** Smoke tests of the veramo adapter (see src/adapter/third-party-smoke.test-support.ts) and of its live agent. */
import { expect, test } from 'vitest';
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';
import { veramoHandlers } from './handlers.js';
import { probeLive } from './live-probe.js';

describeAdapterSmoke('veramo');

// Veramo to Veramo over loopback HTTP: a ping answered, and mediation, forward and pickup in Veramo's own flow.
// These round trips are what describe claims; if one breaks, a claim (and the live cases it enables) goes.
test('veramo live agent: the round trips behind the live claims work over loopback HTTP', { timeout: 20_000 }, async () => {
  expect(await probeLive()).toEqual({
    transports: ['http'],
    protocols: ['https://didcomm.org/trust-ping/2.0', 'https://didcomm.org/coordinate-mediation/3.0', 'https://didcomm.org/routing/2.0', 'https://didcomm.org/messagepickup/3.0'],
    roles: ['mediator'],
  });
});

// The matrix's created-identity cells pack to and unpack for identities the adapter created (createIdentity makes
// them in the live agent); pack/unpack must hold those keys too, or every such cell fails with "no key" against
// Veramo for the adapter's own fault.
test('veramo adapter: pack and unpack work for identities createIdentity made', { timeout: 20_000 }, async () => {
  const handlers = veramoHandlers();
  try {
    const call = <T>(method: string, params: unknown) => (handlers as unknown as Record<string, (p: unknown) => Promise<T>>)[method]!(params);
    const alice = await call<{ did: string }>('createIdentity', { didMethod: 'peer:2' });
    const bob = await call<{ did: string }>('createIdentity', { didMethod: 'peer:2' });
    const message = { id: 'created-1', type: 'https://didcomm.org/basicmessage/2.0/message', from: alice.did, to: [bob.did], body: { content: 'between created identities' } };
    for (const envelope of ['anoncrypt', 'authcrypt'] as const) {
      const packed = await call<{ status: string; packed: string }>('pack', { message, envelope, to: [bob.did], ...(envelope === 'authcrypt' ? { from: alice.did } : {}) });
      expect(packed.status, envelope).toBe('packed');
      const opened = await call<{ status: string; message: { body: unknown; from?: string }; metadata: { recipientKids?: string[]; senderKid?: string } }>('unpack', { packed: packed.packed });
      expect(opened.status, envelope).toBe('accepted');
      expect(opened.message.body).toEqual({ content: 'between created identities' });
      expect(opened.metadata.recipientKids?.every((kid) => kid.startsWith(`${bob.did}#`))).toBe(true);
      if (envelope === 'authcrypt') expect(opened.metadata.senderKid?.startsWith(`${alice.did}#`)).toBe(true);
    }
  } finally {
    await handlers.shutdown?.({} as never);
  }
});
