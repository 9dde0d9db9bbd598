/**
 * Two Veramo 7.0.1 parts loaded from the module that defines them, by file, past the package's exports map:
 * - `createTrustPingMessage`: @veramo/did-comm's index does not export it (protocols/index.ts exports only
 *   the handler); it is how Veramo's own tests start a ping.
 * - `KeyValueStore`: @veramo/kv-store's index also loads its TypeORM store adapters, about 2.5 s of start-up
 *   on a loaded machine that the in-memory store never uses; `describe` has 15 s, start-up included.
 * @module
 */
import type { IDIDCommMessage } from '@veramo/did-comm';
import type { KeyValueStore as VeramoKeyValueStore } from '@veramo/kv-store';

/** `import` of `file` beside the resolved entry module of `pkg`. */
async function besideEntry<T>(pkg: string, file: string): Promise<T> {
  return (await import(new URL(file, import.meta.resolve(pkg)).href)) as T;
}

export const { createTrustPingMessage } = await besideEntry<{ createTrustPingMessage: (senderDidUrl: string, recipientDidUrl: string) => IDIDCommMessage }>(
  '@veramo/did-comm', './protocols/trust-ping-message-handler.js');

export const { KeyValueStore } = await besideEntry<{ KeyValueStore: typeof VeramoKeyValueStore }>('@veramo/kv-store', './key-value-store.js');
