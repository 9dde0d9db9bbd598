/**
 * The sections of report.html above the case details, in the order a vendor reads them: the verdict of each
 * profile with its coverage, what to fix (failures grouped by cause, first to fix first), the warnings, then
 * the requirement table and the run's metadata. Verdicts come from `profileVerdicts` and causes from
 * `failureCauses`: nothing is recomputed here. Every string is escaped (adapter text is untrusted).
 * @module
 */
import { PROFILES } from '../spec/profiles.js';
import { environmentFingerprint } from './fingerprint.js';
import { CAUSE_KIND_LABEL, failureCauses, warningGroups, type FailureCause } from './fix-list.js';
import { caseAnchor, oneLine } from './html-cases.js';
import { digestText, escapeHtml as e, safeHref } from './html-escape.js';
import { OUTCOMES } from './outcomes.js';
import { reproCommand } from './repro.js';
import type { RunData } from './run-data.js';
import { narrowing, profileVerdicts, requirementLink, requirementRows, worse, type ProfileVerdict } from './verdicts.js';

/** Causes listed open on the first screen; the rest are one line each, folded like the others. */
const CAUSE_CASES_SHOWN = 50;

const VERDICT_MARK: Record<ProfileVerdict['verdict'], string> = { pass: '✔', fail: '✘', incomplete: '◐', 'not-run': '–' };

/** What the level letters mean (the digest's notation). */
const LEVEL_TITLE = 'the level in the spec digest: S sender, R receiver, M mediator, A any party; MUST* = stated without an upper-case keyword';

/** A link to a requirement in the spec, with the ID as text. */
function requirementAnchor(id: string): string {
  const link = requirementLink(id);
  return `<a href="${safeHref(link.url)}" title="${e(link.section ? `spec §${link.section}` : 'spec')}">${e(id)}</a>`;
}

/** One line under the title: what ran, against what, and what it came to. */
export function runLine(run: RunData): string {
  const h = run.header;
  const described = h.adapter.described as { name?: unknown; version?: unknown };
  const selection = [`suites ${h.selection.suites === '**' ? 'all' : h.selection.suites}`, h.selection.profile ? `profile ${h.selection.profile}` : '', h.selection.shard ? `shard ${h.selection.shard}` : ''].filter(Boolean).join(', ');
  const totals = OUTCOMES.filter((o) => run.totals[o] > 0).map((o) => `${run.totals[o]} ${o}`).join(', ') || 'no cases';
  return `<p class="run-line"><strong>${e(h.adapter.name)}</strong> — ${e(`${String(described.name ?? '?')} ${String(described.version ?? '?')}`)} · ${e(selection)} · ${e(totals)} · ${e(h.startedAt)}</p>`;
}

/** Banners for a run that does not give full verdicts: narrowed, interrupted, cut short. */
export function runBanners(run: RunData): string {
  const banners: string[] = [];
  const narrowed = narrowing(run.header.selection, '');
  if (narrowed) banners.push(`${narrowed}: every profile is at best incomplete. Run without --suite, --profile or --shard for a verdict.`);
  if (!run.footer) banners.push(`The run stopped before its end (no footer): the ${run.cases.length} cases it recorded are shown.`);
  else if (run.footer.interrupted) banners.push(`The run was interrupted: the ${run.cases.length} cases recorded before it are shown.`);
  if (run.truncatedLine) banners.push(`The last line of run.jsonl was cut off (line ${run.truncatedLine}, a killed write) and is left out.`);
  return banners.map((text) => `<p class="banner">${e(text)}</p>`).join('\n');
}

/** The verdict of each profile of one run: a row per profile, with its coverage. */
export function profileTable(run: RunData): string {
  const verdicts = profileVerdicts(run.cases, run.header.selection).filter((v) => v.cases > 0);
  const rows = verdicts.map((v) => `<tr data-profile="${e(v.profile)}" data-verdict="${e(v.verdict)}">
<th title="${e(v.description)}">${e(v.profile)}</th><td class="v v-${e(v.verdict)}">${VERDICT_MARK[v.verdict]} ${e(v.verdict)}</td>
<td>${v.ran > 0 ? `${v.passed}/${v.ran} (${v.percent}%)` : '—'}</td><td>${v.failed || ''}</td><td>${v.blocked || ''}</td><td>${v.errored || ''}</td><td>${v.skipped || ''}</td>
<td>${v.requirements.exercised}/${v.requirements.total}</td><td class="muted">${e(v.incompleteBecause ?? (v.knownIssues ? `${v.knownIssues} known issue(s) among the failures` : ''))}</td></tr>`);
  return `<table class="profiles" data-adapter-verdicts="${e(run.header.adapter.name)}">
<tr><th>profile</th><th>verdict</th><th>passed/ran</th><th>failed</th><th>blocked</th><th>errored</th><th>skipped</th><th>requirements exercised</th><th>why</th></tr>
${rows.join('\n') || '<tr><td colspan="9">no case of any profile ran</td></tr>'}</table>`;
}

/** The legend of the profile table. */
export const PROFILE_LEGEND = `<p class="muted legend">✔ pass: every case of the profile ran and none failed, errored or was blocked · ✘ fail: a case failed on a requirement (known issues included) · ◐ incomplete: a case errored or was blocked by a failure outside the profile, or the run was narrowed · blocked: failed on a root cause the profile does not certify · requirements exercised: the profile's requirements a case that ran cites (<a href="https://identity.foundation/didcomm-messaging/spec/v2.1/">spec</a>; the rule: docs/verdict-rule.md).</p>`;

function causeItem(run: RunData, cause: FailureCause, index: number): string {
  const adapter = run.header.adapter.name;
  const head = cause.requirement ? `${requirementAnchor(cause.requirement)}${cause.level ? ` <span class="lvl" title="${LEVEL_TITLE}">${e(cause.level)}</span>` : ''}: ` : '';
  const known = cause.knownIssues === 0 ? '' : cause.knownIssues === cause.cases.length ? ' <span class="known">known issue</span>' : ` <span class="known">${cause.knownIssues} known issue(s)</span>`;
  const shown = cause.cases.slice(0, CAUSE_CASES_SHOWN);
  const items = shown.map((record) => `<li><a href="#${e(caseAnchor(adapter, record.id))}"><code>${e(record.id)}</code></a> <span class="muted">— ${e(oneLine(record.reason ?? record.error?.message, 200))}</span></li>`);
  if (cause.cases.length > shown.length) items.push(`<li class="muted">… and ${cause.cases.length - shown.length} more (filter the cases below by outcome)</li>`);
  const id = `cause-${index + 1}-${adapter.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return `<li id="${e(id)}" class="cause k-${e(cause.kind)}" data-cause="${e(cause.key)}" data-count="${cause.cases.length}" data-adapter="${e(adapter)}"><details>
<summary><span class="kind">${e(CAUSE_KIND_LABEL[cause.kind])}</span> ${head}${cause.requirement && cause.kind === 'bug' && !cause.key.startsWith('root:') ? digestText(oneLine(cause.summary, 220)) : e(oneLine(cause.summary, 220))} — <strong>${cause.cases.length} case${cause.cases.length === 1 ? '' : 's'}</strong>${known}</summary>
${cause.hint ? `<p>hint: ${e(cause.hint)}</p>` : ''}${cause.kind === 'missing-feature' ? '<p class="muted">The spec requires this feature and the adapter does not claim it: one finding, however many cases need it. Claim it in <code>describe</code> once a round trip proves it works (docs/writing-an-adapter.md).</p>' : ''}
<ul>${items.join('\n')}</ul>
<p>reproduce the first: <code>${e(reproCommand(run, cause.cases[0]!))}</code></p></details></li>`;
}

/** What to fix, in order: one line per cause with its count and the requirement it breaks, the cases folded under it. */
export function fixSection(run: RunData): string {
  const causes = failureCauses(run.cases);
  if (causes.length === 0) {
    return `<p class="nothing">Nothing to fix: no case failed or errored${run.totals.warning ? ` (${run.totals.warning} warning${run.totals.warning === 1 ? '' : 's'} below)` : ''}.</p>`;
  }
  const cases = causes.reduce((n, cause) => n + cause.cases.length, 0);
  return `<p class="muted">${cases} failed or errored case${cases === 1 ? '' : 's'} come from ${causes.length} cause${causes.length === 1 ? '' : 's'}. Adapter trouble first (it hides results), then failures in what the agent claims, then features the spec requires that it does not claim; most cases first.</p>
<ol class="fix-list" data-adapter-fixes="${e(run.header.adapter.name)}">
${causes.map((cause, index) => causeItem(run, cause, index)).join('\n')}
</ol>`;
}

/** The warnings, one line per requirement, the cases folded under it. */
export function warningSection(run: RunData): string {
  const groups = warningGroups(run.cases);
  if (groups.length === 0) return '<p class="muted">No warnings.</p>';
  const adapter = run.header.adapter.name;
  return `<p class="muted">A warning is a SHOULD or MAY the agent did not follow: it never fails a profile.</p>
<ul class="warning-list" data-adapter-warnings="${e(adapter)}">
${groups.map((group) => `<li class="warning-group" data-requirement="${e(group.requirement)}" data-count="${group.cases.length}"><details><summary>${requirementAnchor(group.requirement)}${group.level ? ` <span class="lvl" title="${LEVEL_TITLE}">${e(group.level)}</span>` : ''}: ${group.text ? digestText(oneLine(group.text, 220)) : e(oneLine(group.cases[0]!.message, 220))} — <strong>${group.cases.length} case${group.cases.length === 1 ? '' : 's'}</strong></summary>
<ul>${group.cases.map(({ record, message }) => `<li><a href="#${e(caseAnchor(adapter, record.id))}"><code>${e(record.id)}</code></a> <span class="muted">— ${e(oneLine(message, 200))}</span></li>`).join('\n')}</ul></details></li>`).join('\n')}
</ul>`;
}

/**
 * The requirement table: the requirements a selected case cites (the others are counted, listed folded),
 * the worst outcome of the cases failing or warning on each, per adapter.
 */
export function requirementSection(runs: readonly RunData[]): string {
  const perRun = runs.map((run) => new Map(requirementRows(run.cases).map((row) => [row.id, row])));
  const ids = [...new Set(perRun.flatMap((rows) => [...rows.keys()]))];
  const cited = ids.filter((id) => perRun.some((rows) => (rows.get(id)?.cases.length ?? 0) > 0));
  const untested = ids.filter((id) => !cited.includes(id));
  const multi = runs.length > 1;
  const head = `<tr><th>requirement</th><th>level</th><th>text</th><th>cases</th>${runs.map((run) => `<th>${e(multi ? run.header.adapter.name : 'outcome')}</th>`).join('')}</tr>`;
  const body = cited.map((id) => {
    const rows = perRun.map((rows) => rows.get(id));
    const first = rows.find((row) => row !== undefined)!;
    const outcomes = rows.map((row) => row?.outcome ?? 'untested');
    const tested = outcomes.filter((o): o is Exclude<typeof o, 'untested'> => o !== 'untested');
    const overall = tested.length === 0 ? 'untested' : tested.reduce(worse);
    const caseLinks = runs.flatMap((run, index) => (rows[index]?.cases ?? []).map((c) => `<a href="#${e(caseAnchor(run.header.adapter.name, c))}">${e(c)}</a>`));
    const profiles = [...new Set(runs.flatMap((run) => run.cases.filter((c) => c.requirements.includes(id)).flatMap((c) => c.profiles)))];
    const areas = [...new Set((rows.flatMap((row) => row?.cases ?? [])).map((c) => c.split('.')[0]!))];
    const link = requirementLink(id);
    return `<tr data-outcome="${e([overall, ...outcomes].join(' '))}" data-profiles="${e(profiles.join(' '))}" data-area="${e(areas.join(' '))}" id="req-${e(id)}">
<td>${requirementAnchor(id)}${link.section ? ` <span class="muted">§${e(link.section)}</span>` : ''}</td><td>${e(first.level)}</td><td>${digestText(first.text)}</td>
<td><details><summary>${caseLinks.length}</summary>${caseLinks.join('<br>')}</details></td>${outcomes.map((o) => `<td class="o o-${e(o)}">${e(o)}</td>`).join('')}</tr>`;
  });
  return `<p class="muted">The ${cited.length} requirements the selected cases cite; the outcome is the worst of the cases that failed or warned <em>on</em> the requirement (a case citing it that failed on another one does not colour it).</p>
<table id="requirement-table">${head}${body.join('\n')}</table>
<details id="untested-requirements"><summary>${untested.length} requirements of the registry no selected case cites</summary><p>${untested.map((id) => requirementAnchor(id)).join(' ')}</p><p class="muted"><code>didcomm-conformance list requirements</code> shows which cases cite each, and why some cannot be tested.</p></details>`;
}

/** The run's metadata: everything that produced it (the fingerprint), for the bottom of the page. */
export function metadataTable(run: RunData): string {
  const fp = environmentFingerprint(run.header);
  const h = run.header;
  const rows: Array<[string, string]> = [
    ['adapter', fp.adapter],
    ['implementation (described)', fp.implementation],
    ['implementation (declared)', `${String((h.adapter.declared as { name?: string }).name ?? '?')} ${String((h.adapter.declared as { version?: string }).version ?? '?')}`],
    ['harness', `${fp.harness}${fp.dirty ? ' — tree differs from the commit (not a run of that commit)' : ''}`],
    ['Node', fp.node],
    ['vectors digest', fp.vectors],
    ['requirement registry', fp.registry],
    ['seed', String(fp.seed)],
    ['clock', fp.clock === undefined ? 'not recorded' : `${fp.clock} (${new Date(fp.clock * 1000).toISOString()})`],
    ['suites digest', fp.suites ?? 'not recorded'],
    ['run', `${h.runId}, started ${h.startedAt}${run.footer ? `, finished ${run.footer.finishedAt}` : ', no footer (the run was killed)'}${run.footer?.interrupted ? ' (interrupted)' : ''}`],
    ['selection', `suites ${h.selection.suites}${h.selection.profile ? `, profile ${h.selection.profile}` : ''}${h.selection.shard ? `, shard ${h.selection.shard}` : ''}`],
    ['totals', OUTCOMES.map((outcome) => `${run.totals[outcome]} ${outcome}`).join(', ')],
    ['fingerprint', fp.hash],
  ];
  const harnessErrors = run.footer?.harnessErrors ?? [];
  return `<table class="fp" data-adapter-header="${e(h.adapter.name)}"><caption><strong>${e(h.adapter.name)}</strong></caption>
${rows.map(([key, value]) => `<tr><td>${e(key)}</td><td>${e(value)}</td></tr>`).join('\n')}
${harnessErrors.map((error) => `<tr><td>harness error</td><td class="o-errored">${e(error)}</td></tr>`).join('\n')}</table>`;
}

/** The adapters x profiles grid of an index page, each cell linking to that adapter's page. */
export function verdictGrid(runs: readonly RunData[], pageOf: (run: RunData) => string): string {
  const profiles = Object.keys(PROFILES);
  const head = `<tr><th>adapter</th>${profiles.map((p) => `<th>${e(p)}</th>`).join('')}<th>to fix</th></tr>`;
  const body = runs.map((run) => {
    const page = pageOf(run);
    const cells = profileVerdicts(run.cases, run.header.selection).map((v) =>
      `<td class="v v-${e(v.verdict)}" data-verdict="${e(v.verdict)}" data-profile="${e(v.profile)}" title="${e(`${v.passed} passed of ${v.ran} run, ${v.failed} failed, ${v.blocked} blocked, ${v.errored} errored, ${v.skipped} skipped; ${v.requirements.exercised} of ${v.requirements.total} requirements exercised${v.incompleteBecause ? `; incomplete: ${v.incompleteBecause}` : ''}`)}">${VERDICT_MARK[v.verdict]} ${e(v.verdict)}${v.ran > 0 ? ` ${v.percent}%` : ''}<br><span class="muted">${v.requirements.exercised}/${v.requirements.total} req.${v.blocked ? `, ${v.blocked} blocked` : ''}</span></td>`);
    const causes = failureCauses(run.cases);
    return `<tr data-adapter-row="${e(run.header.adapter.name)}"><th><a href="${safeHref(page)}">${e(run.header.adapter.name)}</a></th>${cells.join('')}<td>${causes.length === 0 ? 'nothing' : `<a href="${safeHref(`${page}#fix`)}">${causes.length} cause${causes.length === 1 ? '' : 's'}</a>`}</td></tr>`;
  });
  return `<table id="verdict-table">${head}${body.join('')}</table>`;
}
