import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { generateProtocolTypes, generatedTypesPath } from '../../../../scripts/generate-protocol-types.js';
import { packageRoot } from '../../manifest.js';
import { METHOD_NAMES, type MethodName } from './methods.js';
import { METHOD_SCHEMAS, validateManifest, validateParams, validateResponseFrame, validateResult } from './validator.js';
import { ALGORITHMS, CURVES, ENVELOPE_KINDS, ROLES } from './vocabulary.js';

describe('protocol v1 schemas and types', () => {
  test('types.generated.ts is what the schemas generate (run `npm run generate:protocol` if this fails)', async () => {
    const root = packageRoot();
    expect(readFileSync(generatedTypesPath(root), 'utf8')).toBe(await generateProtocolTypes(root));
  });

  test('every method in the table has a schema, and every schema a method', () => {
    expect(Object.keys(METHOD_SCHEMAS).sort()).toEqual([...METHOD_NAMES].sort());
    // The method table is complete at the type level too.
    const everyMethod: Record<MethodName, true> = Object.fromEntries(METHOD_NAMES.map((m) => [m, true])) as Record<MethodName, true>;
    expect(Object.keys(everyMethod)).toHaveLength(12);
  });

  test('the vocabulary is read from the schema', () => {
    expect(ENVELOPE_KINDS).toEqual(['plaintext', 'signed', 'anoncrypt', 'authcrypt']);
    expect(CURVES).toContain('X25519');
    expect(ALGORITHMS).toContain('ECDH-1PU+A256KW');
    expect(ROLES).toEqual(['sender', 'receiver', 'mediator']);
  });

  test('knownIssues keys: case ids, interop matrix cells (curves and algorithms keep their case) and requirement ids; not free text', () => {
    const manifest = (key: string) => ({ name: 'x', implementation: { name: 'x', version: '1.0.0' }, transport: { kind: 'stdio', command: 'node' }, knownIssues: { [key]: { reason: 'r' } } });
    for (const key of ['anoncrypt.receiver.p-256-a256cbc-hs512', 'interop.anoncrypt.X25519.XC20P', 'interop.live.trust-ping.http', 'ENC-AUTH-001']) {
      expect(validateManifest(manifest(key)), key).toMatchObject({ valid: true });
    }
    for (const key of ['fails sometimes', 'anoncrypt']) expect(validateManifest(manifest(key)).valid, key).toBe(false);
  });

  test('describe: a version that is a branch name is rejected', () => {
    const result = { protocolVersion: 1, implementation: { name: 'x', version: 'main' }, capabilities: { envelopes: [], algorithms: {}, didMethods: [], protocols: [], transports: [], roles: [] } };
    expect(validateResult('describe', result).valid).toBe(false);
    expect(validateResult('describe', { ...result, implementation: { name: 'x', version: '1.2.3' } }).valid).toBe(true);
  });

  test('describe: an unknown envelope kind or curve is rejected with its pointer', () => {
    const bad = { protocolVersion: 1, implementation: { name: 'x', version: '1' }, capabilities: { envelopes: ['jwm'], algorithms: { X448: ['EdDSA'] }, didMethods: [], protocols: [], transports: [], roles: [] } };
    const checked = validateResult('describe', bad);
    expect(checked.valid).toBe(false);
    if (!checked.valid) {
      expect(checked.errors.join('\n')).toContain('/capabilities/envelopes/0');
      expect(checked.errors.join('\n')).toContain('X448');
    }
  });

  test('unpack: accepted needs metadata; rejected needs a code', () => {
    expect(validateResult('unpack', { status: 'accepted', message: {} }).valid).toBe(false);
    expect(validateResult('unpack', { status: 'rejected', error: { message: 'no' } }).valid).toBe(false);
    expect(validateResult('unpack', { status: 'rejected', error: { code: 'E', message: 'no', requirement: 'ENC-AUTH-004' } }).valid).toBe(true);
  });

  test('pack params: an envelope kind is required', () => {
    expect(validateParams('pack', { message: { id: '1' } }).valid).toBe(false);
    expect(validateParams('pack', { message: { id: '1' }, envelope: 'anoncrypt', to: ['did:example:bob'] }).valid).toBe(true);
  });

  test('JSON-RPC frames: result and error are exclusive', () => {
    expect(validateResponseFrame({ jsonrpc: '2.0', id: 1, result: {}, error: { code: 1, message: 'x' } }).valid).toBe(false);
    expect(validateResponseFrame({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse' } }).valid).toBe(true);
  });

  test('every bundled adapter.json is valid', () => {
    const root = packageRoot();
    for (const name of ['reference', 'faux/hang', 'faux/crash', 'faux/garbage', 'faux/huge', 'faux/wrong-id', 'faux/schema', 'faux/slow', 'faux/liar', 'faux/inject']) {
      expect(validateManifest(JSON.parse(readFileSync(`${root}/adapters/${name}/adapter.json`, 'utf8'))), name).toEqual({ valid: true });
    }
  });

  test('knownIssues keys are case or requirement IDs, never titles', () => {
    const base = { name: 'x', implementation: { name: 'x', version: '1' }, transport: { kind: 'http', url: 'http://127.0.0.1:1/' } };
    expect(validateManifest({ ...base, knownIssues: { 'ENV-PLAIN-017': { reason: 'r' }, 'plaintext.receiver.body-absent': { reason: 'r' } } }).valid).toBe(true);
    expect(validateManifest({ ...base, knownIssues: { 'accepts a message without body': { reason: 'r' } } }).valid).toBe(false);
  });
});
