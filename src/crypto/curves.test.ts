import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { importPublicJwk } from './curves.js';

const P256_PRIME = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;

function p256Key(): JsonWebKey {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' });
}

/** The error `importPublicJwk` throws for `jwk`, as code, requirement and message. */
function refusal(jwk: unknown): { code: string; requirement: string; message: string } {
  try {
    importPublicJwk(jwk, 'the "epk"');
  } catch (error) {
    const { code, requirement, message } = error as { code: string; requirement: string; message: string };
    return { code, requirement, message };
  }
  throw new Error('importPublicJwk accepted the key');
}

describe('importPublicJwk: the import cache never lets an invalid or a different key through (ENC-JWE-011)', () => {
  // Each case asks for the refusal before and after the valid key with the same "x" is cached: the same error both times.
  test.each([
    ['a "y" that is not on the curve', (key: JsonWebKey): JsonWebKey => ({ ...key, y: Buffer.alloc(32, 1).toString('base64url') })],
    ['a malformed "y"', (key: JsonWebKey): JsonWebKey => ({ ...key, y: 'AAAA' })],
    ['no "y"', ({ y: _y, ...key }: JsonWebKey): JsonWebKey => key],
    ['another "crv"', (key: JsonWebKey): JsonWebKey => ({ ...key, crv: 'P-384' })],
    ['an OKP "kty"', (key: JsonWebKey): JsonWebKey => ({ ...key, kty: 'OKP' })],
    ['private material', (key: JsonWebKey): JsonWebKey => ({ ...key, d: Buffer.alloc(32, 2).toString('base64url') })],
    // Not strings, though they print as the cached key's coordinates: a cache keyed on String(x) would let them in.
    ['"x" as an array of the valid "x"', (key: JsonWebKey): JsonWebKey => ({ ...key, x: [key.x] as unknown as string })],
    ['"y" as an object that prints as the valid "y"', (key: JsonWebKey): JsonWebKey => ({ ...key, y: { toString: () => key.y } as unknown as string })],
  ])('a P-256 key with the same "x" and %s', (_what, alter) => {
    const valid = p256Key();
    const invalid = alter(valid);
    const before = refusal(invalid);
    expect(before.code).toBe('ERR_EPK_INVALID');
    importPublicJwk(valid, 'the "epk"');
    importPublicJwk(valid, 'the "epk"');
    expect(refusal(invalid)).toEqual(before);
  });

  test('the other point with the same "x" (-y) is imported as itself, not as the cached key', () => {
    const valid = p256Key();
    const y = BigInt(`0x${Buffer.from(valid.y!, 'base64url').toString('hex')}`);
    const negated = { ...valid, y: Buffer.from((P256_PRIME - y).toString(16).padStart(64, '0'), 'hex').toString('base64url') };
    const first = importPublicJwk(valid, 'the "epk"');
    const second = importPublicJwk(negated, 'the "epk"');
    expect(second).not.toBe(first);
    expect(second.export({ format: 'jwk' }).y).toBe(negated.y);
    expect(importPublicJwk(valid, 'the "epk"')).toBe(first);
  });

  test('an X25519 "x" cached once is not returned for an Ed25519 key with the same bytes', () => {
    const x25519 = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' });
    expect(importPublicJwk(x25519, 'the "epk"').asymmetricKeyType).toBe('x25519');
    expect(importPublicJwk({ ...x25519, crv: 'Ed25519' }, 'a key').asymmetricKeyType).toBe('ed25519');
    const withPrivate = { ...x25519, d: x25519.x };
    expect(refusal(withPrivate)).toEqual({ code: 'ERR_EPK_INVALID', requirement: 'ENC-JWE-011', message: 'the "epk" carries private key material ("d")' });
  });

  test('an ephemeral key imported with remember=false is checked the same and never served from or to the cache', () => {
    const valid = p256Key();
    const once = importPublicJwk(valid, 'the "epk"', 'ENC-JWE-011', false);
    expect(importPublicJwk(valid, 'the "epk"', 'ENC-JWE-011', false)).not.toBe(once);
    const remembered = importPublicJwk(valid, 'the "epk"');
    expect(remembered).not.toBe(once);
    expect(importPublicJwk(valid, 'the "epk"')).toBe(remembered);
    const offCurve = { ...valid, y: Buffer.alloc(32, 1).toString('base64url') };
    expect(() => importPublicJwk(offCurve, 'the "epk"', 'ENC-JWE-011', false)).toThrow(expect.objectContaining({ code: 'ERR_EPK_INVALID', message: 'the "epk" is not a valid point on P-256' }));
  });
});
