import { describe, expect, test } from 'vitest';
import { loadKeySet } from '../vectors/key-sets.js';
import { packMessage } from './envelope/pack.js';
import { unpackMessage } from './envelope/unpack.js';
import { checkJsonDepth, DEFAULT_LIMITS, resolveLimits, type UnpackLimits } from './limits.js';
import type { PlaintextMessage } from './types.js';

const ctx = loadKeySet('sicpa');
const base = (extra: Partial<PlaintextMessage> = {}): PlaintextMessage => ({
  id: 'limits-1', typ: 'application/didcomm-plain+json', type: 'https://didcomm.org/basicmessage/2.0/message',
  from: 'did:example:alice', to: ['did:example:bob'], body: { content: 'hi' }, ...extra,
});

async function atAndPast(text: string, limit: keyof UnpackLimits, at: number, detail: RegExp): Promise<void> {
  await expect(unpackMessage(text, ctx, { limits: { [limit]: at } })).resolves.toBeDefined();
  await expect(unpackMessage(text, ctx, { limits: { [limit]: at - 1 } })).rejects.toMatchObject({
    code: 'ERR_LIMIT_EXCEEDED', requirement: 'LIM-002', message: expect.stringMatching(new RegExp(`${detail.source}.*limits\\.${limit}`)),
  });
}

describe('unpack limits (LIM-002)', () => {
  test('maxMessageBytes: the exact size passes, one byte less refuses', async () => {
    const text = JSON.stringify(base());
    await atAndPast(text, 'maxMessageBytes', Buffer.byteLength(text), /message size in bytes is \d+/);
  });

  test('maxJsonDepth: counted without parsing, strings ignored', async () => {
    let body: Record<string, unknown> = { leaf: '[[[{{{ not nesting }}}]]]' };
    for (let i = 0; i < 5; i++) body = { nested: body };
    // message (1), body = fifth wrapper (2), four more wrappers (3-6), the leaf object (7): the refusal names 7 > 6.
    await atAndPast(JSON.stringify(base({ body })), 'maxJsonDepth', 7, /JSON nesting depth is 7/);
  });

  test('maxLayers and maxForwards: a forward through two mediators has six layers and two forwards', async () => {
    const { packed } = await packMessage(base({ to: ['did:example:charlie'] }), {
      mode: 'authcrypt', to: ['did:example:charlie'], from: 'did:example:alice',
      forward: { routingKeys: ['did:example:mediator2#key-x25519-1', 'did:example:mediator1#key-x25519-1'] },
    }, ctx);
    await atAndPast(packed, 'maxLayers', 6, /number of envelope layers is 6/);
    await atAndPast(packed, 'maxForwards', 2, /number of forwards unwrapped is 2/);
  });

  test('maxRecipients: a JWE for three keys', async () => {
    const { packed } = await packMessage(base(), { mode: 'anoncrypt', to: ['did:example:bob'], curve: 'X25519' }, ctx);
    await atAndPast(packed, 'maxRecipients', 3, /number of JWE recipients is 3/);
  });

  test('maxAttachmentBytes: base64 content measured decoded', async () => {
    const text = JSON.stringify(base({ attachments: [{ id: 'a1', data: { base64: Buffer.alloc(300, 1).toString('base64url') } }] }));
    await atAndPast(text, 'maxAttachmentBytes', 300, /attachments\[0\] content size is 300/);
  });

  test('maxJsonDepth: brackets inside strings, escaped quotes and escaped backslashes do not count', () => {
    const text = String.raw`{"a":"x\\","b":[[[1]]],"c":"[[[[\"]]]]"}`;
    expect(JSON.parse(text)).toMatchObject({ b: [[[1]]], c: '[[[["]]]]' });
    expect(() => checkJsonDepth(text, 4)).not.toThrow();
    expect(() => checkJsonDepth(text, 3)).toThrow(/JSON nesting depth is 4, over the limit of 3/);
  });

  test('defaults are documented values and bad overrides are a RangeError', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(() => resolveLimits({ maxLayers: 0 })).toThrow(RangeError);
    expect(() => resolveLimits({ maxJsonDepth: 1.5 })).toThrow(/limits.maxJsonDepth must be a positive integer/);
  });
});
