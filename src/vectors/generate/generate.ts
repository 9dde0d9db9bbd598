/**
 * Builds every generated vector with pinned randomness (one seed per vector), so the output is
 * reproducible byte for byte: `npm run vectors:generate` rewrites `vectors/generated/` and
 * `vectors/expectations/generated.json`, and a test checks the committed files match.
 * @module
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { generateEphemeralKey } from '../../crypto/curves.js';
import { withSeededRandom } from '../../crypto/random.js';
import { SecretStore } from '../../did/secrets.js';
import type { PlaintextMessage } from '../../didcomm/types.js';
import { loadVectorCases } from '../expectations.js';
import { loadKeySet } from '../key-sets.js';
import { VECTORS_DIR } from '../paths.js';
import { vectorInput } from '../verify.js';
import type { Generation, VectorDefinition } from './definition.js';
import { JWE_NEGATIVES } from './negatives-jwe.js';
import { JWS_NEGATIVES } from './negatives-jws.js';
import { LAYER_NEGATIVES } from './negatives-layers.js';
import { POSITIVES } from './positives.js';
import { SECOND_INPUTS } from './negatives-second-inputs.js';

export const GENERATOR_SEED = 'didcomm-conformance/generated-vectors/v1';
export const ALL_DEFINITIONS: readonly VectorDefinition[] = [...POSITIVES, ...JWE_NEGATIVES, ...JWS_NEGATIVES, ...LAYER_NEGATIVES, ...SECOND_INPUTS];

/** Key ids the generator signs or encrypts with that no receiver can resolve (a stranger, a missing key). */
const UNRESOLVABLE_SENDERS = ['did:example:mallory#key-x25519-1', 'did:example:alice#key-x25519-9'];

async function generationContext(): Promise<Generation['ctx']> {
  const set = loadKeySet('sicpa');
  const secrets = new SecretStore(set.secrets.kids().map((kid) => set.secrets.find(kid)!));
  await withSeededRandom(`${GENERATOR_SEED}/identities`, async () => {
    for (const kid of UNRESOLVABLE_SENDERS) {
      const { privateKey } = generateEphemeralKey('X25519');
      secrets.add(kid, createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })).export({ format: 'jwk' }));
    }
  });
  return { resolver: set.resolver, secrets };
}

export interface GeneratedOutput {
  /** File contents by path under `vectors/`. */
  files: Map<string, string>;
}

/** Builds every definition, positives first (negatives mutate them). */
export async function renderGeneratedVectors(): Promise<GeneratedOutput> {
  const ctx = await generationContext();
  const built = new Map<string, { text: string; plaintext?: PlaintextMessage }>();
  const upstream = new Map(loadVectorCases().filter((c) => !c.id.startsWith('generated/')).map((c) => [c.id, c]));
  const generation: Generation = {
    ctx,
    base: (id) => {
      const known = built.get(id)?.text ?? (upstream.has(id) ? vectorInput(upstream.get(id)!) : undefined);
      if (known === undefined) throw new Error(`generated vector base ${id} is not built (define positives before the negatives that use them)`);
      return known;
    },
    plaintextOf: (id) => {
      const plaintext = built.get(id)?.plaintext;
      if (!plaintext) throw new Error(`generated vector ${id} has no recorded plaintext`);
      return plaintext;
    },
  };
  const files = new Map<string, string>();
  const expectations: unknown[] = [];
  for (const definition of ALL_DEFINITIONS) {
    if (built.has(definition.id)) throw new Error(`generated vector ${definition.id} is defined twice`);
    const result = await withSeededRandom(`${GENERATOR_SEED}/${definition.id}`, () => definition.build(generation));
    built.set(definition.id, result);
    const file = `${definition.id}.json`;
    let message: unknown;
    try {
      message = JSON.parse(result.text);
    } catch {
      message = undefined;
    }
    const isJson = message !== undefined && typeof message === 'object';
    const record = {
      id: definition.id,
      ...(definition.base ? { base: definition.base, mutation: definition.mutation } : {}),
      generator: { module: 'src/vectors/generate', seed: `${GENERATOR_SEED}/${definition.id}` },
      // Text that is not JSON (a compact serialization, a broken message) is kept as a string.
      ...(isJson ? { message } : { text: result.text }),
      ...(result.plaintext ? { plaintext: result.plaintext } : {}),
    };
    files.set(file, `${JSON.stringify(record, null, 2)}\n`);
    const accepts = (e: VectorDefinition['expect'] | undefined): boolean => e?.outcome === 'accept';
    const withPlaintext = (e: VectorDefinition['expect'] | undefined): VectorDefinition['expect'] | undefined =>
      e && accepts(e) && result.plaintext && e.outcome === 'accept' && e.layers?.includes('plaintext') && !e.plaintext ? { ...e, plaintext: { file, key: 'plaintext' } } : e;
    expectations.push({
      id: definition.id,
      input: { file, key: isJson ? 'message' : 'text' },
      keys: 'sicpa',
      ...(definition.specVersion ? { specVersion: definition.specVersion } : {}),
      requirements: definition.requirements,
      ...(definition.base ? { base: definition.base, mutation: definition.mutation } : {}),
      expect: withPlaintext(definition.expect),
      ...(definition.strict ? { strict: withPlaintext(definition.strict) } : {}),
      ...(definition.lenient ? { lenient: withPlaintext(definition.lenient) } : {}),
      ...(definition.note ? { note: definition.note } : {}),
    });
  }
  files.set('expectations/generated.json', `${JSON.stringify(expectations, null, 2)}\n`);
  return { files };
}

/** Rewrites `vectors/generated/` and `vectors/expectations/generated.json`. */
export async function writeGeneratedVectors(): Promise<number> {
  const { files } = await renderGeneratedVectors();
  rmSync(join(VECTORS_DIR, 'generated'), { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(VECTORS_DIR, path)), { recursive: true });
    writeFileSync(join(VECTORS_DIR, path), content);
  }
  return files.size - 1;
}

/** Paths of the generated files currently on disk, relative to `vectors/`. */
export function generatedFilesOnDisk(): string[] {
  const walk = (dir: string): string[] => readdirSync(join(VECTORS_DIR, dir), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`]));
  return walk('generated');
}
