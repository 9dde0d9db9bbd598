/**
 * `list requirements|suites|profiles`: what the suites cover, read from the suites themselves (their
 * `conformanceCase` declarations, collected without running), never from a second list.
 * @module
 */
import type { Command } from 'commander';
import { packageRoot } from '../../adapter/manifest.js';
import { collectCases, ENVELOPE_SCOPE, mustTotals, requirementCoverage } from '../../spec/coverage.js';
import { PROFILE_DEFINITIONS, PROFILE_NAMES, profileRequirements } from '../../spec/profiles.js';

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Registers `list`. */
export function registerListCommand(program: Command): void {
  const list = program.command('list').description('list requirements (with their cases), suites or profiles');
  list
    .command('requirements')
    .description('every requirement with its level and the cases citing it; exit 1 when an in-scope MUST is neither covered nor untestable')
    .option('--area <prefix>', 'only requirements whose ID starts with this, e.g. ENC-AUTH')
    .option('--json', 'print JSON')
    .action(async (flags: { area?: string; json?: boolean }) => {
      const coverage = requirementCoverage(await collectCases(packageRoot()));
      const shown = flags.area ? coverage.filter((c) => c.id.startsWith(flags.area!)) : coverage;
      const totals = mustTotals(coverage);
      if (flags.json) {
        write(JSON.stringify({ scope: ENVELOPE_SCOPE.source, musts: totals, requirements: shown }, null, 2));
      } else {
        for (const c of shown) {
          const detail = c.status === 'covered' ? `${c.cases.length} case(s): ${c.cases.slice(0, 3).join(', ')}${c.cases.length > 3 ? ', ...' : ''}` : c.status === 'untestable' ? `untestable: ${c.reason}` : 'no case';
          write(`${c.id.padEnd(16)} ${c.level.padEnd(6)} ${c.status.padEnd(10)} ${detail}`);
        }
        const percent = totals.total === 0 ? 100 : Math.round(((totals.covered + totals.untestable) / totals.total) * 1000) / 10;
        write(`\nMUSTs in scope (DIGEST 1-8): ${totals.total}; covered ${totals.covered}, untestable ${totals.untestable}, missing ${totals.missing.length} (${percent}% accounted for)`);
        if (totals.missing.length > 0) write(`missing: ${totals.missing.join(', ')}`);
      }
      process.exitCode = totals.missing.length === 0 ? 0 : 1;
    });
  list
    .command('suites')
    .description('every suite file with its number of cases per profile')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      const cases = await collectCases(packageRoot());
      const files = [...new Set(cases.map((c) => c.file))];
      const rows = files.map((file) => {
        const mine = cases.filter((c) => c.file === file);
        const profiles: Record<string, number> = {};
        for (const c of mine) for (const p of c.profiles) profiles[p] = (profiles[p] ?? 0) + 1;
        return { file, cases: mine.length, profiles };
      });
      if (flags.json) write(JSON.stringify(rows, null, 2));
      else for (const row of rows) write(`${row.file.padEnd(48)} ${String(row.cases).padStart(4)}  ${Object.entries(row.profiles).map(([p, n]) => `${p} ${n}`).join(', ')}`);
    });
  list
    .command('profiles')
    .description('every profile, what it certifies and how many requirements it names')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const rows = PROFILE_NAMES.map((name) => ({ name, description: PROFILE_DEFINITIONS[name].description, requirements: profileRequirements(name).length }));
      if (flags.json) write(JSON.stringify(rows, null, 2));
      else for (const row of rows) write(`${row.name.padEnd(12)} ${String(row.requirements).padStart(4)} requirements  ${row.description}`);
    });
}
