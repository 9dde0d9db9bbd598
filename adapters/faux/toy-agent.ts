/**
 * A deliberately small, honest plaintext-only agent: the healthy core every faux adapter breaks in one
 * way. It packs plaintext by serialising it and unpacks plaintext by parsing it; nothing else is claimed.
 * @module
 */
import type { AdapterHandlers } from '../../src/adapter/sdk/index.js';
import type { UnpackResult } from '../../src/adapter/protocol/v1/types.generated.js';

/** The plaintext media type (ENV-MT-001). */
const PLAINTEXT_TYP = 'application/didcomm-plain+json';

/** Handlers of the toy agent, named `name` in `describe`. */
export function toyAgent(name: string): Required<Pick<AdapterHandlers, 'describe' | 'reset' | 'importIdentity' | 'registerDidDocument' | 'pack' | 'unpack'>> {
  const known = new Set<string>();
  return {
    describe: () => ({
      protocolVersion: 1,
      implementation: { name, version: '1.0.0', language: 'TypeScript', homepage: 'https://example.org/faux' },
      capabilities: { envelopes: ['plaintext'], algorithms: {}, didMethods: ['example'], protocols: [], transports: [], roles: ['sender', 'receiver'] },
    }),
    reset: () => {
      known.clear();
      return {};
    },
    importIdentity: ({ didDocument }) => {
      known.add(didDocument.id);
      return { did: didDocument.id };
    },
    registerDidDocument: ({ didDocument }) => {
      known.add(didDocument.id);
      return {};
    },
    pack: ({ message, envelope }) => envelope === 'plaintext'
      ? { status: 'packed', packed: JSON.stringify({ typ: PLAINTEXT_TYP, ...message }), mediaType: PLAINTEXT_TYP }
      : { status: 'rejected', error: { code: 'unsupported', message: `toy agent packs only plaintext, not ${envelope}` } },
    unpack: ({ packed }): UnpackResult => {
      let message: unknown;
      try {
        message = JSON.parse(packed);
      } catch {
        return { status: 'rejected', error: { code: 'not-json', message: 'not JSON' } };
      }
      if (message === null || typeof message !== 'object' || Array.isArray(message)) {
        return { status: 'rejected', error: { code: 'not-object', message: 'not a JSON object' } };
      }
      const { id, type } = message as { id?: unknown; type?: unknown };
      if (typeof id !== 'string' || typeof type !== 'string') {
        return { status: 'rejected', error: { code: 'missing-header', message: '`id` and `type` are required', requirement: 'ENV-PLAIN-005' } };
      }
      return {
        status: 'accepted',
        message: message as Record<string, unknown>,
        metadata: { encrypted: false, authenticated: false, nonRepudiation: false, anonymousSender: true, recipientKids: [], layers: [{ kind: 'plaintext' }], warnings: [] },
      };
    },
  };
}
