/**
 * The reference names a sender's recognisable wrong key derivation or `apv` (issue 22) instead of an opaque
 * "could not be decrypted": each generated vector of such a sender is refused under the rule it broke.
 */
import { describe, expect, test } from 'vitest';
import { unpackMessage } from '../envelope/unpack.js';
import { loadVectorCases } from '../../vectors/expectations.js';
import { loadKeySet } from '../../vectors/key-sets.js';
import { vectorInput } from '../../vectors/verify.js';

const keys = loadKeySet('sicpa');
const input = (id: string): string => vectorInput(loadVectorCases().find((c) => c.id === `generated/negative/${id}`)!);

async function refusal(id: string, strict: boolean): Promise<{ requirement?: string; message: string }> {
  const error = await unpackMessage(input(id), keys, { strict }).then(() => undefined, (e: unknown) => e as { requirement?: string; message: string });
  expect(error, id).toBeDefined();
  return error!;
}

describe('known wrong variants', () => {
  test('1PU KDF without the tag (ECDH-1PU draft 3) is named under ENC-AUTH-003', async () => {
    const error = await refusal('enc-kdf-004-1pu-kdf-without-tag', false);
    expect(error.requirement).toBe('ENC-AUTH-003');
    expect(error.message).toMatch(/without the content tag/);
  });

  test('1PU KDF with the tag but no length prefix is named under ENC-AUTH-001 (draft 4)', async () => {
    const error = await refusal('enc-kdf-004-1pu-kdf-tag-without-length', false);
    expect(error.requirement).toBe('ENC-AUTH-001');
    expect(error.message).toMatch(/length prefix/);
  });

  test('a genuinely undecryptable JWE stays the opaque failure', async () => {
    const error = await refusal('enc-kdf-005-anoncrypt-x25519-a256cbc-hs512-encrypted-key-tampered', false);
    expect(error.requirement).toBe('ENC-KDF-005');
    expect(error.message).toBe('the message could not be decrypted');
  });

  test('an apv over unsorted kids is refused by the strict receiver naming the order, and warned by the lenient one', async () => {
    const error = await refusal('enc-jwe-009-apv-unsorted', true);
    expect(error.requirement).toBe('ENC-JWE-009');
    expect(error.message).toMatch(/it hashes the kids in (descending order|the order the recipients are listed)/);
    const lenient = await unpackMessage(input('enc-jwe-009-apv-unsorted'), keys, { strict: false });
    expect(lenient.metadata.warnings.map((w) => w.requirement)).toContain('ENC-JWE-009');
  });

  test('authcrypt with A256GCM is refused under ENC-AUTH-002', async () => {
    const gcm = loadVectorCases().find((c) => c.expect.outcome === 'reject' && c.expect.requirement === 'ENC-AUTH-002');
    expect(gcm).toBeDefined();
    const error = await unpackMessage(vectorInput(gcm!), keys, { strict: false }).then(() => undefined, (e: unknown) => e as { requirement?: string });
    expect(error?.requirement).toBe('ENC-AUTH-002');
  });
});
