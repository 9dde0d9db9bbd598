/**
 * Certification profiles (DESIGN.md, "Suites, requirements, outcomes") as requirement sets: each profile
 * names the requirements it certifies (a rule over the registry) and the cases that count towards it (each
 * case lists its profiles). A run ends with one verdict per profile (src/runner/verdicts.ts).
 * @module
 */
import { REQUIREMENTS, type RequirementId } from './requirements.js';

/** What a profile certifies, and which requirements make it up. */
export interface ProfileDefinition {
  description: string;
  /** True when the profile certifies `id`. */
  certifies(id: RequirementId): boolean;
}

const OPTIONAL_CRYPTO = new Set<RequirementId>(['ENC-ALG-001', 'ENC-ALG-002', 'ENC-ALG-003', 'ENC-ALG-005', 'ENC-ANON-003', 'ENV-SIGN-001', 'ENC-JWE-002']);
const level = (id: RequirementId): string => REQUIREMENTS[id].level;
const area = (id: RequirementId): string => id.replace(/-\d{3}$/, '');

/** Every profile: `core` is what v2.1 requires; the others certify more, or other rules, and never fail `core`. */
export const PROFILE_DEFINITIONS = {
  core: {
    description: 'DIDComm v2.1 required features: every MUST (a broken SHOULD is a warning)',
    certifies: (id) => level(id) === 'MUST' || level(id) === 'SHOULD',
  },
  'crypto-full': {
    description: 'every optional algorithm and curve (A256GCM, XC20P, P-521 key agreement, every signature algorithm)',
    certifies: (id) => OPTIONAL_CRYPTO.has(id),
  },
  routing: {
    description: 'forward wrapping and unwrapping, routing keys',
    certifies: (id) => ['ROUTE', 'SVC'].includes(area(id)),
  },
  protocols: {
    description: 'didcomm.org protocols (trust ping, discover features, ...)',
    certifies: (id) => id.startsWith('PROTO-') || area(id) === 'PIURI',
  },
  mediator: {
    description: 'acting as a mediator',
    certifies: (id) => REQUIREMENTS[id].actors.includes('mediator' as never),
  },
  strict: {
    description: 'what reference libraries enforce beyond the spec (DIGEST STRICT, and sender MUSTs a strict receiver refuses); kept apart so nobody fails core for it',
    certifies: (id) => level(id) === 'STRICT' || (level(id) === 'MUST' && REQUIREMENTS[id].actors.includes('sender' as never)),
  },
  'v2.0': {
    description: 'DIDComm v2.0 compatibility: the v2.0 rules where they differ from v2.1 ([2.0Δ] in DIGEST.md)',
    certifies: (id) => REQUIREMENTS[id].text.includes('[2.0Δ]'),
  },
} as const satisfies Record<string, ProfileDefinition>;

export type ProfileName = keyof typeof PROFILE_DEFINITIONS;

/** Every profile and what it certifies, by name (for help texts). */
export const PROFILES: Record<ProfileName, string> = Object.fromEntries(
  Object.entries(PROFILE_DEFINITIONS).map(([name, definition]) => [name, definition.description]),
) as Record<ProfileName, string>;

/** Every profile name, in definition order. */
export const PROFILE_NAMES = Object.keys(PROFILE_DEFINITIONS) as ProfileName[];

/** True when `name` is a profile. */
export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(PROFILE_DEFINITIONS, name);
}

/** The requirements `profile` certifies. */
export function profileRequirements(profile: ProfileName): RequirementId[] {
  return (Object.keys(REQUIREMENTS) as RequirementId[]).filter((id) => PROFILE_DEFINITIONS[profile].certifies(id));
}
