/**
 * Which matrix cells make `matrix` and `start` exit 1: a failing or errored cell unless the sender's or
 * receiver's adapter.json lists `interop.` and the cell's feature ID or a part of it cut at a dot (only the
 * side the triangulation singles out, when it does).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { MatrixCell, MatrixResult } from '../../matrix/run.js';
import { unexpectedCells, unexpectedLine } from './matrix.js';

const work = mkdtempSync(join(tmpdir(), 'matrix-known-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The path of an adapter.json that lists `keys` as known issues. */
function adapterWith(name: string, keys: string[]): string {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify({
    name, implementation: { name, version: '1.0.0' }, transport: { kind: 'stdio', command: 'true' },
    knownIssues: Object.fromEntries(keys.map((key) => [key, { reason: `known: ${key}` }])),
  }));
  return file;
}

const cell = (feature: string, status: MatrixCell['status']): MatrixCell => ({ feature, group: feature.startsWith('live.') ? 'live' : 'envelope', status, detail: `why ${feature}` });
const features = ['anoncrypt.P-521.XC20P', 'anoncrypt.P-521.A256GCM', 'anoncrypt.P-256.XC20P', 'authcrypt.P-521.A256CBC-HS512', 'live.trust-ping.ws', 'signed.ES256K'];

let senders = 0;
function unexpectedWith(keys: string[]): string[] {
  const sender = adapterWith(`sender-${++senders}`, keys);
  const receiver = adapterWith('receiver', []);
  const result: MatrixResult = {
    format: 1, generatedAt: 'now', seed: 1, features, adapters: [],
    pairs: [{ sender, receiver, cells: [...features.map((f) => cell(f, 'fail')), cell('plaintext', 'pass'), cell('signed.EdDSA', 'n/a')] }],
  };
  return unexpectedCells(result).map((c) => c.feature);
}

describe('known interop issues', () => {
  test('without a key every failing cell is unexpected, and passing or n/a cells never are', () => {
    expect(unexpectedWith([])).toEqual(features);
  });

  test('a full feature ID names that cell only', () => {
    expect(unexpectedWith(['interop.anoncrypt.P-521.XC20P'])).toEqual(features.filter((f) => f !== 'anoncrypt.P-521.XC20P'));
  });

  test('a feature ID cut at a dot names every cell under it, and nothing that merely shares its first letters', () => {
    expect(unexpectedWith(['interop.anoncrypt.P-521'])).toEqual(['anoncrypt.P-256.XC20P', 'authcrypt.P-521.A256CBC-HS512', 'live.trust-ping.ws', 'signed.ES256K']);
    expect(unexpectedWith(['interop.anoncrypt.P-5'])).toEqual(features);
    expect(unexpectedWith(['interop.anoncrypt', 'interop.live'])).toEqual(['authcrypt.P-521.A256CBC-HS512', 'signed.ES256K']);
  });

  test('an error cell is printed as ERROR, a failing one as FAIL', () => {
    const pair = { sender: 'a', receiver: 'b', cells: [] };
    expect(unexpectedLine({ pair, feature: 'anoncrypt.P-256.A256GCM', status: 'error', detail: 'the sender\'s envelope is not anoncrypt.P-256.A256GCM' })).toBe('ERROR a → b anoncrypt.P-256.A256GCM: the sender\'s envelope is not anoncrypt.P-256.A256GCM');
    expect(unexpectedLine({ pair, feature: 'signed.ES256K', status: 'fail', detail: 'receiver rejected' })).toBe('FAIL a → b signed.ES256K: receiver rejected');
  });

  test('when the triangulation singles out one side, only that side\'s known issues excuse the cell', () => {
    const sender = adapterWith(`sender-${++senders}`, ['interop.anoncrypt']);
    const receiver = adapterWith(`receiver-${senders}`, ['interop.authcrypt']);
    const blamed = (feature: string, via: MatrixCell['via']): MatrixCell => ({ ...cell(feature, 'fail'), ...(via ? { via } : {}) });
    const result: MatrixResult = {
      format: 1, generatedAt: 'now', seed: 1, features, adapters: [],
      pairs: [{ sender, receiver, cells: [
        // Legs: sender -> reference passes, reference -> receiver fails: the receiver's; the sender's issue does not excuse it.
        blamed('anoncrypt.P-256.XC20P', { senderToReference: 'pass', referenceToReceiver: 'fail', verdict: 'the receiver is the odd one out' }),
        blamed('authcrypt.P-256.A256CBC-HS512', { senderToReference: 'pass', referenceToReceiver: 'fail', verdict: 'the receiver is the odd one out' }),
        // The sender's leg fails: its own issue excuses it, the receiver's would not.
        blamed('anoncrypt.P-384.XC20P', { senderToReference: 'fail', referenceToReceiver: 'pass', verdict: 'the sender is the odd one out' }),
        blamed('authcrypt.P-384.A256CBC-HS512', { senderToReference: 'fail', referenceToReceiver: 'pass', verdict: 'the sender is the odd one out' }),
        // No side singled out (both legs pass, or no triangulation): either side's issue excuses it.
        blamed('authcrypt.X25519.A256CBC-HS512', { senderToReference: 'pass', referenceToReceiver: 'pass', verdict: 'both legs pass' }),
        blamed('anoncrypt.X25519.XC20P', undefined),
      ] }],
    };
    expect(unexpectedCells(result).map((c) => c.feature)).toEqual(['anoncrypt.P-256.XC20P', 'authcrypt.P-384.A256CBC-HS512']);
  });
});
