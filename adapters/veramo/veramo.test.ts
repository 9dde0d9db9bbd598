/** Smoke tests of the veramo adapter (see src/adapter/third-party-smoke.test-support.ts) and of its live agent. */
import { expect, test } from 'vitest';
import { describeAdapterSmoke } from '../../src/adapter/third-party-smoke.test-support.js';
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
