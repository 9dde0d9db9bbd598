/**
 * The site's index (every implementation with its latest verdict per profile) and one page per
 * implementation (its versions over time: verdicts, verification status, and the trend of requirements met
 * per version, every trusted run of a version together, as an inline SVG chart).
 * @module
 */
import { escapeHtml as e, safeHref } from '../report/html-escape.js';
import { PROFILE_NAMES } from '../spec/profiles.js';
import { page, statusChip, table, verdictChip } from './layout.js';
import type { EntryView, ImplementationView, SiteModel, VersionView } from './model.js';

/** The link from a page at `depth` to an entry's page. */
export function entryHref(view: EntryView, depth: number): string {
  return `${'../'.repeat(depth)}${view.entry.id}/index.html`;
}

/** The link from a page at `depth` to an implementation's page. */
export function implementationHref(implementation: ImplementationView, depth: number): string {
  return `${'../'.repeat(depth)}implementations/${implementation.slug}.html`;
}

function profileCells(view: EntryView): string[] {
  return PROFILE_NAMES.map((profile) => verdictChip(view.profiles.find((cell) => cell.profile === profile), view.trusted));
}

function met(view: { met?: number }): string {
  return `<td class="num">${view.met === undefined ? '<span class="muted">—</span>' : String(view.met)}</td>`;
}

/** index.html. */
export function indexPage(model: SiteModel): string {
  const rows = model.implementations.map((implementation) => {
    const latest = implementation.latest;
    return [
      `<a href="${implementationHref(implementation, 0)}">${e(implementation.name)}</a>`,
      `<a href="${entryHref(latest, 0)}">${e(latest.version)}</a>`,
      statusChip(latest.entry.status),
      ...profileCells(latest),
      met(implementation.latestVersion),
      `<td class="num">${implementation.versions.length}</td>`,
    ];
  });
  const all = [...model.entries].sort((a, b) => b.date.localeCompare(a.date)).map((view) => [
    e(view.date.slice(0, 19).replace('T', ' ')),
    e(view.implementation), e(view.version), e(view.adapter), statusChip(view.entry.status),
    `<a href="${entryHref(view, 0)}">${view.entry.kind === 'certificate' ? 'certificate' : 'run'}</a>`,
  ]);
  const rejected = model.rejected.length === 0 ? '' : `<h2>Inputs not used</h2>${table(['input', 'why'], model.rejected.map((input) => [e(input.source), `<span class="reason">${e(input.reason)}</span>`]))}`;
  const harness = model.harness;
  return page({
    title: 'Implementations', depth: 0, body: `<h1>DIDComm Messaging v2 implementations</h1>
<p>The latest version of each implementation and its verdict per certification profile. A <em>verified</em> certificate's
signature, run and verdicts were checked when this site was built, by ${e(harness.name)} ${e(harness.version)}${harness.commit ? ` (commit <code>${e(harness.commit.slice(0, 12))}</code>${harness.dirty ? ', with uncommitted changes' : ''})` : ''}.</p>
${table(['implementation', 'latest version', 'status', ...PROFILE_NAMES, 'requirements met', 'versions'], rows)}
<h2>Every certificate and run</h2>
${table(['date', 'implementation', 'version', 'adapter', 'status', ''], all)}
${rejected}
<p class="muted">Built ${e(model.generatedAt)}. The same data as JSON: <a href="api/index.json">api/index.json</a>.</p>`,
  });
}

/** Bars of requirements met per version, oldest first (an inline SVG: no script, no asset). */
export function trendChart(versions: readonly VersionView[]): string {
  const measured = versions.filter((version) => version.met !== undefined);
  if (measured.length === 0) return '<p class="muted">No run with its cases: nothing to chart.</p>';
  const max = Math.max(1, ...measured.map((version) => version.met!));
  const bar = 46;
  const height = 150;
  const bars = measured.map((view, index) => {
    const h = Math.round((view.met! / max) * (height - 40));
    const x = 10 + index * (bar + 14);
    const label = view.version.length > 10 ? `${view.version.slice(0, 9)}…` : view.version;
    return `<g><title>${e(`${view.version}: ${view.met} requirements met`)}</title><rect x="${x}" y="${height - 20 - h}" width="${bar}" height="${h}"/>`
      + `<text x="${x + bar / 2}" y="${height - 24 - h}" text-anchor="middle">${view.met}</text>`
      + `<text x="${x + bar / 2}" y="${height - 6}" text-anchor="middle">${e(label)}</text></g>`;
  });
  const width = 20 + measured.length * (bar + 14);
  return `<svg class="trend" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="requirements met per version">${bars.join('')}</svg>`;
}

/** implementations/<slug>.html. */
export function implementationPage(implementation: ImplementationView): string {
  const versions = implementation.versions;
  const latest = implementation.latest;
  const homepage = latest.homepage ? ` · <a href="${safeHref(latest.homepage)}" rel="noopener noreferrer nofollow">${e(latest.homepage)}</a>` : '';
  const rows = [...implementation.entries].reverse().map((view) => [
    e(view.version), e(view.adapter), e(view.date.slice(0, 19).replace('T', ' ')), statusChip(view.entry.status),
    ...profileCells(view), met(view),
    `<a href="${entryHref(view, 1)}">${view.entry.kind === 'certificate' ? 'certificate' : 'run'}</a>`,
  ]);
  const trend = versions.map((view, index) => {
    const previous = versions[index - 1];
    const delta = previous?.met !== undefined && view.met !== undefined ? view.met - previous.met : undefined;
    return [e(view.version), met(view), `<td class="num">${delta === undefined ? '' : delta > 0 ? `+${delta}` : String(delta)}</td>`, statusChip(view.best.entry.status), `<td class="num">${view.entries.length}</td>`];
  });
  return page({
    title: implementation.name, depth: 1, body: `<h1>${e(implementation.name)}</h1>
<p>Latest: <a href="${entryHref(latest, 1)}">${e(latest.version)}</a> ${statusChip(latest.entry.status)}${homepage}</p>
<h2>Requirements met per version</h2>
${trendChart(versions)}
${table(['version', 'requirements met', 'change', 'status', 'certificates and runs'], trend)}
<h2>Every certificate and run</h2>
${table(['version', 'adapter', 'date', 'status', ...PROFILE_NAMES, 'requirements met', ''], rows)}
<p class="muted">As JSON: <a href="../api/implementations/${e(implementation.slug)}.json">api/implementations/${e(implementation.slug)}.json</a>.</p>`,
  });
}
