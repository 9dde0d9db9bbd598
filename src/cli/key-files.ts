/**
 * Reading `--did-docs` and `--secrets` files into a key context. Accepted shapes are those of the vector
 * files: DID documents as an array or as an object whose values are documents; secrets as an array of
 * private JWKs with `kid`, of `{id, privateKeyJwk}`, or an object whose values are such arrays.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { DidDocument } from '../did/document.js';
import { createDidResolver } from '../did/resolver.js';
import { SecretStore, secretStoreFromJson } from '../did/secrets.js';
import type { KeyContext } from '../didcomm/types.js';
import { UsageError } from './usage-error.js';

function readJsonFile(path: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new UsageError(`${flag} ${path}: cannot read the file (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    // One line: V8's message quotes the start of the text, newlines included.
    throw new UsageError(`${flag} ${path}: not valid JSON (${(cause as Error).message.replace(/\s+/g, ' ')})`);
  }
}

/** DID documents from a file: an array of documents or an object whose values are documents. */
export function readDidDocuments(path: string): DidDocument[] {
  const value = readJsonFile(path, '--did-docs');
  const entries = Array.isArray(value) ? value.map((doc, i) => [`entry ${i}`, doc] as const)
    : typeof value === 'object' && value !== null ? Object.entries(value).map(([key, doc]) => [`member ${JSON.stringify(key)}`, doc] as const) : undefined;
  if (!entries) throw new UsageError(`--did-docs ${path}: expected an array of DID documents or an object mapping DIDs to documents`);
  for (const [where, doc] of entries) {
    if (typeof doc !== 'object' || doc === null || typeof (doc as { id?: unknown }).id !== 'string') {
      throw new UsageError(`--did-docs ${path}: ${where} is not a DID document with a string "id"`);
    }
  }
  return entries.map(([, doc]) => doc as DidDocument);
}

export interface KeyFileOptions {
  didDocs?: string;
  secrets?: string;
}

/**
 * The key context of a CLI call: the reference resolver (did:peer, did:key, did:web fixtures, did:example)
 * taught the documents of `--did-docs`, and the secrets of `--secrets` (none when absent).
 */
export function keyContextFromFiles(options: KeyFileOptions): KeyContext {
  const documents = options.didDocs ? readDidDocuments(options.didDocs) : [];
  const secrets = options.secrets ? readSecrets(options.secrets) : new SecretStore();
  // A documents file replaces the bundled did:example fixtures, so a vector's own documents are used.
  return { resolver: createDidResolver({ documents, ...(options.didDocs ? { examples: false as const } : {}) }), secrets };
}

/** Where in a secrets file a shape problem is: `$`, `$.sender`, `$[2]` (secretStoreFromJson names it from this root). */
const SHAPE_ROOT = '$';

/**
 * Secrets from a file. Each problem is told apart in one line that names the file: unreadable, not JSON,
 * the wrong shape (where in the file), or a key that is unusable (which key).
 */
export function readSecrets(path: string): SecretStore {
  const value = readJsonFile(path, '--secrets');
  try {
    return secretStoreFromJson(value, SHAPE_ROOT);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const problem = message.startsWith(SHAPE_ROOT)
      ? `wrong shape: ${message}${message.includes('must be') ? '' : ' (expected an array of private JWKs with "kid", of {id, privateKeyJwk}, or an object of such arrays)'}`
      : `unusable key: ${message}`;
    throw new UsageError(`--secrets ${path}: ${problem}`);
  }
}

/** Reads all of standard input as UTF-8. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
