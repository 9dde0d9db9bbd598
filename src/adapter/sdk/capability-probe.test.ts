/** The SDK's capability probe, driven over the reference adapter's own handlers (a library with every algorithm). */
import { describe, expect, test } from 'vitest';
import { referenceHandlers } from '../../../adapters/reference/handlers.js';
import type { PackParams, PackResult } from '../protocol/v1/types.generated.js';
import { probeCapabilities, type ProbeAgent } from './capability-probe.js';

/** The reference as a ProbeAgent; `refusePack` makes it refuse some packs, as a narrower library would. */
function referenceAgent(refusePack: (params: PackParams) => boolean = () => false): ProbeAgent {
  const handlers = referenceHandlers('probe-test') as unknown as Record<string, (params: unknown) => Promise<unknown>>;
  return {
    addParty: async (didDocument, secrets) => void (await handlers['importIdentity']!({ didDocument, secrets })),
    pack: async (params) => (refusePack(params)
      ? { status: 'rejected', error: { code: 'ADAPTER_CANNOT_EXPRESS', message: 'not this enc for this kind' } } as unknown as PackResult
      : handlers['pack']!(params) as Promise<PackResult>),
    unpack: (packed) => handlers['unpack']!({ packed }) as never,
  };
}

describe('probeCapabilities: encryptionScope (ENC-ALG-002: a case asks an enc the agent claims for its kind)', () => {
  test('a library with every enc on every kind claims no scope', async () => {
    const capabilities = await probeCapabilities(referenceAgent());
    expect(capabilities.encryptionScope).toBeUndefined();
    expect(capabilities.algorithms['X25519']).toEqual(expect.arrayContaining(['ECDH-ES+A256KW', 'ECDH-1PU+A256KW', 'A256CBC-HS512', 'A256GCM', 'XC20P']));
  });

  test('anoncrypt that cannot send A256CBC-HS512 while authcrypt does: A256CBC-HS512 is scoped to authcrypt when sending only', async () => {
    const capabilities = await probeCapabilities(referenceAgent((params) => params.envelope === 'anoncrypt' && params.enc === 'A256CBC-HS512'));
    expect(capabilities.encryptionScope).toEqual({ send: { 'A256CBC-HS512': ['authcrypt'] } });
    // It still decrypts A256CBC-HS512 anoncrypt: the receive side is unscoped, and both kinds stay claimed.
    expect(capabilities.envelopes).toEqual(expect.arrayContaining(['anoncrypt', 'authcrypt']));
  });
});
