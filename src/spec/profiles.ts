/**
 * Certification profiles (DESIGN.md, "Suites, requirements, outcomes"): the levels a run can be
 * restricted to with `--profile`. Each case names the profiles it counts towards.
 * @module
 */

/** Every profile and what it certifies. */
export const PROFILES = {
  core: 'DIDComm v2.1 required features',
  'crypto-full': 'every optional algorithm and curve',
  routing: 'forward wrapping and unwrapping, routing keys',
  protocols: 'didcomm.org protocols (trust ping, discover features, ...)',
  mediator: 'acting as a mediator',
  strict: 'what reference libraries enforce beyond the spec',
  'v2.0': 'DIDComm v2.0 compatibility deltas',
} as const;

export type ProfileName = keyof typeof PROFILES;

/** True when `name` is a profile. */
export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}
