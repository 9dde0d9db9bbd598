/**
 * What the adapter was asked to do, checked before a case judges the agent on it: an answer of another kind than
 * asked (another curve, content encryption, signing key or DID method, all of which DIDComm allows) breaks no
 * rule of the spec, but the case then tested something else. Adapter trouble, so the case is `errored`
 * (ERR_ADAPTER_IGNORED_REQUEST), never `failed` under a requirement the agent did not break nor `passed`.
 * @module
 */
import { AdapterError } from '../../src/errors/adapter-error.js';

/** Ends the case as errored unless the adapter did what it was asked; `what` says how it did not. */
export function mustBeAsAsked(condition: unknown, what: string): asserts condition {
  if (!condition) throw new AdapterError('ERR_ADAPTER_IGNORED_REQUEST', what);
}
