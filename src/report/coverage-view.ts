/**
 * The report's requirement coverage by area: for the cases of the runs shown, per area (requirement ID
 * prefix), how many MUSTs and SHOULDs a case cites (covered), src/spec/untestable.json explains (untestable)
 * or neither (open) — the counts `list requirements --coverage` prints for the suites as a whole.
 * @module
 */
import { coverageByArea, requirementCoverage, type StatusCounts } from '../spec/coverage.js';
import { escapeHtml as e } from './html-escape.js';
import type { RunData } from './run-data.js';

function cell(counts: StatusCounts): string {
  const total = counts.covered + counts.untestable + counts.open;
  return total === 0 ? '<td class="muted">-</td>' : `<td class="${counts.open > 0 ? 'o o-failed' : 'o o-passed'}">${counts.covered} / ${counts.untestable} / ${counts.open}</td>`;
}

/** The coverage section of report.html over `runs` (their cases together). */
export function coverageSection(runs: readonly RunData[]): string {
  const areas = coverageByArea(requirementCoverage(runs.flatMap((run) => run.cases)));
  const rows = areas
    .filter((a) => a.must.covered + a.must.untestable + a.must.open + a.should.covered + a.should.untestable + a.should.open > 0)
    .map((a) => `<tr><td>${e(a.area)}</td><td class="muted">${e(a.section)}</td>${cell(a.must)}${cell(a.should)}</tr>`);
  return `<h2 id="coverage">Requirement coverage by area</h2>
<p class="muted">Covered / untestable (a reason in src/spec/untestable.json) / open, by the cases of this report.</p>
<table id="coverage-table"><tr><th>area</th><th>section</th><th>MUST</th><th>SHOULD</th></tr>
${rows.join('\n')}</table>`;
}
