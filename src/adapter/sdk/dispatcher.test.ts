/**
 * The SDK dispatcher's answers to what a handler does: a result, an `Unsupported` (-32601: the case is
 * skipped) or any other throw (-32603: the case is errored).
 */
import { describe, expect, test } from 'vitest';
import { JSONRPC_ERROR } from '../protocol/v1/methods.js';
import { createDispatcher, Unsupported } from './dispatcher.js';

const request = (method: string, params: unknown = {}) => JSON.stringify({ jsonrpc: '2.0', id: 7, method, params });
const ping = { piuri: 'https://didcomm.org/trust-ping/2.0', action: 'ping', from: 'did:example:a', to: 'did:example:b' };

describe('adapter SDK dispatcher', () => {
  test('a method without a handler is -32601', async () => {
    const { reply } = await createDispatcher({ describe: () => { throw new Error('unused'); } }).handle(request('received'));
    expect(reply).toMatchObject({ id: 7, error: { code: JSONRPC_ERROR.METHOD_NOT_FOUND } });
  });

  test('a handler throwing Unsupported is -32601 with its reason (skipped, not errored)', async () => {
    const dispatcher = createDispatcher({ describe: () => { throw new Error('unused'); }, protocol: () => { throw new Unsupported('no ping here'); } });
    const { reply } = await dispatcher.handle(request('protocol', ping));
    expect(reply).toEqual({ jsonrpc: '2.0', id: 7, error: { code: JSONRPC_ERROR.METHOD_NOT_FOUND, message: 'unsupported: no ping here' } });
  });

  test('any other throw is -32603 (errored)', async () => {
    const dispatcher = createDispatcher({ describe: () => { throw new Error('unused'); }, protocol: () => { throw new TypeError('broken'); } });
    const { reply } = await dispatcher.handle(request('protocol', ping));
    expect(reply).toMatchObject({ id: 7, error: { code: JSONRPC_ERROR.INTERNAL_ERROR, message: 'the protocol handler threw: broken' } });
  });
});
