/**
 * Regenerates `src/spec/requirements.generated.ts` from `../shared/didcomm-spec/DIGEST.md`, the one place
 * requirement IDs are defined, and its supplement `src/spec/jose-digest.md` (JOSE rules under JOSE-* IDs). Run `npm run requirements:generate`; a unit test checks the committed file
 * still matches the digest, so the registry cannot drift from it.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRequirementsModule } from '../src/spec/digest-parser.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const digestPath = process.argv[2] ?? `${root}../shared/didcomm-spec/DIGEST.md`;
const outPath = `${root}src/spec/requirements.generated.ts`;
const supplement = readFileSync(`${root}src/spec/jose-digest.md`, 'utf8');
writeFileSync(outPath, renderRequirementsModule(readFileSync(digestPath, 'utf8'), supplement));
console.log(`wrote ${outPath}`);
