/**
 * faux/leak at the session level (issue 14, item 7): an adapter that puts private keys in every kind of reply
 * (describe, createIdentity, unpack, a JSON-RPC error) and prints them and the secrets it was handed on
 * stderr. What the session gives its callers, its transcript, its errors and its log hold none of them, and
 * each leak is still visible as `[redacted]` where it was, with the public parts beside it intact.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LATE_REPLY, leakedValues } from '../../adapters/faux/leak-agent.js';
import { isAdapterError } from '../errors/adapter-error.js';
import { packageRoot } from './manifest.js';
import { REDACTED } from './redact.js';
import { AdapterSession } from './session.js';

const root = packageRoot();
const faux = join(root, 'dist/adapters/faux/main.js');
const PLAIN = JSON.stringify({ id: '1', type: 'https://example.org/p/1.0/m' });
const LIMITS = { deadlineMs: 5000, maxReplyBytes: 4 * 1024 * 1024, maxRestarts: 2, maxReplayCalls: 10 };
const opened: AdapterSession[] = [];
afterEach(async () => {
  for (const session of opened.splice(0)) await session.close();
});

describe('faux/leak through a session', { timeout: 30_000 }, () => {
  test('replies, errors, transcript and log hold no leaked key; the leaks show as [redacted] in place', async () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'faux-leak-'));
    const keysFile = join(keysDir, 'leaked.jsonl');
    const session = await AdapterSession.open({ kind: 'stdio', command: 'node', args: [faux, '--fault', 'leak'], cwd: root, env: { FAUX_LEAK_KEYS_FILE: keysFile } }, LIMITS);
    opened.push(session);
    const handed = [generateKeyPairSync('ed25519'), generateKeyPairSync('x25519')].map(({ privateKey }, i) => ({ kid: `did:example:leaky#key-${i}`, ...(privateKey.export({ format: 'jwk' }) as { kty: string; d: string; x: string }) }));
    await session.call('importIdentity', { didDocument: { id: 'did:example:leaky' }, secrets: handed });
    const created = await session.call('createIdentity', { didMethod: 'example' });
    const unpacked = await session.call('unpack', { packed: PLAIN });
    const sendError = await session.call('send', { message: { id: '2', type: 'https://example.org/p/1.0/m' }, to: 'did:example:x' }).catch((error: unknown) => error);
    // A reply 3 s late against a 300 ms deadline: a 1 ms deadline raced the reply when the harness was busy redacting the leaks.
    const timeout = await session.call('unpack', { packed: LATE_REPLY }, { deadlineMs: 300 }).catch((error: unknown) => error);
    await session.call('reset', {});
    const transcript = session.takeTranscript();

    const leaked = leakedValues(keysFile);
    rmSync(keysDir, { recursive: true, force: true });
    // The adapter really leaked: its own keys, and each handed `d` in four encodings.
    for (const { d } of handed) expect(leaked).toContain(d);
    expect(leaked.length).toBeGreaterThan(20);
    const everything = JSON.stringify({ description: session.description, created, unpacked, sendError, timeout, transcript, log: session.log() });
    for (const value of leaked) expect(everything.includes(value), `leaked value ${value.slice(0, 12)}…`).toBe(false);

    expect(session.description.implementation.name).toMatch(/^faux-leak \{"crv":"X25519","d":"\[redacted\]","x":"[\w-]{43}","kty":"OKP"\}$/);
    const method = (created.didDocument['verificationMethod'] as Array<Record<string, unknown>>)[0]!;
    expect(method['publicKeyJwk']).toMatchObject({ kty: 'OKP', crv: 'X25519', d: REDACTED, x: expect.stringMatching(/^[\w-]{43}$/) });
    expect(method).toMatchObject({ privateKeyJwk: { d: REDACTED }, privateKeyMultibase: REDACTED, privateKeyBase58: REDACTED, description: expect.stringContaining(`"d":"${REDACTED}"`) });
    expect(unpacked.status).toBe('accepted');
    if (unpacked.status !== 'accepted') return;
    expect(unpacked.message).toEqual(JSON.parse(PLAIN));
    expect(unpacked.metadata).toMatchObject({
      debugKey: { kty: 'RSA', e: 'AQAB', d: REDACTED, p: REDACTED, q: REDACTED, dp: REDACTED, dq: REDACTED, qi: REDACTED },
      privateKeyJwk: { kty: 'oct', k: REDACTED }, privateKeyMultibase: REDACTED, privateKeyHex: REDACTED, importedKeys: [REDACTED, REDACTED],
    });
    expect(isAdapterError(sendError) && sendError.code).toBe('ERR_ADAPTER_METHOD_FAILED');
    expect((sendError as Error).message).toContain(`"d":"${REDACTED}"`);
    expect(isAdapterError(timeout) && timeout.code).toBe('ERR_ADAPTER_TIMEOUT');

    const log = transcript.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text).join('');
    expect(log).toContain(`faux leak: imported ${REDACTED} | base64 ${REDACTED} | hex ${REDACTED} | base58 ${REDACTED} | in json ["${REDACTED}"]`);
    expect(log).toContain(`-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`);
    expect(log).toMatch(/faux leak: split \{"crv":"X25519","d":"\[redacted\]","x":"[\w-]{43}","kty":"OKP"\} end/);
    const calls = transcript.filter((e) => e.kind === 'call');
    // The timeout restarts the adapter: describe again, and the import replayed (its log is redacted too).
    expect(calls.map((c) => c.method)).toEqual(['describe', 'importIdentity', 'createIdentity', 'unpack', 'send', 'unpack', 'describe', 'importIdentity', 'reset']);
    expect(transcript.find((e) => e.kind === 'restart')).toMatchObject({ replayed: ['importIdentity'] });
    expect(calls.find((c) => c.method === 'importIdentity')!.params).toMatchObject({ secrets: [{ d: REDACTED }, { d: REDACTED }] });
    expect(calls.find((c) => c.method === 'createIdentity')!.reply).toContain(`\\"d\\":\\"${REDACTED}\\"`);
  });
});
