/**
 * The verdict rule: how a failing check becomes a case outcome, from the level its requirement has for the
 * party being judged, what kind of check it was, and the reading (the `strict` profile or every other one).
 * This is the one place the rule lives (DESIGN.md "Suites, requirements, outcomes"); the case runner, the
 * vector runner and every renderer go through it, and docs/verdict-rule.md states it in prose.
 *
 * | failing check                                   | default reading | strict reading |
 * |-------------------------------------------------|-----------------|----------------|
 * | MUST (for the party judged; see CheckKind)      | failed          | failed         |
 * | a rule that binds only other parties (sender)   | note            | failed if MUST |
 * | SHOULD or MAY                                   | warning         | warning        |
 * | STRICT (what reference libraries enforce)       | note            | failed         |
 * | acceptance of input breaking a sender-only MUST | note            | failed         |
 * | acceptance of input breaking a sender-only      | note            | note           |
 * |   SHOULD/MAY                                    |                 |                |
 * | INFO, AMB-*, VEC-*                              | note            | note           |
 *
 * A check made with `should` never ends worse than `warning`. A note never colours a case or a verdict.
 * @module
 */
import { REQUIREMENTS, type RequirementId } from './requirements.js';
import type { RequirementLevel } from './digest-parser.js';

/** The part whose conduct a check judges. */
export type Party = 'sender' | 'receiver' | 'mediator';

/**
 * What a check judged:
 * - `conduct`: what the agent did or sent (a message it emitted, a valid message it refused, a reply it gave);
 *   the requirement's level for the party judged counts, or its strongest level when it names no party.
 * - `acceptance`: the agent accepted (or failed to reject) input that breaks the requirement; only a duty the
 *   requirement puts on receivers can fail it. A rule on what senders emit is a strict reading here.
 */
export type CheckKind = 'conduct' | 'acceptance';

/** How hard the suite asked: `must` (a failed check fails) or `should` (never more than a warning). */
export type CheckStrength = 'must' | 'should';

/** The two readings: `strict` for the `strict` profile, `default` for every other profile. */
export type Reading = 'default' | 'strict';

/** What a failing check comes to. `note`: recorded and shown, never colours anything. */
export type FailingOutcome = 'failed' | 'warning' | 'note';

/** One failing check. */
export interface FailingCheck {
  requirement: string;
  kind: CheckKind;
  strength: CheckStrength;
  /** Whose conduct was judged. */
  party: Party;
}

const ACTORS: Record<string, 'sender' | 'receiver' | 'mediator' | 'any'> = { S: 'sender', R: 'receiver', M: 'mediator', A: 'any' };
const RANK: Record<RequirementLevel, number> = { INFO: 0, MAY: 1, SHOULD: 2, STRICT: 3, MUST: 4 };

/**
 * Where the harness reads a requirement's per-party level differently from the digest's level column, each
 * with the spec sentence that says so (verdict-audit §3 "understated verdicts"). Nothing else is overridden.
 */
export const LEVEL_READINGS = {
  'ROT-005': {
    levelText: 'SHOULD R / MUST R',
    why: '§5.3: checking for `from_prior` is a SHOULD, but "The indicated key MUST be authorized in the DID Document of the prior DID (`iss`)": a receiver that accepts a rotation signed by a key of another DID breaks a MUST. The MUST binds a receiver that processes `from_prior`: one whose unpack of a valid rotation reports none hands it back unread and is not judged on it (suites/_support/processing-duties.ts).',
  },
} as const satisfies Partial<Record<RequirementId, { levelText: string; why: string }>>;

function isLevelWord(token: string): RequirementLevel | undefined {
  const word = token.replace(/\*$/, '');
  return word === 'MUST' || word === 'SHOULD' || word === 'MAY' || word === 'STRICT' || word === 'INFO' ? word : undefined;
}

/**
 * The level a level text gives each party, e.g. `MAY S / MUST R` -> sender MAY, receiver MUST;
 * `SHOULD R / MUST NOT R` -> receiver MUST; `MUST` -> any MUST. A segment without party letters
 * (`MUST S / MUST*`) belongs to the previous segment's parties.
 */
export function levelsByParty(levelText: string, options: { withoutProhibitions?: boolean } = {}): Partial<Record<'sender' | 'receiver' | 'mediator' | 'any', RequirementLevel>> {
  const segments: Array<{ levels: RequirementLevel[]; parties: string[]; prohibition: boolean }> = [];
  let current: { levels: RequirementLevel[]; parties: string[]; prohibition: boolean } | undefined;
  for (const token of levelText.split(/[\s/]+/).filter(Boolean)) {
    const level = isLevelWord(token);
    if (level) {
      if (!current || current.parties.length > 0) segments.push((current = { levels: [], parties: [], prohibition: false }));
      current.levels.push(level);
    } else if (token === 'NOT' && current) {
      current.prohibition = true;
    } else if (ACTORS[token] && current) {
      current.parties.push(ACTORS[token]!);
    }
  }
  const result: Partial<Record<'sender' | 'receiver' | 'mediator' | 'any', RequirementLevel>> = {};
  let previous: string[] = ['any'];
  for (const segment of segments) {
    const parties = segment.parties.length > 0 ? segment.parties : previous;
    previous = parties;
    if (options.withoutProhibitions && segment.prohibition) continue;
    const strongest = segment.levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
    for (const party of parties) {
      const key = party as keyof typeof result;
      if (result[key] === undefined || RANK[strongest] > RANK[result[key]!]) result[key] = strongest;
    }
  }
  return result;
}

/** True for entries that only inform: INFO level, ambiguity notes (AMB-*) and vector notes (VEC-*). */
export function isInformational(requirement: string): boolean {
  if (/^(AMB|VEC)-/.test(requirement)) return true;
  const entry = (REQUIREMENTS as Record<string, { level: RequirementLevel } | undefined>)[requirement];
  return entry === undefined || entry.level === 'INFO';
}

function levelTextOf(requirement: string): string {
  return (LEVEL_READINGS as Partial<Record<string, { levelText: string }>>)[requirement]?.levelText
    ?? (REQUIREMENTS as Record<string, { levelText: string } | undefined>)[requirement]?.levelText
    ?? 'INFO';
}

/**
 * The level `requirement` has for `party` (its own letter or `A`), or undefined when it binds only others.
 * A mediator is also judged as a receiver (of what it is sent) and a sender (of what it passes on).
 */
export function levelFor(requirement: string, party: Party | 'receiver-only'): RequirementLevel | undefined {
  // A receiver that accepted bad input cannot have broken a prohibition on refusing (`SHOULD R / MUST NOT R`:
  // "SHOULD be rejected and MUST NOT be treated as part of a multi-message interaction").
  const levels = levelsByParty(levelTextOf(requirement), { withoutProhibitions: party === 'receiver-only' });
  const keys = party === 'receiver-only' ? ['receiver'] as const
    : party === 'mediator' ? ['mediator', 'receiver', 'sender', 'any'] as const
    : [party, 'any'] as const;
  let best: RequirementLevel | undefined;
  for (const key of keys) {
    const level = levels[key];
    if (level !== undefined && (best === undefined || RANK[level] > RANK[best])) best = level;
  }
  return best;
}

/** The strongest level the requirement has for anyone. */
function strongestLevel(requirement: string): RequirementLevel {
  const levels = Object.values(levelsByParty(levelTextOf(requirement)));
  return levels.length === 0 ? 'INFO' : levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
}

/** What one failing check comes to under `reading`. */
export function failingOutcome(check: FailingCheck, reading: Reading): FailingOutcome {
  if (isInformational(check.requirement)) return 'note';
  const cap = (outcome: FailingOutcome): FailingOutcome => (check.strength === 'should' && outcome === 'failed' ? 'warning' : outcome);
  // Acceptance of bad input fails only a duty put on receivers by name. Conduct is judged at the level the
  // requirement has for the party. A receiver that cannot process a valid message breaks the format or
  // algorithm rule even when it is phrased for packers (refusing ECDH-1PU draft-04 authcrypt breaks
  // ENC-AUTH-001); a sender is judged only by rules that bind senders (a receiver's tolerance rule is not its).
  const level = check.kind === 'acceptance' ? levelFor(check.requirement, 'receiver-only')
    : levelFor(check.requirement, check.party) ?? (check.party === 'sender' ? undefined : strongestLevel(check.requirement));
  if (level === 'MUST') return cap('failed');
  if (level === 'SHOULD' || level === 'MAY') return 'warning';
  if (level === 'STRICT') return reading === 'strict' ? cap('failed') : 'note';
  if (level === 'INFO') return 'note';
  // The requirement binds another party only: a strict receiver refuses what a sender MUST NOT emit.
  const other = strongestLevel(check.requirement);
  if ((other === 'MUST' || other === 'STRICT') && reading === 'strict') return cap('failed');
  return 'note';
}

/** The reading a case is judged by: strict when `strict` is its only profile. */
export function readingOf(profiles: readonly string[]): Reading {
  return profiles.length > 0 && profiles.every((p) => p === 'strict') ? 'strict' : 'default';
}
