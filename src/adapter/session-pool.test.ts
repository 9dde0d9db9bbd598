/**
 * The session pool and an adapter reached by URL, which is one agent however many sessions talk to it (the
 * reference adapter over HTTP here): a session handed out while another of the same agent is in use is not
 * reset, since that would wipe what the other side holds (the matrix's self-pair: Alice imported by the
 * sender side, Bob by the receiver side); once none is in use, a session is reset as for any adapter.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageRoot, resolveAdapter, type ResolvedAdapter } from './manifest.js';
import { SessionPool } from './session-pool.js';
import { vectorParties } from '../matrix/identities.js';
import { referenceOverHttp } from '../../test/reference-over-http.js';

const root = packageRoot();
let agent: ChildProcess;
let adapter: ResolvedAdapter;
const { alice, bob } = vectorParties(root);
const message = { id: 'pool-1', type: 'https://didcomm.org/basicmessage/2.0/message', from: alice.did, to: [bob.did], body: { content: 'hi' } };

beforeAll(async () => {
  let url: string;
  ({ url, agent } = await referenceOverHttp(root));
  adapter = resolveAdapter(url, root);
}, 60_000);

afterAll(() => agent?.kill());

describe('a session pool over one agent reached by URL', () => {
  test('no reset while another session of the agent is in use; a reset once none is', { timeout: 60_000 }, async () => {
    const pool = new SessionPool();
    try {
      const sender = await pool.take(adapter);
      await sender.call('importIdentity', { didDocument: alice.didDocument, secrets: alice.secrets });
      await sender.call('registerDidDocument', { didDocument: bob.didDocument });
      const spare = await pool.take(adapter);
      await pool.give(adapter, spare);
      // The receiver side takes the idle session while the sender side holds the agent: Alice must stay held.
      const receiver = await pool.take(adapter);
      expect(receiver.takeTranscript().map((entry) => (entry as { method?: string }).method)).not.toContain('reset');
      const packed = await sender.call('pack', { message, envelope: 'authcrypt', to: [bob.did], from: alice.did, curve: 'X25519' });
      expect(packed).toMatchObject({ status: 'packed' });
      await pool.give(adapter, receiver);
      await pool.give(adapter, sender);
      // Nobody holds the agent now: the next session is reset, and Alice's keys are gone with it.
      const next = await pool.take(adapter);
      const after = await next.call('pack', { message, envelope: 'authcrypt', to: [bob.did], from: alice.did, curve: 'X25519' });
      expect(after.status).toBe('rejected');
    } finally {
      await pool.close();
    }
  });
});
