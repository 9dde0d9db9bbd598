/**
 * The certifier's Ed25519 signing key: a file given with `--key` (a private JWK, or a PKCS#8 PEM), or the
 * user's own key, generated on first use into the config folder with mode 0600. The config folder is
 * `$DIDCOMM_CONFORMANCE_CONFIG`, else `$XDG_CONFIG_HOME/didcomm-conformance`, else
 * `~/.config/didcomm-conformance`. Only the public half ever leaves this module's callers (as a did:key);
 * error messages name the file, never its content.
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { generatePrivateJwk } from '../crypto/curves.js';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { didKeyOf } from '../did/key.js';
import { encodeMultikey, rawKeyOfPublicJwk } from '../did/multikey.js';

/** The file name of the generated key in the config folder. */
export const DEFAULT_KEY_FILE = 'certifier-key.jwk';

/** The config folder, from the environment. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['DIDCOMM_CONFORMANCE_CONFIG']) return resolve(env['DIDCOMM_CONFORMANCE_CONFIG']);
  if (env['XDG_CONFIG_HOME']) return join(resolve(env['XDG_CONFIG_HOME']), 'didcomm-conformance');
  return join(homedir(), '.config', 'didcomm-conformance');
}

/** A signing key, ready to sign; `did`/`kid` are public. */
export interface SigningKey {
  privateKey: KeyObject;
  /** did:key of the public key. */
  did: string;
  /** `did#multibase`: the verification method the JWS names. */
  kid: string;
  /** Where the key was read from. */
  path: string;
  /** True when this call generated it. */
  created: boolean;
}

/** The key file is missing, unreadable or not an Ed25519 private key. */
export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

/** The did:key and kid of an Ed25519 public key. */
export function didOfPublicKey(publicKey: KeyObject): { did: string; kid: string } {
  const raw = rawKeyOfPublicJwk(publicKey.export({ format: 'jwk' }), 'the certifier key');
  const multibase = encodeMultikey(raw);
  const did = didKeyOf(raw);
  return { did, kid: `${did}#${multibase}` };
}

function parsePrivateKey(text: string, path: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.trimStart().startsWith('{')
      ? createPrivateKey({ key: JSON.parse(text) as import('node:crypto').JsonWebKey, format: 'jwk' })
      : createPrivateKey(text);
  } catch {
    throw new SigningKeyError(`${path}: not a private key (expected an Ed25519 private JWK with "d", or a PKCS#8 PEM)`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`${path}: the key is ${key.asymmetricKeyType ?? 'of an unknown type'}, certificates are signed with Ed25519 (EdDSA)`);
  return key;
}

function readKey(path: string, created: boolean): SigningKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SigningKeyError(`${path}: cannot read the key file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const privateKey = parsePrivateKey(text, path);
  return { privateKey, ...didOfPublicKey(createPublicKey(privateKey)), path, created };
}

/** True when the file can be read by the group or others (a private key should not be). */
export function readableByOthers(path: string): boolean {
  return process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0;
}

/**
 * The signing key: `keyFile` when given; else the config folder's key, generated when there is none yet
 * (folder 0700, file 0600, never overwritten).
 */
export function loadSigningKey(options: { keyFile?: string; env?: NodeJS.ProcessEnv } = {}): SigningKey {
  if (options.keyFile) return readKey(resolve(options.keyFile), false);
  const path = join(configDir(options.env), DEFAULT_KEY_FILE);
  if (existsSync(path)) return readKey(path, false);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const jwk = { ...generatePrivateJwk('Ed25519'), use: 'sig', alg: 'EdDSA' };
  try {
    // `wx`: two first uses at once must not overwrite each other's key.
    writeFileSync(path, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new SigningKeyError(`${path}: cannot write the key file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return readKey(path, false);
  }
  return readKey(path, true);
}
