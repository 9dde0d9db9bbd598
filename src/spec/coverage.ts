/**
 * Requirement coverage, derived from the suites themselves: every `conformanceCase` declaration is collected
 * (vitest collects the suite files without running them; each case's requirement IDs are in its task meta),
 * and each requirement is `covered` (a case cites it), `untestable` (src/spec/untestable.json, with a reason)
 * or `missing` (open). The gate covers the whole digest: the coverage unit test and `list requirements` fail
 * when any MUST is missing. Per area (the ID prefix, e.g. ENC-AUTH) the counts are what `list requirements
 * --coverage` prints and the report shows beside its requirement table.
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

/** Why a requirement has no case: keyed by requirement ID. */
export const UNTESTABLE: Readonly<Record<string, string>> = untestable;

/** Collects every case the suites under `root`/suites declare, without running any. */
export async function collectCases(root: string, include = 'suites/**/*.test.ts'): Promise<CollectedCase[]> {
  const { createVitest } = await import('vitest/node');
  // One worker loads every file in one module graph (as `run` does: src/runner/run.ts): a fresh worker per
  // file reloaded the harness 34 times, a minute of collecting instead of seconds.
  const vitest = await createVitest('test', { config: false, root, watch: false, include: [include], reporters: [], pool: 'forks', isolate: false, maxWorkers: 1 });
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

/** Coverage of every requirement by `cases` (collected from the suites, or the case records of a run). */
export function requirementCoverage(cases: ReadonlyArray<{ id: string; requirements: readonly string[] }>): RequirementCoverage[] {
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

/** Totals of the requirements of `level` over the whole digest. */
export function levelTotals(coverage: readonly RequirementCoverage[], level: 'MUST' | 'SHOULD' = 'MUST'): { total: number; covered: number; untestable: number; missing: RequirementId[] } {
  const rows = coverage.filter((c) => c.level === level);
  return {
    total: rows.length,
    covered: rows.filter((c) => c.status === 'covered').length,
    untestable: rows.filter((c) => c.status === 'untestable').length,
    missing: rows.filter((c) => c.status === 'missing').map((c) => c.id),
  };
}

/** Covered / untestable / open counts of one level. */
export interface StatusCounts {
  covered: number;
  untestable: number;
  open: number;
}

/** One area's coverage: its MUSTs and its SHOULDs. */
export interface AreaCoverage {
  /** The requirement ID prefix, e.g. `ENC-AUTH`, `PROTO-PICKUP`. */
  area: string;
  /** The DIGEST section it belongs to. */
  section: string;
  must: StatusCounts;
  should: StatusCounts;
}

/** The area of a requirement ID: everything before its number (`PROTO-PICKUP-003` -> `PROTO-PICKUP`). */
export function areaOf(id: string): string {
  return id.replace(/-\d+$/, '');
}

/** Coverage per area, in digest order; a requirement counts under its level (MUST or SHOULD; others are not counted). */
export function coverageByArea(coverage: readonly RequirementCoverage[]): AreaCoverage[] {
  const areas = new Map<string, AreaCoverage>();
  for (const c of coverage) {
    const area = areaOf(c.id);
    const row = areas.get(area) ?? { area, section: c.section, must: { covered: 0, untestable: 0, open: 0 }, should: { covered: 0, untestable: 0, open: 0 } };
    areas.set(area, row);
    const counts = c.level === 'MUST' ? row.must : c.level === 'SHOULD' ? row.should : undefined;
    if (counts) counts[c.status === 'missing' ? 'open' : c.status] += 1;
  }
  return [...areas.values()];
}
