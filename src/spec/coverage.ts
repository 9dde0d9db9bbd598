/**
 * Requirement coverage, derived from the suites themselves: every `conformanceCase` declaration is collected
 * (vitest collects the suite files without running them; each case's requirement IDs are in its task meta),
 * and each requirement is `covered` (a case cites it), `untestable` (src/spec/untestable.json, with a reason)
 * or `missing`. The coverage unit test fails when a MUST of the envelope, signing, encryption, keys and
 * rotation areas (DIGEST sections 1-8) is missing.
 * @module
 */
import { relative } from 'node:path';
import type { CaseMeta } from '../runner/run-context.js';
import { REQUIREMENTS, type RequirementId } from './requirements.js';
import untestable from './untestable.json' with { type: 'json' };

/** A declared case, as collected from the suites. */
export interface CollectedCase {
  id: string;
  file: string;
  requirements: RequirementId[];
  profiles: string[];
  role: string;
}

/** The areas whose MUSTs must all be covered or reasoned untestable (DIGEST sections 1-8). */
export const ENVELOPE_SCOPE = /^(ENV-MT|ENV-NEST|ENV-PLAIN|ENV-ATT|ENV-SIGN|ENC-[A-Z]+|KEYS|ROT)-\d{3}$/;

/** Why a requirement has no case: keyed by requirement ID. */
export const UNTESTABLE: Readonly<Record<string, string>> = untestable;

/** Collects every case the suites under `root`/suites declare, without running any. */
export async function collectCases(root: string, include = 'suites/**/*.test.ts'): Promise<CollectedCase[]> {
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest('test', { config: false, root, watch: false, include: [include], reporters: [], pool: 'forks' });
  try {
    const { testModules, unhandledErrors } = await vitest.collect();
    const errors = [...unhandledErrors.map(String), ...testModules.flatMap((m) => m.errors().map((e) => `${relative(root, m.moduleId)}: ${e.message}`))];
    if (errors.length > 0) throw new Error(`suites did not load: ${errors.join('; ')}`);
    const cases: CollectedCase[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta().conformance as CaseMeta | undefined;
        if (!meta) throw new Error(`${relative(root, module.moduleId)}: "${test.name}" is not declared with conformanceCase`);
        cases.push({ id: meta.id, file: relative(root, module.moduleId), requirements: meta.requirements, profiles: meta.profiles, role: meta.role });
      }
    }
    return cases.sort((a, b) => a.id.localeCompare(b.id));
  } finally {
    await vitest.close();
  }
}

/** One requirement's coverage. */
export interface RequirementCoverage {
  id: RequirementId;
  level: string;
  levelText: string;
  section: string;
  status: 'covered' | 'untestable' | 'missing';
  cases: string[];
  reason?: string;
}

/** Coverage of every requirement by `cases`. */
export function requirementCoverage(cases: readonly CollectedCase[]): RequirementCoverage[] {
  const byRequirement = new Map<string, string[]>();
  for (const c of cases) for (const id of c.requirements) byRequirement.set(id, [...(byRequirement.get(id) ?? []), c.id]);
  return (Object.keys(REQUIREMENTS) as RequirementId[]).map((id) => {
    const entry = REQUIREMENTS[id];
    const citing = byRequirement.get(id) ?? [];
    const reason = UNTESTABLE[id];
    const status = citing.length > 0 ? 'covered' : reason !== undefined ? 'untestable' : 'missing';
    return { id, level: entry.level, levelText: entry.levelText, section: entry.section, status, cases: citing, ...(reason !== undefined && citing.length === 0 ? { reason } : {}) };
  });
}

/** Totals of the MUSTs of `scope`. */
export function mustTotals(coverage: readonly RequirementCoverage[], scope: RegExp = ENVELOPE_SCOPE): { total: number; covered: number; untestable: number; missing: RequirementId[] } {
  const musts = coverage.filter((c) => scope.test(c.id) && c.level === 'MUST');
  return {
    total: musts.length,
    covered: musts.filter((c) => c.status === 'covered').length,
    untestable: musts.filter((c) => c.status === 'untestable').length,
    missing: musts.filter((c) => c.status === 'missing').map((c) => c.id),
  };
}
