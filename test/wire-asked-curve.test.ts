/**
 * The sender cases' wire judge (suites/_support/wire.ts) on the curve of an agent's JWE: a JWE on another curve
 * than asked, consistent with its recipient keys, breaks no rule (the sender picks among the recipient's key
 * types), so the case is errored with ERR_ADAPTER_IGNORED_REQUEST, never failed; an `epk` on another curve than
 * a recipient key it is encrypted for breaks ENC-JWE-008; the same for the content encryption (ENC-ALG-002); an
 * adapter that cannot express the pack leaves the case untestable. Real JWEs of the reference, judged as an agent's.
 */
import { describe, expect, test } from 'vitest';
import { packMessage } from '../src/didcomm/envelope/pack.js';
import type { PlaintextMessage } from '../src/didcomm/types.js';
import { computeApv } from '../src/index.js';
import { ConformanceFailure, type CaseContext } from '../src/runner/case.js';
import { UndrivableCapability } from '../src/runner/checks.js';
import { loadKeySet } from '../src/vectors/key-sets.js';
import { judgeOnWire } from '../suites/_support/wire.js';

const BOB = 'did:example:bob';
const keys = loadKeySet('sicpa');
const sent: PlaintextMessage = { id: 'asked-curve-1', type: 'https://didcomm.org/basicmessage/2.0/message', to: [BOB], body: { content: 'hi' } };

/** What judgeOnWire reads of a case: claims, and the warnings and notes it records. */
function caseContext(): CaseContext & { findings: string[] } {
  const findings: string[] = [];
  const record = (condition: unknown, requirement: string, message: string): void => { if (!condition) findings.push(`${requirement}: ${message}`); };
  return { capabilities: { adapterProvides: [] }, findings, should: record, judge: record, note: record } as unknown as CaseContext & { findings: string[] };
}

const packedOn = async (curve: 'X25519' | 'P-256'): Promise<{ status: 'packed'; packed: string }> =>
  ({ status: 'packed', packed: (await packMessage(sent, { mode: 'anoncrypt', to: [BOB], curve, enc: 'A256GCM' }, keys)).packed });

describe('the asked curve on the wire', () => {
  test('asked for P-256, encrypted to the recipient\'s X25519 keys: errored (the adapter ignored the request), not failed', async () => {
    const judged = judgeOnWire(caseContext(), await packedOn('X25519'), sent, { requirement: 'ENC-ALG-001', layers: ['anoncrypt', 'plaintext'], recipient: BOB, curve: 'P-256', enc: 'A256GCM' });
    await expect(judged).rejects.toMatchObject({ name: 'AdapterError', code: 'ERR_ADAPTER_IGNORED_REQUEST', message: expect.stringContaining('asked for P-256 and encrypted on "X25519"') });
  });

  test('the positive control: the same JWE judged against the curve it is on passes, and its unpacked body is the one sent', async () => {
    const ctx = caseContext();
    const unpacked = await judgeOnWire(ctx, await packedOn('X25519'), sent, { requirement: 'ENC-ALG-001', layers: ['anoncrypt', 'plaintext'], recipient: BOB, curve: 'X25519', enc: 'A256GCM' });
    expect(unpacked.message.body).toEqual(sent.body);
    expect(ctx.findings).toEqual([]);
  });

  test('an epk on P-256 with a recipient key on X25519 breaks ENC-JWE-008', async () => {
    // The kid swapped, and `apv` (which hashes the kids) made to match, so that the curve is the first rule broken.
    const p256 = JSON.parse((await packedOn('P-256')).packed) as { protected: string; recipients: Array<{ header: { kid: string } }> };
    p256.recipients[0]!.header.kid = `${BOB}#key-x25519-1`;
    const header = JSON.parse(Buffer.from(p256.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
    p256.protected = Buffer.from(JSON.stringify({ ...header, apv: computeApv(p256.recipients.map((r) => r.header.kid)) })).toString('base64url');
    const judged = judgeOnWire(caseContext(), { status: 'packed', packed: JSON.stringify(p256) }, sent, { requirement: 'ENC-ALG-001', layers: ['anoncrypt', 'plaintext'], recipient: BOB, curve: 'P-256', enc: 'A256GCM' });
    await expect(judged).rejects.toBeInstanceOf(ConformanceFailure);
    await expect(judged).rejects.toMatchObject({ requirement: 'ENC-JWE-008', message: expect.stringContaining(`"epk" is on "P-256", recipient ${BOB}#key-x25519-1 is not`) });
  });

  test('asked for XC20P, encrypted with A256GCM: errored too; an "enc" DIDComm does not define breaks ENC-ALG-002', async () => {
    const gcm = await packedOn('X25519');
    const asked = judgeOnWire(caseContext(), gcm, sent, { requirement: 'ENC-ALG-001', layers: ['anoncrypt', 'plaintext'], recipient: BOB, curve: 'X25519', enc: 'XC20P' });
    await expect(asked).rejects.toMatchObject({ code: 'ERR_ADAPTER_IGNORED_REQUEST', message: 'pack was asked for XC20P and encrypted with "A256GCM"' });
    const jwe = JSON.parse(gcm.packed) as { protected: string };
    const header = JSON.parse(Buffer.from(jwe.protected, 'base64url').toString('utf8')) as Record<string, unknown>;
    jwe.protected = Buffer.from(JSON.stringify({ ...header, enc: 'A128GCM' })).toString('base64url');
    const undefinedEnc = judgeOnWire(caseContext(), { status: 'packed', packed: JSON.stringify(jwe) }, sent, { requirement: 'ENC-ALG-001', layers: ['anoncrypt', 'plaintext'], recipient: BOB, curve: 'X25519', enc: 'XC20P' });
    await expect(undefinedEnc).rejects.toMatchObject({ requirement: 'ENC-ALG-002', message: expect.stringContaining('"A128GCM", which DIDComm does not define') });
  });

  test('an adapter that cannot express the pack (ADAPTER_CANNOT_EXPRESS) makes the case untestable, not failed; any other refusal fails', async () => {
    const asked = { requirement: 'ENC-ALG-001', layers: ['anoncrypt', 'plaintext'], recipient: BOB, curve: 'P-256', enc: 'A256GCM' } as const;
    const cannot = judgeOnWire(caseContext(), { status: 'rejected', error: { code: 'ADAPTER_CANNOT_EXPRESS', message: 'the library picks the curve' } } as never, sent, { ...asked, layers: [...asked.layers] });
    await expect(cannot).rejects.toBeInstanceOf(UndrivableCapability);
    await expect(cannot).rejects.toMatchObject({ rootCause: { requirement: 'ENC-ALG-001' }, message: expect.stringContaining('the library picks the curve') });
    const refused = judgeOnWire(caseContext(), { status: 'rejected', error: { code: 'Unsupported', message: 'no P-256' } } as never, sent, { ...asked, layers: [...asked.layers] });
    await expect(refused).rejects.toMatchObject({ name: 'ConformanceFailure', requirement: 'ENC-ALG-001', message: expect.stringContaining('the agent refused to pack: Unsupported: no P-256') });
  });
});
