import { describe, expect, test } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url.js';

describe('base64url decoding (AMB-19, PITFALLS 22)', () => {
  test('round trip without padding', () => {
    expect(encodeBase64url(Buffer.from([0xfb, 0xff]))).toBe('-_8');
    expect([...decodeBase64url('-_8', 'x')]).toEqual([0xfb, 0xff]);
  });

  test.each([
    ['padding', 'QQ=='],
    ['standard alphabet', 'a+b/'],
    ['non-canonical trailing bits', 'QR'],
    ['impossible length', 'QUJDR'],
    ['a non-string', 42],
  ])('strict decoding refuses %s with ERR_BASE64URL_INVALID', (_what, value) => {
    expect(() => decodeBase64url(value, 'the field')).toThrow(expect.objectContaining({ code: 'ERR_BASE64URL_INVALID', message: expect.stringContaining('the field') }));
  });

  test('lenient decoding accepts padding and non-canonical bits, never the standard alphabet', () => {
    expect(decodeBase64url('QQ==', 'x', { lenient: true }).toString()).toBe('A');
    expect(decodeBase64url('QR', 'x', { lenient: true }).toString()).toBe('A');
    expect(() => decodeBase64url('a+b/', 'x', { lenient: true })).toThrow(expect.objectContaining({ code: 'ERR_BASE64URL_INVALID' }));
  });

  test('the canonical-bits check agrees with re-encoding for every last character and length', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let refused = 0;
    for (const prefix of ['', 'QUJD']) {
      for (const middle of ['Q', 'QU']) {
        for (const last of alphabet) {
          const text = `${prefix}${middle}${last}`;
          const canonical = Buffer.from(text, 'base64url').toString('base64url') === text;
          if (canonical) expect(decodeBase64url(text, 'x').toString('base64url')).toBe(text);
          else {
            refused += 1;
            expect(() => decodeBase64url(text, 'x')).toThrow(expect.objectContaining({ message: expect.stringContaining('non-canonical trailing bits') }));
          }
        }
      }
    }
    // Per prefix: 60 of 64 last characters are non-canonical after two leftovers, 48 after three.
    expect(refused).toBe(2 * (60 + 48));
  });

  test('the failure cites the requirement it was given', () => {
    expect(() => decodeBase64url('!', 'x', { requirement: 'ENC-JWE-009' })).toThrow(expect.objectContaining({ requirement: 'ENC-JWE-009' }));
  });
});
