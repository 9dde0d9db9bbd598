/**
 * The agent's clock. The reference side of a run reads a fixed time (`run --clock`, src/didcomm/clock.ts) so its
 * messages are reproducible; the agent under test reads the wall clock. A time the agent stamps (a status's
 * received times, a from_prior `iat`) is judged against the wall clock, and a time the agent compares with
 * its own (an `expires_time` that must not yet have passed) is set from it.
 * @module
 */

/** The wall clock in whole epoch seconds (ENV-PLAIN-014 units), rounded down or, for the end of a window, up. */
export function wallSeconds(round: 'down' | 'up' = 'down'): number {
  return round === 'down' ? Math.floor(Date.now() / 1000) : Math.ceil(Date.now() / 1000);
}

/**
 * Waits until the wall clock has passed into the second after `epochSeconds`, so that a time stamped later
 * must differ; a time that is not about now (an hour off, in milliseconds) needs no wait.
 */
export async function pastSecond(epochSeconds: number): Promise<void> {
  const wait = (epochSeconds + 1) * 1000 - Date.now();
  if (wait > 0 && wait <= 2000) await new Promise((r) => setTimeout(r, wait + 20));
}
