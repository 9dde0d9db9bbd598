/**
 * Regenerates the generated vectors (`npm run vectors:generate`); see src/vectors/generate/generate.ts.
 * @module
 */
import { writeGeneratedVectors } from '../src/vectors/generate/generate.js';

const count = await writeGeneratedVectors();
console.log(`wrote ${count} generated vectors and their expectations`);
