/**
 * The certifier's key: generated once into the config folder (0600), found there again, or read from a file;
 * where the config folder is; what a bad key file says (never its content).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { configDir, DEFAULT_KEY_FILE, loadSigningKey, readableByOthers, SigningKeyError } from './signing-key.js';

const work = mkdtempSync(join(tmpdir(), 'signing-key-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the config folder', () => {
  test('DIDCOMM_CONFORMANCE_CONFIG, else XDG_CONFIG_HOME/didcomm-conformance, else ~/.config/didcomm-conformance', () => {
    expect(configDir({ DIDCOMM_CONFORMANCE_CONFIG: '/x/y', XDG_CONFIG_HOME: '/z' })).toBe('/x/y');
    expect(configDir({ XDG_CONFIG_HOME: '/z' })).toBe('/z/didcomm-conformance');
    expect(configDir({})).toBe(join(homedir(), '.config', 'didcomm-conformance'));
  });
});

describe('the signing key', () => {
  test('generated on first use with mode 0600 in a 0700 folder, then the same key every time', () => {
    const env = { XDG_CONFIG_HOME: join(work, 'xdg') };
    const first = loadSigningKey({ env });
    expect(first.created).toBe(true);
    expect(first.path).toBe(join(work, 'xdg', 'didcomm-conformance', DEFAULT_KEY_FILE));
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(work, 'xdg', 'didcomm-conformance')).mode & 0o777).toBe(0o700);
    expect(readableByOthers(first.path)).toBe(false);
    expect(first.did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    expect(first.kid).toBe(`${first.did}#${first.did.slice('did:key:'.length)}`);
    const again = loadSigningKey({ env });
    expect(again.created).toBe(false);
    expect(again.did).toBe(first.did);
    expect(JSON.parse(readFileSync(first.path, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
  });

  test('--key accepts a private JWK or a PKCS#8 PEM and gives the same did:key for the same key', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwkFile = join(work, 'key.jwk');
    const pemFile = join(work, 'key.pem');
    writeFileSync(jwkFile, JSON.stringify(privateKey.export({ format: 'jwk' })));
    writeFileSync(pemFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    const fromJwk = loadSigningKey({ keyFile: jwkFile });
    expect(fromJwk.created).toBe(false);
    expect(loadSigningKey({ keyFile: pemFile }).did).toBe(fromJwk.did);
  });

  test('a key file that is missing, not a key, or not Ed25519 is a clear error that never echoes the file', () => {
    expect(() => loadSigningKey({ keyFile: join(work, 'absent.jwk') })).toThrow(/absent\.jwk: cannot read the key file \(ENOENT\)/);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecFile = join(work, 'ec.jwk');
    const jwk = privateKey.export({ format: 'jwk' });
    writeFileSync(ecFile, JSON.stringify(jwk));
    let message = '';
    try {
      loadSigningKey({ keyFile: ecFile });
    } catch (error) {
      expect(error).toBeInstanceOf(SigningKeyError);
      message = (error as Error).message;
    }
    expect(message).toContain('the key is ec, certificates are signed with Ed25519');
    expect(message).not.toContain(jwk.d!);
    const garbage = join(work, 'garbage.jwk');
    writeFileSync(garbage, '{"kty":"OKP","crv":"Ed25519","d":"secret-looking-value"}');
    expect(() => loadSigningKey({ keyFile: garbage })).toThrow(/not a private key/);
    try {
      loadSigningKey({ keyFile: garbage });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret-looking-value');
    }
  });
});
