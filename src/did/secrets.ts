/**
 * Private keys held by a party, looked up by absolute key id. Accepts the shapes the vector files use:
 * an array of private JWKs with `kid`, an array of `{id, privateKeyJwk}`, or an object whose values are such
 * arrays (`{sender: [...], recipient: [...]}`).
 * @module
 */
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { importPrivateJwk } from '../crypto/curves.js';
import { DidcommError } from '../errors/didcomm-error.js';
import { isKeyId } from './document.js';

/** One held private key: its id, JWK and the parsed key objects (parsed once, reused by every operation). */
export interface Secret {
  kid: string;
  privateJwk: JsonWebKey;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Looks up held private keys by absolute key id. */
export interface SecretsResolver {
  find(kid: string): Secret | undefined;
}

/** An in-memory secrets store. */
export class SecretStore implements SecretsResolver {
  readonly #secrets = new Map<string, Secret>();

  constructor(entries: Iterable<{ kid: string; privateJwk: JsonWebKey }> = []) {
    for (const { kid, privateJwk } of entries) this.add(kid, privateJwk);
  }

  /** Adds a private JWK under `kid`; throws `TypeError` for a JWK without private material. */
  add(kid: string, privateJwk: JsonWebKey): this {
    if (!isKeyId(kid)) throw new TypeError(`secret id ${JSON.stringify(kid)} is not an absolute DID URL with a fragment`);
    if (typeof privateJwk.d !== 'string') throw new TypeError(`secret ${kid} has no private key ("d")`);
    let keys: { privateKey: KeyObject; publicKey: KeyObject };
    try {
      keys = importPrivateJwk(privateJwk);
    } catch (cause) {
      throw new DidcommError('ERR_PACK_ARGUMENT', `secret ${kid} is not a usable private JWK (${privateJwk.kty}/${privateJwk.crv})`, { cause });
    }
    this.#secrets.set(kid, { kid, privateJwk, ...keys });
    return this;
  }

  find(kid: string): Secret | undefined {
    return this.#secrets.get(kid);
  }

  kids(): string[] {
    return [...this.#secrets.keys()];
  }
}

/** Builds a store from any of the accepted file shapes; throws `TypeError` naming what is wrong. */
export function secretStoreFromJson(value: unknown, source = 'secrets'): SecretStore {
  const store = new SecretStore();
  const addEntry = (entry: unknown, where: string): void => {
    if (typeof entry !== 'object' || entry === null) throw new TypeError(`${where} is not an object`);
    const record = entry as Record<string, unknown>;
    if (typeof record.privateKeyJwk === 'object' && record.privateKeyJwk !== null) {
      if (typeof record.id !== 'string') throw new TypeError(`${where} has privateKeyJwk but no string "id"`);
      store.add(record.id, record.privateKeyJwk as JsonWebKey);
      return;
    }
    // The spec's Appendix A.2 spells the member "kid " (trailing space, VEC-002); read it as "kid".
    const kid = record.kid ?? record['kid '];
    if (typeof kid !== 'string') throw new TypeError(`${where} is neither {id, privateKeyJwk} nor a JWK with "kid"`);
    const { ['kid ']: _typo, ...jwk } = record;
    store.add(kid, { ...jwk, kid } as JsonWebKey);
  };
  const addArray = (items: unknown, where: string): void => {
    if (!Array.isArray(items)) throw new TypeError(`${where} is not an array of secrets`);
    items.forEach((item, i) => addEntry(item, `${where}[${i}]`));
  };
  if (Array.isArray(value)) addArray(value, source);
  else if (typeof value === 'object' && value !== null) {
    for (const [name, items] of Object.entries(value)) addArray(items, `${source}.${name}`);
  } else throw new TypeError(`${source} must be an array of secrets or an object of such arrays`);
  return store;
}
