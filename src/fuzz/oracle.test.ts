import { describe, expect, test } from 'vitest';
import { baseOf, loadBases } from './cases.js';
import { expectationFor } from './oracle.js';
import { buildRecipe } from './recipe.js';
import { RECIPES } from './recipe-corpus.js';

/** The flattened JWS of the corpus whose signer kid is in the protected header, with `kid` also put unprotected. */
async function kidInBothHeaders(unprotectedKid: (protectedKid: string) => string): Promise<string> {
  const base = baseOf(await loadBases(), 'recipe/signed-eddsa-flattened-kid-protected');
  const jws = JSON.parse(base.text) as { protected: string; header?: Record<string, unknown> };
  const { kid } = JSON.parse(Buffer.from(jws.protected, 'base64url').toString('utf8')) as { kid: string };
  // The unprotected header is outside the signature: the bytes still verify.
  return JSON.stringify({ ...jws, header: { ...jws.header, kid: unprotectedKid(kid) } });
}

describe('the fuzz oracle names the rule that leaves an input open', () => {
  test('a JWS kid in both headers, same value: open under JOSE-003 (STRICT for a receiver), not ENV-SIGN-004', async () => {
    const expectation = await expectationFor(await kidInBothHeaders((kid) => kid));
    expect(expectation).toMatchObject({ kind: 'open', because: { id: 'JOSE-003' } });
  });

  test('a JWS kid in both headers, different values: the reference refuses it under JOSE-003, which binds senders only', async () => {
    const expectation = await expectationFor(await kidInBothHeaders(() => 'did:example:alice#key-2'));
    expect(expectation).toMatchObject({ kind: 'open', because: { id: 'JOSE-003' }, rejection: { requirement: 'JOSE-003' } });
  });
});

describe('an envelope without the typ a sender SHOULD set', () => {
  test('is open (ENV-MT-003 for a JWS, ENV-MT-004 for a JWE): refusing it breaks no receiver MUST', async () => {
    for (const [id, rule] of [['recipe/signed-eddsa-general', 'ENV-MT-003'], ['recipe/anoncrypt-x25519-a256cbc-hs512', 'ENV-MT-004']] as const) {
      const recipe = structuredClone(RECIPES[id]!);
      recipe.layers[0]!.header = { ...recipe.layers[0]!.header, typ: undefined };
      const expectation = await expectationFor(await buildRecipe(recipe, 'oracle-test'));
      expect(expectation, id).toMatchObject({ kind: 'open', because: { id: rule } });
    }
    // The untouched recipe, typ and all, is one every receiver must accept.
    expect(await expectationFor(await buildRecipe(RECIPES['recipe/signed-eddsa-general']!, 'oracle-test'))).toMatchObject({ kind: 'must-accept', duty: 'ENV-SIGN-001' });
  });
});

describe('a JWS with several signatures', () => {
  const broken = (entry: { signature: string }): { signature: string } => ({ ...entry, signature: `${entry.signature[0] === 'A' ? 'B' : 'A'}${entry.signature.slice(1)}` });

  test('one valid signature and a broken extra one: open (PITFALLS 4), not a MUST to reject', async () => {
    const jws = JSON.parse(baseOf(await loadBases(), 'recipe/signed-eddsa-general').text) as { signatures: Array<{ signature: string }> };
    const extra = JSON.stringify({ ...jws, signatures: [jws.signatures[0]!, broken(jws.signatures[0]!)] });
    expect(await expectationFor(extra)).toMatchObject({ kind: 'open', because: { id: 'ENV-SIGN-004' }, rejection: { code: 'ERR_SIGNATURE_INVALID' } });
  });

  test('every signature broken: a receiver MUST reject it', async () => {
    const jws = JSON.parse(baseOf(await loadBases(), 'recipe/signed-eddsa-general').text) as { signatures: Array<{ signature: string }> };
    const none = JSON.stringify({ ...jws, signatures: [broken(jws.signatures[0]!), broken(jws.signatures[0]!)] });
    expect(await expectationFor(none)).toMatchObject({ kind: 'must-reject', code: 'ERR_SIGNATURE_INVALID' });
  });
});

describe('a JOSE header member that is not a JSON object', () => {
  test('leaves a message the reference reads past open (RFC 7516 §7.2.1), where it was "must accept"', async () => {
    const base = baseOf(await loadBases(), 'recipe/authcrypt-x25519');
    expect(await expectationFor(base.text)).toMatchObject({ kind: 'must-accept' });
    const jwe = JSON.parse(base.text) as Record<string, unknown>;
    for (const broken of [{ ...jwe, unprotected: [['x']] }, { ...jwe, recipients: (jwe['recipients'] as object[]).map((r) => ({ ...r, header: 'kid' })) }]) {
      const expectation = await expectationFor(JSON.stringify(broken));
      expect(expectation.kind === 'open' ? expectation.because.id : expectation.kind).toMatch(/^RFC 7516 §7\.2\.1$|^must-reject$/);
    }
    expect(await expectationFor(JSON.stringify({ ...jwe, unprotected: [['x']] }))).toMatchObject({ kind: 'open', because: { id: 'RFC 7516 §7.2.1' } });
  });
});
