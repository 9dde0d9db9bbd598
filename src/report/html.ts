/**
 * report.html. The first screen says what to fix: the verdict of each profile with its coverage, then the
 * failures grouped by cause (one line per cause with its count and the requirement it breaks, the cases
 * folded under it), then the warnings; below them the requirement table, every case with its transcript
 * (each envelope decoded) and the run's metadata. A job over several adapters gets an index page (the
 * adapters x profiles grid and each adapter's causes) and one page per adapter, so no page carries every
 * transcript of the job.
 *
 * Safety: every string is escaped with `escapeHtml` (adapter text is untrusted), the page loads nothing
 * (no network, no external asset) and its Content-Security-Policy allows no script but its own.
 * @module
 */
import { PROFILES } from '../spec/profiles.js';
import { OUTCOMES } from './outcomes.js';
import { escapeHtml as e, safeHref } from './html-escape.js';
import { REPORT_CSS, REPORT_SCRIPT, scriptHashSource } from './html-assets.js';
import { caseDetail, SharedPayloads } from './html-cases.js';
import { fixSection, metadataTable, PROFILE_LEGEND, profileTable, requirementSection, runBanners, runLine, verdictGrid, warningSection } from './html-sections.js';
import { causeLine, failureCauses } from './fix-list.js';
import { areaOf, type RunData } from './run-data.js';
import type { BaselineStatus } from './baseline.js';
import type { AdapterNotRun } from './summary.js';
import { coverageSection } from './coverage-view.js';
import { renderFuzzSection } from './fuzz-section.js';

export { caseAnchor } from './html-cases.js';

/** Extra facts a caller may add to the page. */
export interface HtmlReportOptions {
  title?: string;
  /** Relative links shown under the title (matrix.html, summary.json, ...). */
  links?: Array<{ href: string; label: string }>;
  /** Baseline status per adapter name and case ID, when the run was compared with a baseline. */
  baseline?: Map<string, Map<string, BaselineStatus>>;
  /** Adapters the job left out without a run (a missing build toolchain, a failed build). */
  notRun?: readonly AdapterNotRun[];
}

const DEFAULT_TITLE = 'DIDComm Messaging v2 conformance report';

/** The shell every page shares: CSP, style, the one script. */
function page(title: string, body: string, script: boolean): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${script ? scriptHashSource() : "'none'"}; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${REPORT_CSS}</style></head>
<body>
${body}
${script ? `<script>${REPORT_SCRIPT}</script>` : ''}
</body></html>
`;
}

function linkRow(links: HtmlReportOptions['links']): string {
  return links?.length ? `<p class="links">${links.map((link) => `<a href="${safeHref(link.href)}">${e(link.label)}</a>`).join(' · ')}</p>` : '';
}

/** The page for `runs` (usually one): verdicts and what to fix first, then the detail. */
export function renderHtmlReport(runs: readonly RunData[], options: HtmlReportOptions = {}): string {
  const title = options.title ?? DEFAULT_TITLE;
  const shared = new SharedPayloads();
  const multi = runs.length > 1;
  const perRun = (heading: string, id: string, section: (run: RunData) => string): string =>
    `<h2 id="${id}">${e(heading)}</h2>\n${runs.map((run) => `${multi ? `<h3>${e(run.header.adapter.name)}</h3>\n` : ''}${section(run)}`).join('\n')}`;
  const body = `<h1>${e(title)}</h1>
${runs.map((run) => `${runLine(run)}\n${runBanners(run)}`).join('\n')}
${linkRow(options.links)}
${notRunSection(options.notRun ?? [])}
${perRun('Verdict per profile', 'verdicts', profileTable)}
${PROFILE_LEGEND}
${perRun('What to fix, in order', 'fix', fixSection)}
${perRun('Warnings', 'warnings', warningSection)}
${renderFuzzSection(runs)}
<h2 id="requirements">Requirements</h2>
${requirementSection(runs)}
${coverageSection(runs)}
<h2 id="cases">Cases (<span id="shown-count">${runs.reduce((n, run) => n + run.cases.length, 0)}</span> shown)</h2>
${filters(runs)}
${runs.map((run) => `${multi ? `<h3>${e(run.header.adapter.name)}</h3>\n` : ''}${run.cases.map((record) => caseDetail(run, record, options.baseline?.get(run.header.adapter.name)?.get(record.id), shared)).join('\n')}`).join('\n')}
${shared.section()}
<h2 id="metadata">Run metadata</h2>
${runs.map(metadataTable).join('\n')}`;
  return page(title, body, true);
}

/**
 * The index page of a job over several adapters: the adapters x profiles grid, and per adapter its causes
 * (one line each) linking into its own page. `pageOf` names each adapter's page, relative to the index.
 */
export function renderIndexPage(runs: readonly RunData[], pageOf: (run: RunData) => string, options: HtmlReportOptions = {}): string {
  const title = options.title ?? DEFAULT_TITLE;
  const adapters = runs.map((run) => {
    const causes = failureCauses(run.cases);
    const pageHref = pageOf(run);
    const list = causes.length === 0 ? '<p class="nothing">Nothing to fix: no case failed or errored.</p>'
      : `<ol class="fix-list" data-adapter-fixes="${e(run.header.adapter.name)}">${causes.map((cause, index) => `<li class="cause k-${e(cause.kind)}" data-cause="${e(cause.key)}" data-count="${cause.cases.length}"><a href="${safeHref(`${pageHref}#cause-${index + 1}-${run.header.adapter.name.replace(/[^A-Za-z0-9_-]/g, '_')}`)}">${e(causeLine(cause))}</a></li>`).join('\n')}</ol>`;
    return `<section class="adapter-summary" data-adapter="${e(run.header.adapter.name)}"><h3><a href="${safeHref(pageHref)}">${e(run.header.adapter.name)}</a></h3>
${runLine(run)}
${runBanners(run)}
<p class="muted">${OUTCOMES.map((o) => `${run.totals[o]} ${o}`).join(', ')} — <a href="${safeHref(pageHref)}">every case, transcript and requirement</a></p>
${list}</section>`;
  });
  const body = `<h1>${e(title)}</h1>
${linkRow(options.links)}
${notRunSection(options.notRun ?? [])}
<h2 id="verdicts">Verdict per profile</h2>
${verdictGrid(runs, pageOf)}
${PROFILE_LEGEND}
<h2 id="fix">What to fix, per adapter</h2>
${adapters.join('\n')}
<p class="muted">Profiles: ${Object.entries(PROFILES).map(([name, text]) => `<strong>${e(name)}</strong> ${e(text)}`).join(' · ')}</p>`;
  return page(title, body, false);
}

function notRunSection(notRun: readonly AdapterNotRun[]): string {
  if (notRun.length === 0) return '';
  return `<h2 id="not-run">Adapters not run</h2>
<table id="not-run-table"><tr><th>adapter</th><th>outcome</th><th>reason</th></tr>
${notRun.map((entry) => `<tr data-adapter-not-run="${e(entry.adapter)}"><td>${e(entry.adapter)}</td><td class="o-${e(entry.outcome)}">${e(entry.outcome)}</td><td><pre>${e(entry.reason)}</pre></td></tr>`).join('\n')}</table>
<p class="muted">skipped: the toolchain its build needs is missing or too old (not a verdict on the implementation) · errored: its build failed (harness trouble). Neither counts as a failed case.</p>`;
}

function options(values: readonly string[]): string {
  return `<option value="">all</option>${values.map((value) => `<option value="${e(value)}">${e(value)}</option>`).join('')}`;
}

function filters(runs: readonly RunData[]): string {
  const areas = [...new Set(runs.flatMap((run) => run.cases.map(areaOf)))].sort();
  const adapters = runs.map((run) => run.header.adapter.name);
  return `<div class="filters" id="filters">
<label>outcome <select data-filter="outcome" id="filter-outcome">${options(OUTCOMES)}</select></label>
<label>profile <select data-filter="profiles" id="filter-profile">${options(Object.keys(PROFILES))}</select></label>
<label>area <select data-filter="area" id="filter-area">${options(areas)}</select></label>
${adapters.length > 1 ? `<label>adapter <select data-filter="adapter" id="filter-adapter">${options(adapters)}</select></label>` : ''}
</div>`;
}
