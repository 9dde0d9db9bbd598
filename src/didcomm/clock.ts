/**
 * The reference side's clock, in epoch seconds (ENV-PLAIN-014 units). Replaceable so that a conformance run
 * can fix the time its reference messages carry and the time checks use (`run --clock`), making the same
 * inputs give the same bytes and verdicts; production code never replaces it.
 * @module
 */

let fixed: number | undefined;

/** Now, in whole epoch seconds (the fixed time while one is set). */
export function currentTime(): number {
  return fixed ?? Math.floor(Date.now() / 1000);
}

/** Runs `fn` with the clock fixed at `epochSeconds`, restoring it afterwards. */
export async function withClock<T>(epochSeconds: number, fn: () => Promise<T>): Promise<T> {
  const previous = fixed;
  fixed = epochSeconds;
  try {
    return await fn();
  } finally {
    fixed = previous;
  }
}
