/**
 * did:web, offline by default: documents come from a fixture map; HTTP(S) is used only when the caller
 * opts in (`allowNetwork` for any host over HTTPS, `allowLoopbackHttp` for plain HTTP to a loopback host,
 * which is how tests serve documents). The document `id` MUST equal the DID (did:web spec), so a server
 * cannot hand out another DID's keys.
 * @module
 */
import { DidcommError } from '../errors/didcomm-error.js';
import type { DidDocument } from './document.js';

/** Options of did:web resolution. */
export interface DidWebOptions {
  /** Documents by DID, consulted first and without any I/O. */
  documents?: Record<string, DidDocument>;
  /** Fetch from the network over HTTPS. Default false: did:web resolution is offline. */
  allowNetwork?: boolean;
  /** Fetch `http://` from loopback hosts (localhost, 127.0.0.1, [::1]) only. Default false; for tests. */
  allowLoopbackHttp?: boolean;
  /** The fetch implementation (default: global fetch). */
  fetch?: (url: string, init?: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<Response>;
  /** Deadline of one fetch in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Largest document accepted, in bytes. Default 1 MiB. */
  maxBytes?: number;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function notResolved(did: string, why: string, cause?: unknown): DidcommError {
  return new DidcommError('ERR_DID_NOT_RESOLVED', `${did}: ${why}`, cause === undefined ? { requirement: 'KEYS-001' } : { requirement: 'KEYS-001', cause });
}

/**
 * The HTTPS URL of a did:web document: `did:web:host%3Aport:a:b` -> `https://host:port/a/b/did.json`,
 * `did:web:host` -> `https://host/.well-known/did.json`. Throws `ERR_DID_NOT_RESOLVED` for a malformed DID.
 */
export function didWebUrl(did: string): URL {
  const match = /^did:web:([A-Za-z0-9.%-]+)((?::[A-Za-z0-9._~%-]+)*)$/.exec(did);
  if (!match) throw notResolved(did, 'is not a did:web (did:web:<host>[%3A<port>][:<path>...])');
  const host = decodeURIComponent(match[1]!);
  if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(host)) throw notResolved(did, `has an invalid host ${JSON.stringify(host)}`);
  const path = match[2] ? `${match[2].slice(1).split(':').map(decodeURIComponent).map(encodeURIComponent).join('/')}/did.json` : '.well-known/did.json';
  return new URL(`https://${host}/${path}`);
}

/** Resolves did:web DIDs from fixtures, or over the network when allowed. */
export class WebDidMethod {
  readonly #options: DidWebOptions;

  constructor(options: DidWebOptions = {}) {
    this.#options = options;
  }

  /** Resolves `did`; `ERR_DID_NOT_RESOLVED` when it is unknown offline, unreachable, or its document is not its own. */
  async resolve(did: string): Promise<DidDocument> {
    const fixture = this.#options.documents?.[did];
    if (fixture) return fixture;
    const url = didWebUrl(did);
    const loopback = LOOPBACK_HOSTS.has(url.hostname);
    if (loopback && this.#options.allowLoopbackHttp) url.protocol = 'http:';
    else if (!this.#options.allowNetwork) {
      throw notResolved(did, 'did:web resolution is offline (no fixture for this DID, and network access was not enabled)');
    }
    const doc = await this.#fetchJson(did, url);
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw notResolved(did, `${url} did not return a JSON object`);
    if ((doc as { id?: unknown }).id !== did) {
      throw notResolved(did, `${url} returned the document of ${JSON.stringify((doc as { id?: unknown }).id)}, not of ${did}`);
    }
    return doc as DidDocument;
  }

  async #fetchJson(did: string, url: URL): Promise<unknown> {
    const doFetch = this.#options.fetch ?? fetch;
    const maxBytes = this.#options.maxBytes ?? 1024 * 1024;
    let text: string;
    try {
      const response = await doFetch(url.href, {
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 5000),
        headers: { accept: 'application/did+json, application/json' },
      });
      if (!response.ok) throw notResolved(did, `${url} answered HTTP ${response.status}`);
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxBytes) throw notResolved(did, `${url} sent a document larger than ${maxBytes} bytes`);
      text = await response.text();
      if (Buffer.byteLength(text) > maxBytes) throw notResolved(did, `${url} sent a document larger than ${maxBytes} bytes`);
    } catch (cause) {
      if (cause instanceof DidcommError) throw cause;
      throw notResolved(did, `fetching ${url} failed`, cause);
    }
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw notResolved(did, `${url} did not return JSON`, cause);
    }
  }
}
