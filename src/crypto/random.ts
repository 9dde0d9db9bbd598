/**
 * The source of randomness for CEKs, IVs and ephemeral keys. Replaceable so that generated vectors can pin
 * their randomness (like jose's cookbook `generated` block); production code never replaces it.
 * @module
 */
import { createHash, randomBytes as nodeRandomBytes } from 'node:crypto';

export type RandomSource = (length: number) => Uint8Array;

let source: RandomSource | undefined;

// Small CSPRNG reads are costly one by one (a CEK and an IV per message): draw them from a pool that is
// refilled from node's CSPRNG. Every byte is handed out once.
const POOL_SIZE = 16 * 1024;
let pool = Buffer.alloc(0);
let offset = 0;

/** `length` random bytes from the current source (node's CSPRNG unless pinned). */
export function randomBytes(length: number): Uint8Array {
  if (source) return source(length);
  if (length > POOL_SIZE / 4) return nodeRandomBytes(length);
  if (offset + length > pool.length) {
    pool = nodeRandomBytes(POOL_SIZE);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + length));
  offset += length;
  return bytes;
}

/** True while a pinned (deterministic) source is in use. */
export function isRandomPinned(): boolean {
  return source !== undefined;
}

/** Runs `fn` with a deterministic source derived from `seed`, restoring the CSPRNG afterwards. */
export async function withSeededRandom<T>(seed: string, fn: () => Promise<T>): Promise<T> {
  const previous = source;
  let counter = 0;
  source = (length) => {
    const out = Buffer.alloc(length);
    for (let offset = 0; offset < length; offset += 32) {
      createHash('sha256').update(`${seed}/${counter++}`).digest().copy(out, offset);
    }
    return out;
  };
  try {
    return await fn();
  } finally {
    source = previous;
  }
}
