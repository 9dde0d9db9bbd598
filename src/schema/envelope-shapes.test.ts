import { describe, expect, test } from 'vitest';
import { detectEnvelope } from '../didcomm/envelope/detect.js';
import { loadVectorCases } from '../vectors/expectations.js';
import { vectorInput } from '../vectors/verify.js';
import { checkEnvelopeShape, type EnvelopeShapeKind } from './envelope-shapes.js';

const KIND: Record<string, EnvelopeShapeKind> = { encrypted: 'jwe', signed: 'jws', plaintext: 'plaintext' };
const cases = loadVectorCases();

function shapeOf(text: string): { kind: EnvelopeShapeKind; value: unknown } {
  const { kind, value } = detectEnvelope(text);
  return { kind: KIND[kind]!, value };
}

describe('DIDComm JSON Schemas', () => {
  // Vectors a strict receiver accepts are what conforming senders emit (outer layer).
  const strictPositives = cases.filter((c) => (c.strict ?? c.expect).outcome === 'accept' && c.input.as !== 'from-prior-jwt');
  test.each(strictPositives.map((c) => [c.id, c] as const))('%s conforms', (_id, vector) => {
    const { kind, value } = shapeOf(vectorInput(vector));
    expect(checkEnvelopeShape(kind, value)).toEqual([]);
  });

  const negative = (id: string): { kind: EnvelopeShapeKind; value: unknown } => shapeOf(vectorInput(cases.find((c) => c.id === id)!));
  test.each([
    ['generated/negative/enc-jwe-007-apv-missing', 'jwe-protected-header', '/protected(decoded)', /apv/],
    ['generated/negative/enc-jwe-004-no-recipients', 'jwe', '/recipients', /fewer than 1/],
    ['generated/negative/jose-002-aad-not-authenticated', 'jwe', '/aad', /must not be present/],
    ['generated/negative/enc-jwe-006-kid-relative', 'jwe', '/recipients/0/header/kid', /pattern/],
    ['generated/negative/enc-alg-003-alg-dir', 'jwe-protected-header', '/protected(decoded)/alg', /allowed values/],
    ['generated/negative/env-sign-005-crit-header', 'jws-protected-header', '/signatures/0/protected(decoded)/crit', /must not be present/],
    ['generated/negative/env-plain-006-to-not-array', 'plaintext', '/to', /must be array/],
    ['generated/negative/env-plain-014-created-time-string', 'plaintext', '/created_time', /must be integer/],
    ['sicpa/plaintext/invalid-plaintext-msg-attachments-links-no-hash', 'plaintext', '/attachments/0/data', /hash/],
  ])('%s violates %s at %s', (id, schema, path, message) => {
    const { kind, value } = negative(id);
    expect(checkEnvelopeShape(kind, value)).toContainEqual({ schema, path, message: expect.stringMatching(message) });
  });

  test('authcrypt with A256GCM violates ENC-AUTH-002 in the header schema', () => {
    const { kind, value } = negative('generated/negative/enc-auth-002-authcrypt-a256gcm');
    expect(checkEnvelopeShape(kind, value).map((v) => v.path)).toContain('/protected(decoded)/enc');
  });
});
