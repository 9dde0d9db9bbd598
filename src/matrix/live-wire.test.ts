/**
 * The wire checks of live cells on the spec's own envelopes (vectors/upstream): a well-formed entry has no
 * finding; each broken rule is reported under its requirement ID.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageRoot } from '../adapter/manifest.js';
import type { ReceivedMessage } from '../adapter/protocol/v1/types.generated.js';
import { checkReceivedWire } from './live-wire.js';

const vectors = join(packageRoot(), 'vectors', 'upstream', 'didcomm-spec');
const authcrypt = readFileSync(join(vectors, 'encrypted', 'authcrypt-x25519-a256cbc-hs512.json'), 'utf8');
const plaintext = readFileSync(join(vectors, 'plaintext.json'), 'utf8');

function entry(packed: string, extra: Partial<ReceivedMessage> = {}): ReceivedMessage {
  return { seq: 1, packed, ...extra };
}

function requirements(received: ReceivedMessage, transport: 'http' | 'ws' = 'http'): string[] {
  return checkReceivedWire(received, transport).findings.map((f) => f.requirement);
}

describe('live wire checks', () => {
  test('a JWE that came over HTTP as application/didcomm-encrypted+json has no finding', () => {
    const view = checkReceivedWire(entry(authcrypt, { transport: 'http', contentType: 'application/didcomm-encrypted+json' }), 'http');
    expect(view.findings).toEqual([]);
    expect(view.kind).toBe('jwe');
    expect(view.mediaType).toBe('application/didcomm-encrypted+json');
  });

  test('a Content-Type that is not the outer layer\'s media type is TRANS-002; parameters and the short form are fine', () => {
    expect(requirements(entry(authcrypt, { contentType: 'application/didcomm-plain+json' }))).toEqual(['TRANS-002']);
    expect(requirements(entry(authcrypt, { contentType: 'didcomm-encrypted+json; charset=utf-8' }))).toEqual([]);
    expect(requirements(entry(plaintext, { contentType: 'application/json' }))).toEqual(['TRANS-002']);
  });

  test('arriving over another transport than the endpoint\'s, or as more than one message per WebSocket message, is reported', () => {
    expect(requirements(entry(authcrypt, { transport: 'http' }), 'ws')).toEqual(['TRANS-006']);
    expect(requirements(entry(authcrypt, { transport: 'ws' }), 'http')).toEqual(['TRANS-001']);
    expect(requirements(entry(`${authcrypt}\n${authcrypt}`, { transport: 'ws' }), 'ws')).toEqual(['TRANS-006']);
  });

  test('a broken envelope shape and a typ that names another kind are reported under their requirements', () => {
    const { tag: _dropped, ...untagged } = JSON.parse(authcrypt) as Record<string, unknown>;
    expect(requirements(entry(JSON.stringify(untagged)))).toEqual(['ENC-JWE-004']);
    const authcryptGcm = { ...(JSON.parse(authcrypt) as Record<string, unknown>) };
    const header = JSON.parse(Buffer.from(String(authcryptGcm['protected']), 'base64url').toString('utf8')) as Record<string, unknown>;
    const { apu: _apu, ...withoutApu } = { ...header, enc: 'A256GCM' };
    authcryptGcm['protected'] = Buffer.from(JSON.stringify(withoutApu)).toString('base64url');
    expect(requirements(entry(JSON.stringify(authcryptGcm))).sort()).toEqual(['ENC-AUTH-002', 'ENC-JWE-007']);
    const mislabelled = { ...(JSON.parse(plaintext) as Record<string, unknown>), typ: 'application/didcomm-signed+json' };
    // The plaintext schema pins typ too (ENV-PLAIN-001 is where shape findings of a plaintext go).
    expect(requirements(entry(JSON.stringify(mislabelled)))).toEqual(expect.arrayContaining(['ENV-MT-001']));
    expect(requirements(entry(JSON.stringify({ ...mislabelled, typ: 'didcomm-plain+json' })))).toEqual([]);
  });
});
