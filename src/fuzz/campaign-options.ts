/**
 * What a fuzz campaign can be asked for: its modes and its default time budget. Apart from the campaign
 * (campaign.ts, cases.ts) so that what only names them (the `fuzz` options and their help) loads no fuzzer.
 * @module
 */

/**
 * What is fuzzed: `envelope-kinds` asks the adapter's `unpack` (every envelope stack it claims to receive);
 * `live` delivers trust pings to the agent's own endpoint and judges what it answers (live-agent.ts).
 */
export type FuzzMode = 'envelope-kinds' | 'live';
export const FUZZ_MODES: readonly FuzzMode[] = ['envelope-kinds', 'live'];

/** The default budget per campaign: about a minute of cases (shrinking comes after). */
export const DEFAULT_BUDGET_MS = 60_000;
