/**
 * `list requirements|suites|profiles`: what the suites cover, read from the suites themselves (their
 * `conformanceCase` declarations, collected without running), never from a second list. Registered by
 * register/list.ts.
 * @module
 */
import { packageRoot } from '../../adapter/package-root.js';
import { collectCases, coverageByArea, levelTotals, requirementCoverage, type AreaCoverage, type CollectedCase, type StatusCounts } from '../../spec/coverage.js';
import { collectedCasesKey, readCollectedCases, rememberCollectedCases, suitesDigest } from '../../report/case-counts.js';
import { PROFILE_DEFINITIONS, PROFILE_NAMES, profileRequirements } from '../../spec/profiles.js';

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** `covered/untestable/open`, or `-` when the area has none of that level. */
function counts(c: StatusCounts): string {
  return c.covered + c.untestable + c.open === 0 ? '-' : `${c.covered}/${c.untestable}/${c.open}`;
}

function sum(areas: readonly AreaCoverage[], pick: (a: AreaCoverage) => StatusCounts): StatusCounts {
  return areas.reduce((total, a) => ({ covered: total.covered + pick(a).covered, untestable: total.untestable + pick(a).untestable, open: total.open + pick(a).open }), { covered: 0, untestable: 0, open: 0 });
}

/** The per-area table of `list requirements --coverage`: MUSTs and SHOULDs as covered/untestable/open. */
function writeAreaTable(areas: readonly AreaCoverage[]): void {
  write(`${'area'.padEnd(14)} ${'MUST'.padEnd(9)} ${'SHOULD'.padEnd(9)} section   (covered/untestable/open)`);
  for (const a of areas) write(`${a.area.padEnd(14)} ${counts(a.must).padEnd(9)} ${counts(a.should).padEnd(9)} ${a.section}`);
  write(`${'all'.padEnd(14)} ${counts(sum(areas, (a) => a.must)).padEnd(9)} ${counts(sum(areas, (a) => a.should)).padEnd(9)}`);
}

/**
 * Collecting loads every suite file without running it: half a minute on a laptop, several minutes on a busy
 * 2-core machine. So the list is taken from the cache when the suites, vectors and harness source are those
 * it was collected from (case-counts.ts); otherwise it is collected, saying so first (a newcomer saw a silent
 * prompt for minutes; stderr: stdout stays the list), and remembered.
 */
async function collectSaying(what: string): Promise<CollectedCase[]> {
  const root = packageRoot();
  const key = collectedCasesKey(root);
  const cached = readCollectedCases(key);
  if (cached) return cached;
  process.stderr.write(`loading every suite file to ${what} (once for these suites: the list is then cached; each file is loaded, none is run) …\n`);
  const cases = await collectCases(root);
  rememberCollectedCases(key, suitesDigest(root), cases);
  return cases;
}

/** `list requirements`: every requirement and its cases (or, `--coverage`, per area); exit 1 when a MUST is open. */
export async function listRequirementsAction(flags: { area?: string; coverage?: boolean; json?: boolean }): Promise<void> {
  const coverage = requirementCoverage(await collectSaying('find the cases citing each requirement'));
  const shown = flags.area ? coverage.filter((c) => c.id.startsWith(flags.area!)) : coverage;
  const totals = levelTotals(coverage, 'MUST');
  const shoulds = levelTotals(coverage, 'SHOULD');
  const areas = coverageByArea(shown);
  if (flags.json) {
    write(JSON.stringify({ scope: 'all sections', musts: totals, shoulds, areas, ...(flags.coverage ? {} : { requirements: shown }) }, null, 2));
  } else if (flags.coverage) {
    writeAreaTable(areas);
    if (totals.missing.length > 0) write(`open MUSTs: ${totals.missing.join(', ')}`);
  } else {
    for (const c of shown) {
      const detail = c.status === 'covered' ? `${c.cases.length} case(s): ${c.cases.slice(0, 3).join(', ')}${c.cases.length > 3 ? ', ...' : ''}` : c.status === 'untestable' ? `untestable: ${c.reason}` : 'no case';
      write(`${c.id.padEnd(16)} ${c.level.padEnd(6)} ${c.status.padEnd(10)} ${detail}`);
    }
    const percent = totals.total === 0 ? 100 : Math.round(((totals.covered + totals.untestable) / totals.total) * 1000) / 10;
    write(`\nMUSTs (all sections of the digest): ${totals.total}; covered ${totals.covered}, untestable ${totals.untestable}, missing ${totals.missing.length} (${percent}% accounted for)`);
    write(`SHOULDs: ${shoulds.total}; covered ${shoulds.covered}, untestable ${shoulds.untestable}, open ${shoulds.missing.length}`);
    if (totals.missing.length > 0) write(`missing: ${totals.missing.join(', ')}`);
  }
  process.exitCode = totals.missing.length === 0 ? 0 : 1;
}

/** `list suites`: every suite file with its cases per profile. */
export async function listSuitesAction(flags: { json?: boolean }): Promise<void> {
  const cases = await collectSaying('count its cases');
  const files = [...new Set(cases.map((c) => c.file))];
  const rows = files.map((file) => {
    const mine = cases.filter((c) => c.file === file);
    const profiles: Record<string, number> = {};
    for (const c of mine) for (const p of c.profiles) profiles[p] = (profiles[p] ?? 0) + 1;
    return { file, cases: mine.length, profiles };
  });
  if (flags.json) write(JSON.stringify(rows, null, 2));
  else for (const row of rows) write(`${row.file.padEnd(48)} ${String(row.cases).padStart(4)}  ${Object.entries(row.profiles).map(([p, n]) => `${p} ${n}`).join(', ')}`);
}

/** `list profiles`: every profile and how many requirements it names. */
export function listProfilesAction(flags: { json?: boolean }): void {
  const rows = PROFILE_NAMES.map((name) => ({ name, description: PROFILE_DEFINITIONS[name].description, requirements: profileRequirements(name).length }));
  if (flags.json) write(JSON.stringify(rows, null, 2));
  else for (const row of rows) write(`${row.name.padEnd(12)} ${String(row.requirements).padStart(4)} requirements  ${row.description}`);
}
