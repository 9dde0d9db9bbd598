/**
 * The one ajv instance of adapter protocol v1: every schema registered by `$id`, and validators for the
 * JSON-RPC frames and for the params and result of each method. Both directions use these on every call.
 * @module
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { registerSchemas, validatorByRef } from '../../../schema/ajv.js';
import common from './common.schema.json' with { type: 'json' };
import jsonrpc from './jsonrpc.schema.json' with { type: 'json' };
import manifest from './adapter-manifest.schema.json' with { type: 'json' };
import describe from './describe.schema.json' with { type: 'json' };
import reset from './reset.schema.json' with { type: 'json' };
import createIdentity from './createIdentity.schema.json' with { type: 'json' };
import importIdentity from './importIdentity.schema.json' with { type: 'json' };
import registerDidDocument from './registerDidDocument.schema.json' with { type: 'json' };
import pack from './pack.schema.json' with { type: 'json' };
import unpack from './unpack.schema.json' with { type: 'json' };
import send from './send.schema.json' with { type: 'json' };
import received from './received.schema.json' with { type: 'json' };
import protocol from './protocol.schema.json' with { type: 'json' };
import shutdown from './shutdown.schema.json' with { type: 'json' };
import benchmark from './benchmark.schema.json' with { type: 'json' };
import type { MethodName } from './methods.js';

/** Each method's schema document (its `$defs.params` and `$defs.result`). */
export const METHOD_SCHEMAS: Readonly<Record<MethodName, { $id: string; title: string; description: string }>> = {
  describe, reset, createIdentity, importIdentity, registerDidDocument, pack, unpack, send, received, protocol, shutdown, benchmark,
};

/** The outcome of a schema check: either valid, or the reasons in ajv's words with JSON pointers. */
export type Validation = { valid: true } | { valid: false; errors: string[] };

registerSchemas([common, jsonrpc, manifest, ...Object.values(METHOD_SCHEMAS)]);

/**
 * Each validator is compiled on first use: a process validates only what it meets (the CLI a manifest, an
 * adapter the methods it is called with), and compiling every schema up front costs a start-up.
 */
const compiledOnce = new Map<string, ValidateFunction>();
function compiled(ref: string): ValidateFunction {
  let validate = compiledOnce.get(ref);
  if (!validate) compiledOnce.set(ref, validate = validatorByRef(ref));
  return validate;
}
const manifestDocument = (): ValidateFunction => compiled(manifest.$id);
const requestFrame = (): ValidateFunction => compiled(`${jsonrpc.$id}#/$defs/request`);
const responseFrame = (): ValidateFunction => compiled(`${jsonrpc.$id}#/$defs/response`);
const params = (method: MethodName): ValidateFunction => compiled(`${METHOD_SCHEMAS[method].$id}#/$defs/params`);
const results = (method: MethodName): ValidateFunction => compiled(`${METHOD_SCHEMAS[method].$id}#/$defs/result`);

function run(fn: ValidateFunction, value: unknown): Validation {
  if (fn(value)) return { valid: true };
  return { valid: false, errors: (fn.errors ?? []).slice(0, 20).map(describeError) };
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const extra = error.keyword === 'additionalProperties'
    ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
    : error.keyword === 'enum' || error.keyword === 'const'
      ? ` (${JSON.stringify((error.params as { allowedValues?: unknown; allowedValue?: unknown }).allowedValues ?? (error.params as { allowedValue?: unknown }).allowedValue)})`
      : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

/** Checks a JSON-RPC request frame (not its params). */
export function validateRequestFrame(value: unknown): Validation {
  return run(requestFrame(), value);
}

/** Checks a JSON-RPC response frame (not its result). */
export function validateResponseFrame(value: unknown): Validation {
  return run(responseFrame(), value);
}

/** Checks the params of `method`. */
export function validateParams(method: MethodName, value: unknown): Validation {
  return run(params(method), value);
}

/** Checks the result of `method`. */
export function validateResult(method: MethodName, value: unknown): Validation {
  return run(results(method), value);
}

/** Checks an adapter.json document. */
export function validateManifest(value: unknown): Validation {
  return run(manifestDocument(), value);
}
