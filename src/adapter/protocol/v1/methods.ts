/**
 * The method table of adapter protocol v1: names, the params/result type of each, and the JSON-RPC
 * error codes the protocol uses. Shapes come from the schemas (types.generated.ts); this file only
 * ties each method name to them.
 * @module
 */
import type * as T from './types.generated.js';

/** The protocol version this harness speaks; `describe` must answer it. */
export const PROTOCOL_VERSION = 1 as const;

/** Params and result type of each method. */
export interface MethodTypes {
  describe: { params: T.DescribeParams; result: T.DescribeResult };
  reset: { params: T.ResetParams; result: T.ResetResult };
  createIdentity: { params: T.CreateIdentityParams; result: T.CreateIdentityResult };
  importIdentity: { params: T.ImportIdentityParams; result: T.ImportIdentityResult };
  registerDidDocument: { params: T.RegisterDidDocumentParams; result: T.RegisterDidDocumentResult };
  pack: { params: T.PackParams; result: T.PackResult };
  unpack: { params: T.UnpackParams; result: T.UnpackResult };
  send: { params: T.SendParams; result: T.SendResult };
  received: { params: T.ReceivedParams; result: T.ReceivedResult };
  protocol: { params: T.ProtocolParams; result: T.ProtocolResult };
  shutdown: { params: T.ShutdownParams; result: T.ShutdownResult };
  benchmark: { params: T.BenchmarkParams; result: T.BenchmarkResult };
}

export type MethodName = keyof MethodTypes;
export type ParamsOf<M extends MethodName> = MethodTypes[M]['params'];
export type ResultOf<M extends MethodName> = MethodTypes[M]['result'];

/** Every method, in documentation order. A method missing here is a compile error (see the test). */
export const METHOD_NAMES = [
  'describe', 'reset', 'createIdentity', 'importIdentity', 'registerDidDocument',
  'pack', 'unpack', 'send', 'received', 'protocol', 'shutdown', 'benchmark',
] as const satisfies readonly MethodName[];

/** True when `name` is a method of protocol v1. */
export function isMethodName(name: string): name is MethodName {
  return (METHOD_NAMES as readonly string[]).includes(name);
}

/**
 * Setup calls that change the adapter's state in a way a restart loses and a replay restores
 * (Bowtie replays `start`/`dialect` the same way). `createIdentity` is not replayed: it would mint a
 * different DID, so a case that relied on it is `errored` instead.
 */
export const REPLAYED_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['importIdentity', 'registerDidDocument']);

/** JSON-RPC 2.0 error codes (JSON-RPC 2.0 §5.1). */
export const JSONRPC_ERROR = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  /** The adapter does not implement the method: the harness reads this as "unsupported", never as a failure. */
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
} as const;

export type { T as ProtocolTypes };
