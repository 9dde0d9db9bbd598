import { describe, expect, test } from 'vitest';
import { buildForward, parseForward } from './forward.js';

const inner = JSON.stringify({ protected: 'e30', recipients: [], iv: 'AA', ciphertext: 'AA', tag: 'AA' });

describe('parseForward (ROUTE-002, ROUTE-003)', () => {
  test('reads every attached message in order: §9.4.4 allows "message(s)"', () => {
    const forward = buildForward('did:example:bob', inner);
    const second = buildForward('did:example:bob', inner, 'base64').attachments![0]!;
    const parsed = parseForward({ ...forward, attachments: [...forward.attachments!, second] });
    expect(parsed.next).toBe('did:example:bob');
    expect(parsed.messages.map((m) => m.encoding)).toEqual(['json', 'base64']);
    expect(parsed.messages.map((m) => JSON.parse(m.attached))).toEqual([JSON.parse(inner), JSON.parse(inner)]);
  });

  test('refuses a forward without next (ROUTE-002) or without any attached message (ROUTE-003)', () => {
    const forward = buildForward('did:example:bob', inner);
    expect(() => parseForward({ ...forward, body: {} })).toThrow(expect.objectContaining({ requirement: 'ROUTE-002' }));
    expect(() => parseForward({ ...forward, attachments: [] })).toThrow(expect.objectContaining({ requirement: 'ROUTE-003' }));
  });
});
