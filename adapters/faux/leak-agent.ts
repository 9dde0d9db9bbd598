/**
 * faux/leak: the toy agent, honest in every verdict, that leaks private keys both ways (issue 14, item 7).
 * Its own keys (X25519, Ed25519, RSA, oct, fresh in every process) go into its replies: as JWK members of
 * extra objects, as privateKey* members, and as JSON inside strings (describe's implementation name,
 * unpack's metadata and rejection message, createIdentity's DID document, a JSON-RPC error of `send`). On
 * stderr, on every call, it prints them as one-line JSON in a longer line, pretty-printed over several lines,
 * as a JS object literal, as a PEM block, and one of them in two writes; and it prints the `d` of every secret
 * the harness imported into it, bare: base64url, base64, hex, base58.
 *
 * When FAUX_LEAK_KEYS_FILE is set, every value it leaks is appended there (one JSON array per line), so a
 * test can search the harness's outputs for each of them.
 * @module
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import type { AdapterHandlers } from '../../src/adapter/sdk/index.js';
import { encodeBase58, encodeBase58btcMultibase } from '../../src/did/multikey.js';
import type { toyAgent } from './toy-agent.js';

type Jwk = Record<string, string>;
type ToyHandlers = ReturnType<typeof toyAgent>;

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function privateJwk(key: KeyObject): Jwk {
  return key.export({ format: 'jwk' }) as Jwk;
}

/** Every secret string this process leaked, written to FAUX_LEAK_KEYS_FILE when it is set. */
function recordLeaked(values: string[]): void {
  const file = process.env['FAUX_LEAK_KEYS_FILE'];
  if (file) appendFileSync(file, `${JSON.stringify(values)}\n`);
}

/** Every secret string leaked by the processes that wrote to `file` (FAUX_LEAK_KEYS_FILE), for tests to search for. */
/** An `unpack` input the leak agent answers only after 3 s: for a deadline test that must not race the reply. */
export const LATE_REPLY = JSON.stringify({ id: 'late', type: 'https://example.org/p/1.0/m' });

export function leakedValues(file: string): string[] {
  return [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((line) => JSON.parse(line) as string[]))];
}

/** Private member values of a JWK, and the PEM body lines of a key. */
function secretsOf(jwk: Jwk): string[] {
  return PRIVATE_MEMBERS.map((member) => jwk[member]).filter((value): value is string => typeof value === 'string');
}

function pemBodyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
}

/** The ways a leaked key value is printed bare. */
function bareForms(d: string): string[] {
  const bytes = Buffer.from(d, 'base64url');
  return [d, bytes.toString('base64'), bytes.toString('hex'), encodeBase58(bytes)];
}

/** The leaking agent around the toy's handlers. */
export function leakingAgent(toy: ToyHandlers): AdapterHandlers {
  const x25519 = generateKeyPairSync('x25519').privateKey;
  const ed25519 = generateKeyPairSync('ed25519').privateKey;
  const rsa = privateJwk(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
  const oct: Jwk = { kty: 'oct', k: randomBytes(32).toString('base64url'), alg: 'A256KW' };
  const own = privateJwk(x25519);
  const ed = privateJwk(ed25519);
  const edRaw = Buffer.from(ed['d']!, 'base64url');
  const pem = ed25519.export({ format: 'pem', type: 'pkcs8' }) as string;
  const imported: string[] = [];
  recordLeaked([...secretsOf(own), ...secretsOf(ed), ...secretsOf(rsa), ...secretsOf(oct), ...pemBodyLines(pem), edRaw.toString('hex')]);
  let created = 0;

  const ownLine = JSON.stringify(own);
  /** What goes to stderr on every call. */
  async function leakOnStderr(method: string): Promise<void> {
    const write = (text: string): Promise<void> => new Promise((resolve) => process.stderr.write(text, () => resolve()));
    await write(`faux leak: ${method} with key ${ownLine} (one line)\n`);
    await write(`faux leak: rsa ${JSON.stringify(rsa, null, 2)}\n`);
    await write(`faux leak: oct ${inspect(oct)} ed ${inspect(ed)}\n`);
    await write(`faux leak: pem\n${pem}`);
    // One JWK in two writes: the harness must see the line whole.
    await write(`faux leak: split ${ownLine.slice(0, 40)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await write(`${ownLine.slice(40)} end\n`);
    for (const d of imported) {
      const [base64url, base64, hex, base58] = bareForms(d);
      await write(`faux leak: imported ${base64url} | base64 ${base64} | hex ${hex} | base58 ${base58} | in json ["${base64url}"]\n`);
    }
  }

  const handlers: AdapterHandlers = {
    ...toy,
    describe: async () => {
      const described = await toy.describe();
      return { ...described, implementation: { ...described.implementation, name: `faux-leak ${ownLine}` } };
    },
    importIdentity: async (params) => {
      for (const secret of params.secrets) {
        for (const d of secretsOf(secret as Jwk)) {
          if (imported.includes(d)) continue;
          imported.push(d);
          recordLeaked(bareForms(d));
        }
      }
      return toy.importIdentity(params);
    },
    unpack: async (params) => {
      // A caller testing its deadline asks for a reply that comes far too late for it (no race with the timer).
      if (params.packed === LATE_REPLY) await new Promise((resolve) => setTimeout(resolve, 3000));
      const result = await toy.unpack(params);
      if (result.status === 'rejected') {
        return { status: 'rejected', error: { ...result.error, message: `${result.error.message} (holding ${ownLine}; imported ${imported.join(', ')})` } };
      }
      return {
        ...result,
        metadata: {
          ...result.metadata,
          debugKey: rsa,
          privateKeyJwk: oct,
          privateKeyMultibase: encodeBase58btcMultibase(edRaw),
          privateKeyHex: edRaw.toString('hex'),
          note: `unpacked with ${ownLine}`,
          importedKeys: [...imported],
        },
      };
    },
    createIdentity: async () => {
      created += 1;
      const did = `did:example:leak-${created}`;
      const agreement = privateJwk(generateKeyPairSync('x25519').privateKey);
      recordLeaked(secretsOf(agreement));
      const method = {
        id: `${did}#key-x25519-1`, type: 'JsonWebKey2020', controller: did,
        publicKeyJwk: agreement,
        privateKeyJwk: agreement,
        privateKeyMultibase: encodeBase58btcMultibase(Buffer.from(agreement['d']!, 'base64url')),
        privateKeyBase58: encodeBase58(Buffer.from(agreement['d']!, 'base64url')),
        description: `generated ${JSON.stringify(agreement)}`,
      };
      recordLeaked([method.privateKeyMultibase, method.privateKeyBase58]);
      return { did, didDocument: { id: did, verificationMethod: [method], keyAgreement: [method.id] } };
    },
    send: async () => {
      throw new Error(`cannot send, but here is my key ${ownLine} and what I imported: ${imported.join(' ')}`);
    },
  };
  // Every call leaks on stderr first.
  return Object.fromEntries(Object.entries(handlers).map(([method, handler]) => [method, async (params: never) => {
    await leakOnStderr(method);
    return (handler as (params: never) => unknown)(params);
  }])) as AdapterHandlers;
}
