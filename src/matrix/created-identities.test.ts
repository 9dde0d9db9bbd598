/**
 * Envelope cells between identities the adapters create, on real adapter processes: Identus (no
 * importIdentity, no pack) sends with its own `send` to a DID the reference created, whose service is the
 * harness's capture endpoint, and the reference unpacks what arrived; a combination its `send` does not
 * choose is n/a with what it sent; the spec's vector parties have no P-384 keyAgreement key for the sender,
 * so authcrypt on P-384 goes between created identities too.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { keysFor } from './created-identities.js';
import { FEATURES } from './features.js';
import { runMatrix, type MatrixPair } from './run.js';

function cellsOf(pairs: MatrixPair[], sender: string, receiver: string) {
  return new Map(pairs.find((p) => p.sender === sender && p.receiver === receiver)!.cells.map((c) => [c.feature, c]));
}

describe('envelope cells between created identities', () => {
  test('each side creates only the key the feature needs', () => {
    const byId = (id: string) => FEATURES.find((f) => f.id === id)!;
    expect(keysFor(byId('signed.ES256'), 'sender')).toEqual({ authentication: 'P-256' });
    expect(keysFor(byId('signed.ES256'), 'receiver')).toEqual({});
    expect(keysFor(byId('anoncrypt.P-384.A256GCM'), 'sender')).toEqual({});
    expect(keysFor(byId('anoncrypt.P-384.A256GCM'), 'receiver')).toEqual({ keyAgreement: 'P-384' });
    expect(keysFor(byId('authcrypt.P-384.A256CBC-HS512'), 'sender')).toEqual({ keyAgreement: 'P-384' });
  });

  test('Identus sends to the reference\'s created DID, captured and unpacked; P-384 authcrypt between created identities', async () => {
    const out = mkdtempSync(join(tmpdir(), 'matrix-created-'));
    const result = await runMatrix({ adapters: ['reference', 'identus'], out, seed: 5, live: false });
    const fromIdentus = cellsOf(result.pairs, 'identus', 'reference');
    for (const feature of ['anoncrypt.X25519.XC20P', 'authcrypt.X25519.A256CBC-HS512']) {
      const cell = fromIdentus.get(feature)!;
      expect(cell, feature).toMatchObject({ status: 'pass', identities: 'created' });
      const evidence = JSON.parse(readFileSync(join(out, cell.evidence!), 'utf8')) as { identities: { created: string; from: string; to: string }; capturedContentType: string; packed: string; senderTranscript: Array<{ kind: string; method?: string }> };
      expect(evidence.identities.created).toContain('identus does not implement importIdentity');
      expect(evidence.identities.to).toMatch(/^did:peer:2\./);
      expect(evidence.capturedContentType).toBe('application/didcomm-encrypted+json');
      // Identus has no pack: the envelope is what its send delivered.
      expect(evidence.senderTranscript.filter((t) => t.kind === 'call').map((t) => t.method)).toEqual(expect.arrayContaining(['pack', 'send']));
      const header = JSON.parse(Buffer.from((JSON.parse(evidence.packed) as { protected: string }).protected, 'base64url').toString('utf8')) as Record<string, unknown>;
      expect(header['alg']).toBe(feature.startsWith('authcrypt') ? 'ECDH-1PU+A256KW' : 'ECDH-ES+A256KW');
    }
    expect(fromIdentus.get('anoncrypt.X25519.A256CBC-HS512')).toMatchObject({
      status: 'n/a', identities: 'created', detail: expect.stringMatching(/^identus has no `pack` and its `send` chooses the algorithms itself: it sent ECDH-ES\+A256KW\/XC20P on X25519/),
    });
    // Identus claims no receiver role: nothing is tried towards it.
    expect([...cellsOf(result.pairs, 'reference', 'identus').values()].every((c) => c.status === 'n/a' && c.detail === 'not claimed by identus as receiver')).toBe(true);
    const p384 = cellsOf(result.pairs, 'reference', 'reference').get('authcrypt.P-384.A256CBC-HS512')!;
    expect(p384).toMatchObject({ status: 'pass', identities: 'created' });
    const evidence = JSON.parse(readFileSync(join(out, p384.evidence!), 'utf8')) as { identities: { created: string }; packed: string };
    expect(evidence.identities.created).toBe("the spec's sender did:example:alice has no P-384 keyAgreement key");
    const header = JSON.parse(Buffer.from((JSON.parse(evidence.packed) as { protected: string }).protected, 'base64url').toString('utf8')) as { epk: { crv: string } };
    expect(header.epk.crv).toBe('P-384');
  }, 120_000);
});
