/**
 * The JWE's recipient rules a receiver need not enforce (ENC-JWE-006 repeated kid, ENC-JWE-001 one DID per
 * JWE, ENC-JWE-009 apv): refused in this order by a strict receiver, all recorded in this order by a lenient
 * one; and each recipient's malformed member is named in the error.
 */
import { describe, expect, test } from 'vitest';
import { packMessage } from '../envelope/pack.js';
import { BOB_KIDS, basicMessage, sicpa } from '../oracles.test-support.js';
import { parseJwe } from './jwe.js';

async function twoRecipientJwe(): Promise<Record<string, unknown> & { recipients: Array<{ header: { kid: string }; encrypted_key: string }> }> {
  const { packed } = await packMessage(basicMessage(), { mode: 'anoncrypt', to: BOB_KIDS.X25519.slice(0, 2), curve: 'X25519' }, sicpa);
  return JSON.parse(packed);
}

describe('parseJwe recipient rules', () => {
  test('a repeated kid, a second DID and a wrong apv: strict refuses the first, lenient records all three in order', async () => {
    const jwe = await twoRecipientJwe();
    const kid = jwe.recipients[0]!.header.kid;
    jwe.recipients.push({ header: { kid }, encrypted_key: jwe.recipients[0]!.encrypted_key });
    jwe.recipients.push({ header: { kid: 'did:example:someone-else#key-1' }, encrypted_key: jwe.recipients[0]!.encrypted_key });
    expect(() => parseJwe(jwe, true)).toThrow(expect.objectContaining({ code: 'ERR_JWE_INVALID', requirement: 'ENC-JWE-006', message: 'a recipient kid appears twice' }));
    const warnings: Array<{ requirement: string }> = [];
    parseJwe(jwe, false, warnings as never);
    expect(warnings.map((w) => w.requirement)).toEqual(['ENC-JWE-006', 'ENC-JWE-001', 'ENC-JWE-009']);
  });

  test('a second DID alone is ENC-JWE-001, and the apv then no longer matches either (ENC-JWE-009)', async () => {
    const jwe = await twoRecipientJwe();
    jwe.recipients[1]!.header.kid = 'did:example:someone-else#key-1';
    expect(() => parseJwe(jwe, true)).toThrow(expect.objectContaining({ requirement: 'ENC-JWE-001' }));
    const warnings: Array<{ requirement: string }> = [];
    parseJwe(jwe, false, warnings as never);
    expect(warnings.map((w) => w.requirement)).toEqual(['ENC-JWE-001', 'ENC-JWE-009']);
  });

  test('a malformed encrypted_key is named by its recipient index', async () => {
    const jwe = await twoRecipientJwe();
    jwe.recipients[1]!.encrypted_key = 'not base64url!';
    expect(() => parseJwe(jwe, true)).toThrow(expect.objectContaining({
      code: 'ERR_BASE64URL_INVALID', requirement: 'ENC-JWE-004', message: 'recipients[1] "encrypted_key" is not valid base64url: characters outside the alphabet',
    }));
  });
});
