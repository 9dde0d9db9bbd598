import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from 'vitest';
import { loadVectorCases } from './expectations.js';
import { generatedFilesOnDisk, renderGeneratedVectors } from './generate/generate.js';
import { VECTORS_DIR } from './paths.js';
import { verifyVector, vectorInput } from './verify.js';

const cases = loadVectorCases();

describe('every vector meets its expectation', () => {
  test.each(cases.flatMap((c) => (['strict', 'lenient'] as const).map((mode) => [c.id, mode, c] as const)))('%s (%s receiver)', async (_id, mode, vector) => {
    const result = await verifyVector(vector, mode);
    expect(result.problems).toEqual([]);
  });
});

describe('the vector corpus', () => {
  const negatives = cases.filter((c) => c.base !== undefined);

  test('holds every spec and SICPA vector and at least 60 generated negatives', () => {
    expect(cases.filter((c) => c.id.startsWith('spec/'))).toHaveLength(10);
    expect(cases.filter((c) => c.id.startsWith('sicpa/')).length).toBeGreaterThanOrEqual(39);
    expect(negatives.length).toBeGreaterThanOrEqual(60);
  });

  test('each negative names a base that exists, is accepted, and differs from it by its mutation', () => {
    const ids = new Map(cases.map((c) => [c.id, c]));
    for (const negative of negatives) {
      const base = ids.get(negative.base!);
      expect(base, `${negative.id} base ${negative.base}`).toBeDefined();
      expect(base!.expect.outcome, `${negative.base} is a positive base`).toBe('accept');
      expect(negative.mutation, `${negative.id} describes its mutation`).toMatch(/\w{3}/);
      expect(vectorInput(negative), `${negative.id} differs from its base`).not.toBe(vectorInput(base!));
      const rejects = [negative.expect, negative.strict, negative.lenient].some((e) => e?.outcome === 'reject');
      expect(rejects, `${negative.id} is rejected in at least one receiver mode`).toBe(true);
    }
  });

  test('upstream vector files are byte-identical to the shared spec material', () => {
    const shared = join(VECTORS_DIR, '..', '..', 'shared', 'didcomm-spec', 'vectors');
    for (const file of ['did-docs.json', 'secrets.json', 'encrypted/authcrypt-x25519-a256cbc-hs512.json', 'signed/es256k-secp256k1.json']) {
      expect(readFileSync(join(VECTORS_DIR, 'upstream/didcomm-spec', file), 'utf8')).toBe(readFileSync(join(shared, file), 'utf8'));
    }
    for (const file of ['encrypted.json', 'plaintext.json', 'did-docs.json', 'secrets.json', 'from-prior-jwt.json']) {
      expect(readFileSync(join(VECTORS_DIR, 'upstream/sicpa-didcomm-rust', file), 'utf8')).toBe(readFileSync(join(shared, 'sicpa-didcomm-rust', file), 'utf8'));
    }
  });

  test('the generated vectors on disk are exactly what the generator produces (regenerate with npm run vectors:generate)', async () => {
    const { files } = await renderGeneratedVectors();
    const onDisk = generatedFilesOnDisk();
    expect(onDisk.sort()).toEqual([...files.keys()].filter((f) => f.startsWith('generated/')).sort());
    const stale = [...files].filter(([path, content]) => readFileSync(join(VECTORS_DIR, path), 'utf8') !== content).map(([path]) => path);
    expect(stale).toEqual([]);
  });

  test('a wrong expectation is caught (the runner can fail)', async () => {
    const vector = cases.find((c) => c.id === 'spec/encrypted/authcrypt-x25519-a256cbc-hs512')!;
    const wrong = { ...vector, expect: { outcome: 'reject' as const, code: 'ERR_DECRYPTION_FAILED', requirement: 'ENC-KDF-005' as const } };
    expect((await verifyVector(wrong, 'strict')).ok).toBe(false);
    const wrongLayers = { ...vector, expect: { ...vector.expect, layers: ['anoncrypt' as const, 'plaintext' as const] } };
    expect((await verifyVector(wrongLayers, 'lenient')).problems).toEqual([expect.stringContaining('layers authcrypt>plaintext')]);
    expect(isDeepStrictEqual(vector.expect, wrongLayers.expect)).toBe(false);
  });
});
