/**
 * The checks a case body makes, and what a failed one throws. The outcome a failed check comes to is not
 * decided here but by the verdict rule (src/spec/verdict-rule.ts) when the case ends: here a check only says
 * which requirement it judged, whether it judged conduct or acceptance, and how hard it asked.
 *
 * `must` takes only requirement IDs a failed check can fail (MUST or STRICT level, or read as MUST in
 * LEVEL_READINGS): citing an INFO entry or a SHOULD in `must` is a type error. Checks on requirements read
 * from data (vectors, the reference's rejections) use `check`, and the rule decides at run time.
 * @module
 */
import type { REQUIREMENTS, RequirementId } from '../spec/requirements.js';
import type { CheckKind, CheckStrength, LEVEL_READINGS } from '../spec/verdict-rule.js';

type LevelOf<K extends RequirementId> = (typeof REQUIREMENTS)[K]['level'];

/** Requirements a failed `must` can fail on: MUST or STRICT level, or read as MUST (LEVEL_READINGS). */
export type MustId = { [K in RequirementId]: LevelOf<K> extends 'MUST' | 'STRICT' ? K : never }[RequirementId] | keyof typeof LEVEL_READINGS;
/** Requirements a `should` may cite: any level but INFO (an INFO entry is a note, see CaseContext.note). */
export type ShouldId = { [K in RequirementId]: LevelOf<K> extends 'INFO' ? never : K }[RequirementId];

/** How a failed check is to be read (see ConformanceFailure). */
export interface CheckOptions {
  kind?: CheckKind;
  strength?: CheckStrength;
  rootCause?: RootCause;
  silence?: boolean;
  control?: boolean;
}

/** Where a failure comes from when it is not the case's own subject (a capability gap, a refused message). */
export interface RootCause {
  /** The requirement the root cause breaks. */
  requirement: RequirementId;
  /** One line that is the same for every case it blocks, so reports can group them. */
  summary: string;
}

/** A failed check; the verdict rule turns it into failed, warning or a note. */
export class ConformanceFailure extends Error {
  override readonly name = 'ConformanceFailure';
  readonly requirement: RequirementId;
  readonly kind: CheckKind;
  readonly strength: CheckStrength;
  readonly rootCause: RootCause | undefined;
  /** A live wait that saw nothing: the case runner looks on the wire for the refusal that explains it. */
  readonly silence: boolean;
  /** A positive control's wait: a silence no refusal explains leaves the case inconclusive. */
  readonly control: boolean;

  constructor(requirement: RequirementId, message: string, options: CheckOptions = {}) {
    super(`${requirement}: ${message}`);
    this.requirement = requirement;
    this.kind = options.kind ?? 'conduct';
    this.strength = options.strength ?? 'must';
    this.rootCause = options.rootCause;
    this.silence = options.silence ?? false;
    this.control = options.control ?? false;
  }
}

/** A need found at run time that the adapter did not claim: the case does not apply. */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable';
}

/**
 * A required capability the agent did not claim, in a case the adapter cannot drive (its `pack` or `unpack` is
 * -32601): skipped, since nothing shows what the library lacks, but the record keeps the capability rule as its
 * root cause so a profile that certifies that rule is `incomplete`, never `pass` (src/report/verdicts.ts).
 */
export class UndrivableCapability extends NotApplicable {
  readonly rootCause: RootCause;

  constructor(message: string, rootCause: RootCause) {
    super(message);
    this.rootCause = rootCause;
  }
}

/** The positive control of a negative case failed: the case proves nothing and is skipped with this reason. */
export class Inconclusive extends Error {
  override readonly name = 'Inconclusive';
}

/** The harness failed at its own part of a case (the wire shows it, src/runner/silence.ts): errored, never failed. */
export class HarnessTrouble extends Error {
  override readonly name = 'HarnessTrouble';
}

/** Fails the case under `requirement` when `condition` is false: the agent's own conduct broke a MUST. */
export function must(condition: unknown, requirement: MustId, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(requirement as RequirementId, message);
}

/**
 * An acceptance check: fails when the agent accepted input breaking `requirement`. Only a duty the requirement
 * puts on receivers fails the case; a rule on what senders emit is a strict reading (the verdict rule).
 */
export function mustRefuse(refused: unknown, requirement: RequirementId, message: string): asserts refused {
  if (!refused) throw new ConformanceFailure(requirement, message, { kind: 'acceptance' });
}

/** A check on a requirement read from data: the verdict rule decides at run time what its failure means. */
export function check(condition: unknown, requirement: RequirementId, message: string, options: CheckOptions = {}): asserts condition {
  if (!condition) throw new ConformanceFailure(requirement, message, options);
}
