/**
 * The requirement view of a results site: an index of every requirement of the registry with each
 * implementation's outcome on it (its latest version), and a page per requirement naming which
 * implementations meet it, which fail or warn on it (with the cases), and which never exercised it.
 * Outcomes are the report's requirement rows (src/report/verdicts.ts `requirementRows`).
 * @module
 */
import { escapeHtml as e } from '../report/html-escape.js';
import { requirementLink, type RequirementRow } from '../report/verdicts.js';
import { REQUIREMENTS, type Requirement, type RequirementId } from '../spec/requirements.js';
import { entryHref, implementationHref } from './implementation-pages.js';
import { page, statusChip, table } from './layout.js';
import { requirementMatrix, type SiteModel } from './model.js';

/** The file of a requirement's page (registry IDs only: letters, digits and dashes). */
export function requirementFile(id: string): string {
  return `${id.replace(/[^A-Za-z0-9-]/g, '_')}.html`;
}

const OUTCOME_TEXT: Record<RequirementRow['outcome'], string> = { passed: 'met', failed: 'failed', warning: 'warning', skipped: 'skipped', errored: 'errored', untested: 'not exercised' };

function outcome(row: RequirementRow | undefined): string {
  if (!row) return '<span class="muted">no run</span>';
  return `<span class="o-${e(row.outcome)}">${e(OUTCOME_TEXT[row.outcome])}</span>`;
}

/** requirements/index.html. */
export function requirementIndexPage(model: SiteModel): string {
  const byId = requirementMatrix(model);
  const implementations = model.implementations;
  const rows = (Object.entries(REQUIREMENTS) as Array<[RequirementId, Requirement]>).map(([id, requirement]) => {
    const found = byId.get(id) ?? [];
    const meeting = found.filter(({ row }) => row.outcome === 'passed').length;
    return [
      `<a href="${requirementFile(id)}">${e(id)}</a>`, e(requirement.level),
      e(requirement.text.length > 140 ? `${requirement.text.slice(0, 139)}…` : requirement.text),
      `<td class="num">${meeting}/${implementations.length}</td>`,
      ...implementations.map((implementation) => outcome(found.find((item) => item.implementation === implementation)?.row)),
    ];
  });
  return page({
    title: 'Requirements', depth: 1, body: `<h1>Requirements</h1>
<p>Every requirement of the registry (${rows.length}), and each implementation's outcome on it in its latest version (all of that
version's trusted runs together): <em>met</em> when a case citing it ran and none failed or warned on it.</p>
${table(['requirement', 'level', 'text', 'met by', ...implementations.map((implementation) => implementation.name)], rows)}`,
  });
}

/** requirements/<ID>.html. */
export function requirementPage(model: SiteModel, id: RequirementId): string {
  const requirement = REQUIREMENTS[id];
  const found = requirementMatrix(model).get(id) ?? [];
  const link = requirementLink(id);
  const rows = model.implementations.map((implementation) => {
    const item = found.find((candidate) => candidate.implementation === implementation);
    const row = item?.row;
    return [
      `<a href="${implementationHref(implementation, 1)}">${e(implementation.name)}</a>`,
      item ? `<a href="${entryHref(item.version.best, 1)}">${e(item.version.version)}</a> ${statusChip(item.version.best.entry.status)}` : e(implementation.latest.version),
      outcome(row),
      e(row ? [...row.failedOn, ...row.warnedOn].join(', ') : ''),
      `<td class="num">${row ? row.cases.length : ''}</td>`,
    ];
  });
  return page({
    title: id, depth: 1, body: `<h1>${e(id)} <span class="muted">${e(requirement.level)}</span></h1>
<p>${e(requirement.text)}</p>
<p>Spec: <a href="${e(link.url)}" rel="noopener noreferrer">DIDComm Messaging v2.1</a>${link.section ? ` §${e(link.section)}` : ''}</p>
<h2>Implementations</h2>
${table(['implementation', 'version', 'outcome', 'failed or warned in', 'cases citing it'], rows)}
<p><a href="index.html">every requirement</a></p>`,
  });
}
