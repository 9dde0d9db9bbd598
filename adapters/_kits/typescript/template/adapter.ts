/**
 * {{name}}: a plaintext-only DIDComm adapter for didcomm-conformance, written by `adapter init --lang
 * typescript`. The stand-in below packs and unpacks plaintext itself; replace it with calls to your library,
 * and claim in `describe` only what your library really does (docs/adapter-protocol.md, "Capabilities").
 * The SDK reads one request per line on stdin, answers one line on stdout, answers -32601 for a method
 * without a handler (and for `throw new Unsupported(why)`), and sends console.log to stderr.
 */
import { benchmarkThrough, serveAdapter, type AdapterHandlers, type DidDocument, type PlaintextMessage, type Rejection } from 'didcomm-conformance/adapter-sdk';

const PLAINTEXT_MEDIA_TYPE = 'application/didcomm-plain+json';

/** The DID documents the harness registered (registerDidDocument, importIdentity). */
const documents = new Map<string, DidDocument>();

function rejected(code: string, message: string, requirement?: string): { status: 'rejected'; error: Rejection } {
  // requirement: the DIGEST.md ID of the rule enforced, when you know it.
  return { status: 'rejected', error: { code, message, ...(requirement ? { requirement } : {}) } };
}

const handlers: AdapterHandlers = {
  describe: () => ({
    protocolVersion: 1,
    implementation: { name: '{{name}}', version: '0.1.0', language: 'TypeScript' },
    capabilities: {
      envelopes: ['plaintext'],
      algorithms: {},
      didMethods: ['example'],
      protocols: [],
      transports: [],
      roles: ['sender', 'receiver'],
    },
  }),
  reset: () => {
    documents.clear();
    return {};
  },
  registerDidDocument: ({ didDocument }) => {
    documents.set(didDocument.id, didDocument);
    return {};
  },
  // The stand-in keeps no private keys: a plaintext-only agent needs none.
  importIdentity: ({ didDocument }) => {
    documents.set(didDocument.id, didDocument);
    return { did: didDocument.id };
  },
  // The plaintext envelope: the message with the plaintext media type as typ.
  pack: ({ message, envelope }) => {
    if (envelope !== 'plaintext') return rejected('unsupported-envelope', `this adapter packs plaintext only, not ${envelope}`);
    return { status: 'packed', packed: JSON.stringify({ typ: PLAINTEXT_MEDIA_TYPE, ...message }), mediaType: PLAINTEXT_MEDIA_TYPE };
  },
  // The plaintext exactly as received: every header, unknown ones too.
  unpack: ({ packed }) => {
    let message: unknown;
    try {
      message = JSON.parse(packed);
    } catch (error) {
      return rejected('not-json', `not JSON: ${(error as Error).message}`);
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return rejected('not-json', 'not a JSON object');
    const { id, type } = message as { id?: unknown; type?: unknown };
    if (typeof id !== 'string' || id === '' || typeof type !== 'string' || type === '') return rejected('bad-plaintext', 'id and type must be strings', 'ENV-PLAIN-005');
    return {
      status: 'accepted',
      message: message as PlaintextMessage,
      metadata: { encrypted: false, authenticated: false, nonRepudiation: false, anonymousSender: true },
    };
  },
};

// The optional benchmark: pack then unpack N messages through the two handlers above, in this process.
await serveAdapter({ ...handlers, benchmark: benchmarkThrough(handlers) });
