import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SecretStore } from '../../did/secrets.js';

const root = join(import.meta.dirname, '../../..');
const main = join(root, 'dist/src/cli/main.js');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  // test/global-setup.ts builds dist/ before any test file runs.
  expect(existsSync(main)).toBe(true);
});

describe('didcomm-conformance did', () => {
  it('creates a did:peer:2 with the chosen keys, endpoint and routing keys, and resolves it back', () => {
    const created = cli('did', 'create', '--method', 'peer:2', '--key-agreement', 'X25519,P-256', '--authentication', 'Ed25519',
      '--endpoint', 'https://agent.example/didcomm', '--routing-keys', 'did:example:mediator1#key-x25519-1');
    expect(created.status, created.stderr).toBe(0);
    const out = JSON.parse(created.stdout) as { did: string; didDocument: { keyAgreement: string[]; service: unknown[] }; secrets: Array<{ kid: string; d: string }> };
    expect(out.did).toMatch(/^did:peer:2\.Ez6LS.*\.EzDn.*\.Vz6Mk.*\.S/);
    expect(out.didDocument.keyAgreement).toEqual([`${out.did}#key-1`, `${out.did}#key-2`]);
    expect(out.secrets.map((s) => s.kid)).toEqual([1, 2, 3].map((n) => `${out.did}#key-${n}`));
    expect(new SecretStore(out.secrets.map((s) => ({ kid: s.kid, privateJwk: s }))).kids()).toHaveLength(3);

    const resolved = cli('did', 'resolve', out.did);
    expect(resolved.status, resolved.stderr).toBe(0);
    expect(JSON.parse(resolved.stdout)).toEqual(out.didDocument);
  });

  it.each(['peer:4', 'peer:0', 'key'])('creates a %s DID', (method) => {
    const created = cli('did', 'create', '--method', method);
    expect(created.status, created.stderr).toBe(0);
    const out = JSON.parse(created.stdout) as { did: string; didDocument: { id: string } };
    expect(out.didDocument.id).toBe(out.did);
    expect(out.did.startsWith(method === 'key' ? 'did:key:z6Mk' : `did:${method}`)).toBe(true);
  });

  it('resolves from --did-docs, and prints a typed error with exit 1 for an unresolvable DID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'did-cli-'));
    const file = join(dir, 'docs.json');
    writeFileSync(file, JSON.stringify([{ id: 'did:web:agent.example', keyAgreement: [] }]));
    const found = cli('did', 'resolve', 'did:web:agent.example', '--did-docs', file);
    expect(found.status, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout).id).toBe('did:web:agent.example');

    const missing = cli('did', 'resolve', 'did:web:agent.example');
    expect(missing.status).toBe(1);
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'KEYS-001' });

    const badPeer = cli('did', 'resolve', 'did:peer:2.Ez6LSbroken');
    expect(badPeer.status).toBe(1);
    expect(JSON.parse(badPeer.stdout).error).toMatchObject({ code: 'ERR_DID_NOT_RESOLVED', requirement: 'PEER-001' });
  });

  it.each([
    [['did', 'create']],
    [['did', 'create', '--method', 'web']],
    [['did', 'create', '--method', 'peer:2', '--key-agreement', 'secp256k1']],
    [['did', 'create', '--method', 'key', '--endpoint', 'https://x']],
    [['did', 'resolve']],
  ])('exits 2 on a usage error: %j', (args) => {
    const result = cli(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
  });
});
