/**
 * report.html: one self-contained page over one or more runs (one per adapter). Verdict per profile, the
 * requirement table of the whole registry, and every case with its transcript, each envelope decoded
 * (JOSE protected headers, recipient headers, JWS payload). Filters by outcome, profile, area and adapter.
 *
 * Safety: every string is escaped with `escapeHtml` (adapter text is untrusted), the page loads nothing
 * (no network, no external asset) and its Content-Security-Policy allows no script but its own.
 * @module
 */
import { PROFILES } from '../spec/profiles.js';
import type { TranscriptEntry, WireEntry } from '../adapter/transcript.js';
import { OUTCOMES } from './outcomes.js';
import { viewEnvelope, packedOf, type EnvelopeView } from './envelope-view.js';
import { environmentFingerprint } from './fingerprint.js';
import { escapeHtml as e, jsonBlock, safeHref } from './html-escape.js';
import { REPORT_CSS, REPORT_SCRIPT, scriptHashSource } from './html-assets.js';
import { areaOf, type RunData } from './run-data.js';
import type { CaseRecord } from './run-records.js';
import { needsRepro, reproCommand } from './repro.js';
import { profileVerdicts, requirementLink, requirementRows, worse } from './verdicts.js';
import type { BaselineStatus } from './baseline.js';
import type { AdapterNotRun } from './summary.js';
import { coverageSection } from './coverage-view.js';

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

/** The page for `runs`. */
export function renderHtmlReport(runs: readonly RunData[], options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'DIDComm Messaging v2 conformance report';
  const shared = new SharedPayloads();
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptHashSource()}; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${REPORT_CSS}</style></head>
<body>
<h1>${e(title)}</h1>
${options.links?.length ? `<p>${options.links.map((link) => `<a href="${safeHref(link.href)}">${e(link.label)}</a>`).join(' · ')}</p>` : ''}
${notRunSection(options.notRun ?? [])}
${runs.map(fingerprintSection).join('\n')}
<h2 id="verdicts">Verdict per profile</h2>
${verdictTable(runs)}
${filters(runs)}
<h2 id="requirements">Requirements</h2>
<p class="muted">Every requirement of the registry; the outcome is the worst of the cases citing it, per adapter.
<label><input type="checkbox" id="show-untested"> show requirements no case exercises</label></p>
${requirementTable(runs)}
${coverageSection(runs)}
<h2 id="cases">Cases (<span id="shown-count">${runs.reduce((n, run) => n + run.cases.length, 0)}</span> shown)</h2>
${runs.map((run) => run.cases.map((record) => caseDetail(run, record, options.baseline?.get(run.header.adapter.name)?.get(record.id), shared)).join('\n')).join('\n')}
${shared.section()}
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}

function notRunSection(notRun: readonly AdapterNotRun[]): string {
  if (notRun.length === 0) return '';
  return `<h2 id="not-run">Adapters not run</h2>
<table id="not-run-table"><tr><th>adapter</th><th>outcome</th><th>reason</th></tr>
${notRun.map((entry) => `<tr data-adapter-not-run="${e(entry.adapter)}"><td>${e(entry.adapter)}</td><td class="o-${e(entry.outcome)}">${e(entry.outcome)}</td><td><pre>${e(entry.reason)}</pre></td></tr>`).join('\n')}</table>
<p class="muted">skipped: the toolchain its build needs is missing or too old (not a verdict on the implementation) · errored: its build failed (harness trouble). Neither counts as a failed case.</p>`;
}

function fingerprintSection(run: RunData): string {
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

function verdictTable(runs: readonly RunData[]): string {
  const profiles = Object.keys(PROFILES);
  const head = `<tr><th>adapter</th>${profiles.map((p) => `<th>${e(p)}</th>`).join('')}</tr>`;
  const body = runs.map((run) => {
    const cells = profileVerdicts(run.cases, run.header.selection).map((v) =>
      `<td class="v-${e(v.verdict)}" data-verdict="${e(v.verdict)}" data-profile="${e(v.profile)}" title="${e(`${v.passed} passed of ${v.ran} run, ${v.failed} failed, ${v.blocked} blocked, ${v.errored} errored, ${v.skipped} skipped; ${v.requirements.exercised} of ${v.requirements.total} requirements exercised${v.incompleteBecause ? `; incomplete: ${v.incompleteBecause}` : ''}`)}">${e(v.verdict)}${v.ran > 0 ? ` ${v.percent}%` : ''}<br><span class="muted">${v.requirements.exercised}/${v.requirements.total} req.${v.skipped ? `, ${v.skipped} skipped` : ''}${v.blocked ? `, ${v.blocked} blocked` : ''}</span></td>`);
    return `<tr><td>${e(run.header.adapter.name)}</td>${cells.join('')}</tr>`;
  });
  return `<table id="verdict-table">${head}${body.join('')}</table>
<p class="muted">pass: every case of the profile selected, and none failed, errored or was blocked · fail: a case failed on a requirement (known issues included) · incomplete: a case errored, or was blocked by a failure outside the profile, or the run was narrowed (--suite, a shard) · not-run: nothing applied. % = passed of the cases that ran; req. = requirements of the profile a case exercised (docs/verdict-rule.md).</p>`;
}

function options(values: readonly string[]): string {
  return `<option value="">all</option>${values.map((value) => `<option value="${e(value)}">${e(value)}</option>`).join('')}`;
}

function filters(runs: readonly RunData[]): string {
  const areas = [...new Set(runs.flatMap((run) => run.cases.map(areaOf)))].sort();
  const adapters = runs.map((run) => run.header.adapter.name);
  return `<div class="filters" id="filters">
<label>outcome <select data-filter="outcome" id="filter-outcome">${options([...OUTCOMES, 'untested'])}</select></label>
<label>profile <select data-filter="profiles" id="filter-profile">${options(Object.keys(PROFILES))}</select></label>
<label>area <select data-filter="area" id="filter-area">${options(areas)}</select></label>
${adapters.length > 1 ? `<label>adapter <select data-filter="adapter" id="filter-adapter">${options(adapters)}</select></label>` : ''}
</div>`;
}

function requirementTable(runs: readonly RunData[]): string {
  const perRun = runs.map((run) => new Map(requirementRows(run.cases).map((row) => [row.id, row])));
  const ids = [...new Set(perRun.flatMap((rows) => [...rows.keys()]))];
  const head = `<tr><th>requirement</th><th>level</th><th>text</th><th>cases</th>${runs.map((run) => `<th>${e(run.header.adapter.name)}</th>`).join('')}</tr>`;
  const body = ids.map((id) => {
    const rows = perRun.map((rows) => rows.get(id));
    const first = rows.find((row) => row !== undefined)!;
    const cases = [...new Set(rows.flatMap((row) => row?.cases ?? []))];
    const outcomes = rows.map((row) => row?.outcome ?? 'untested');
    const tested = outcomes.filter((o): o is Exclude<typeof o, 'untested'> => o !== 'untested');
    const overall = tested.length === 0 ? 'untested' : tested.reduce(worse);
    const profiles = [...new Set(runs.flatMap((run) => run.cases.filter((c) => c.requirements.includes(id)).flatMap((c) => c.profiles)))];
    const areas = [...new Set(cases.map((id) => id.split('.')[0]!))];
    const link = requirementLink(id);
    return `<tr data-filterable data-outcome="${e([overall, ...outcomes].join(' '))}" data-profiles="${e(profiles.join(' '))}" data-area="${e(areas.join(' '))}" data-adapter="${e(runs.map((r) => r.header.adapter.name).join(' '))}" id="req-${e(id)}">
<td><a href="${safeHref(link.url)}">${e(id)}</a>${link.section ? ` <span class="muted">§${e(link.section)}</span>` : ''}</td><td>${e(first.level)}</td><td>${e(first.text)}</td>
<td>${cases.map((c) => `<a href="#${e(caseAnchor(runs.find((run) => run.cases.some((r) => r.id === c))!.header.adapter.name, c))}">${e(c)}</a>`).join('<br>')}</td>${outcomes.map((o) => `<td class="o o-${e(o)}">${e(o)}</td>`).join('')}</tr>`;
  });
  return `<table id="requirement-table">${head}${body.join('\n')}</table>`;
}

function layerView(view: EnvelopeView): string {
  const parts = [`<div class="layer"><strong>${e(view.kind)}</strong>`];
  view.protected.forEach((header, index) => parts.push(`<div>protected header${view.protected.length > 1 ? ` ${index + 1}` : ''} (decoded)</div>${jsonBlock(header)}`));
  view.headers.forEach((header, index) => parts.push(`<div>${view.kind === 'jwe' ? `recipient ${index + 1} header` : 'unprotected header'}</div>${jsonBlock(header)}`));
  if (view.payload !== undefined) parts.push(`<div>payload (decoded)</div>${jsonBlock(view.payload)}`);
  if (view.message !== undefined) parts.push(`<div>plaintext</div>${jsonBlock(view.message)}`);
  for (const note of view.notes) parts.push(`<div class="muted">${e(note)}</div>`);
  parts.push('</div>');
  return parts.join('');
}

/**
 * Large request parameters that recur across cases (the DID documents of importIdentity, above all) are
 * written once at the end of the page and linked from each call: they were two thirds of a full job's report.
 */
class SharedPayloads {
  static readonly THRESHOLD = 2048;
  readonly #payloads = new Map<string, { index: number; uses: number }>();

  /** The params block of a call: inline when small, a link to the shared copy when large. */
  block(json: string): string {
    if (json.length <= SharedPayloads.THRESHOLD) return `<details><summary>request params</summary><pre>${e(json)}</pre></details>`;
    let entry = this.#payloads.get(json);
    if (!entry) {
      entry = { index: this.#payloads.size + 1, uses: 0 };
      this.#payloads.set(json, entry);
    }
    entry.uses += 1;
    return `<details><summary>request params (${json.length} bytes)</summary><p>the same parameters recur in other calls: <a href="#shared-${entry.index}">shared request parameters ${entry.index}</a></p></details>`;
  }

  section(): string {
    if (this.#payloads.size === 0) return '';
    const items = [...this.#payloads].map(([json, { index, uses }]) =>
      `<details id="shared-${index}"><summary>shared request parameters ${index} (${json.length} bytes, ${uses} call${uses === 1 ? '' : 's'})</summary><pre>${e(json)}</pre></details>`);
    return `<h2 id="shared">Shared request parameters</h2>\n${items.join('\n')}`;
  }
}

function transcriptEntry(entry: TranscriptEntry, shared: SharedPayloads): string {
  if (entry.kind === 'restart') return `<div class="call"><strong>adapter restarted</strong> ${e(entry.at)}: ${e(entry.reason)}; replayed ${e(entry.replayed.join(', ') || 'nothing')}</div>`;
  if (entry.kind === 'log') return `<div class="call"><strong>adapter log</strong><pre>${e(entry.text)}</pre></div>`;
  if (entry.kind === 'wire') return wireEntry(entry);
  const envelopes = packedOf(entry.method, entry.params, entry.reply)
    .map((found) => `<details open><summary>envelope ${e(found.direction)} (${found.packed.length} bytes, decoded)</summary>${layerView(viewEnvelope(found.packed))}<div>exact bytes</div><pre>${e(found.packed)}</pre></details>`);
  return `<div class="call"><strong>${e(entry.method)}</strong> <span class="muted">#${entry.id} ${e(entry.at)} ${entry.durationMs} ms</span>
${entry.error ? `<div class="o-errored">${e(entry.error.code)}: ${e(entry.error.message)}</div>` : ''}
${shared.block(JSON.stringify(entry.params))}
${entry.reply !== undefined ? `<details><summary>raw reply</summary><pre>${e(entry.reply)}</pre></details>` : ''}
${envelopes.join('\n')}</div>`;
}

/** A message a harness agent received or sent in a live case: where, how it was answered, its layers and bytes. */
function wireEntry(entry: WireEntry): string {
  const where = entry.direction === 'in'
    ? `harness received over ${entry.transport}${entry.channel === 'response' ? ' (on its own request\'s connection)' : ''} at ${entry.endpoint}`
    : `harness sent over ${entry.transport} to ${entry.endpoint}`;
  const type = (entry.plaintext as { type?: unknown } | undefined)?.type;
  const facts = [
    typeof type === 'string' ? type.replace(/^https:\/\/didcomm\.org\//, '') : '',
    entry.contentType ? `Content-Type ${entry.contentType}` : '',
    entry.status !== undefined ? `status ${entry.status}` : '',
    entry.outcome ? `outcome ${entry.outcome}` : '',
  ].filter(Boolean).join(', ');
  return `<div class="call wire"><strong>wire</strong> <span class="muted">${e(entry.at)}</span> ${e(where)}${facts ? ` <span class="muted">(${e(facts)})</span>` : ''}
${entry.error ? `<div class="o-failed">${e(entry.error.code)}${entry.error.requirement ? ` (${e(entry.error.requirement)})` : ''}: ${e(entry.error.message)}</div>` : ''}
${entry.plaintext !== undefined ? `<details><summary>plaintext</summary><pre>${e(JSON.stringify(entry.plaintext, null, 2))}</pre></details>` : ''}
<details><summary>envelope (${entry.packed.length} bytes, decoded)</summary>${layerView(viewEnvelope(entry.packed))}<div>exact bytes</div><pre>${e(entry.packed)}</pre></details></div>`;
}

/** The element id of a case of one adapter. */
export function caseAnchor(adapter: string, caseId: string): string {
  return `case-${adapter.replace(/[^A-Za-z0-9_-]/g, '_')}--${caseId}`;
}

function caseDetail(run: RunData, record: CaseRecord, baseline: BaselineStatus | undefined, shared: SharedPayloads): string {
  const adapter = run.header.adapter.name;
  const domId = caseAnchor(adapter, record.id);
  const lines: string[] = [];
  lines.push(`<p>${e(record.title)} <span class="muted">(${e(record.file)}, role ${e(record.role)}, ${record.durationMs} ms, profiles ${e(record.profiles.join(', ') || 'none')})</span></p>`);
  lines.push(`<p>requirements: ${record.requirements.map((id) => `<a href="#req-${e(id)}">${e(id)}</a>`).join(', ')}</p>`);
  if (record.reason) lines.push(`<p>reason: ${e(record.reason)}</p>`);
  if (record.error) lines.push(`<p>${e(record.error.kind)} error${record.error.code ? ` ${e(record.error.code)}` : ''}${record.error.requirement ? ` (${e(record.error.requirement)})` : ''}</p><pre>${e(record.error.message)}</pre>${record.error.hint ? `<p>hint: ${e(record.error.hint)}</p>` : ''}`);
  if (record.rootCause) lines.push(`<p class="root-cause">root cause (${e(record.rootCause.requirement)}): ${e(record.rootCause.summary)} — profiles that do not certify ${e(record.rootCause.requirement)} count this case as blocked, not failed</p>`);
  for (const warning of record.warnings ?? []) lines.push(`<p class="o-warning">${e(warning.requirement)}: ${e(warning.message)}</p>`);
  for (const note of record.notes ?? []) lines.push(`<p class="note muted">note, not judged (${e(note.requirement)}): ${e(note.message)}</p>`);
  if (record.strictOutcome) lines.push(`<p>in the strict profile: <span class="o o-${e(record.strictOutcome)}">${e(record.strictOutcome)}</span></p>`);
  if (record.knownIssue) lines.push(`<p class="known">known issue (${e(record.knownIssue.key)}): ${e(record.knownIssue.reason)}${record.knownIssue.issue ? ` <a href="${safeHref(record.knownIssue.issue)}">${e(record.knownIssue.issue)}</a>` : ''}</p>`);
  if (record.attempts && record.attempts.length > 1) lines.push(`<p>attempts: ${e(record.attempts.join(', '))}${record.flaky ? ' — <strong>flaky</strong>' : ''}</p>`);
  if (needsRepro(record)) lines.push(`<p>reproduce: <code>${e(reproCommand(run, record))}</code></p>`);
  lines.push(`<h4>transcript</h4>${record.transcript.map((entry) => transcriptEntry(entry, shared)).join('\n') || '<p class="muted">no adapter calls</p>'}`);
  const status = baseline && baseline !== 'pass' ? ` <span class="known">${e(baseline)}</span>` : '';
  return `<details class="case" id="${e(domId)}" data-filterable data-outcome="${e(record.outcome)}" data-profiles="${e(record.profiles.join(' '))}" data-area="${e(areaOf(record))}" data-adapter="${e(adapter)}">
<summary><span class="o o-${e(record.outcome)}">${e(record.outcome)}</span>${record.flaky ? ' <span class="o o-warning">flaky</span>' : ''}${status} <code>${e(record.id)}</code> <span class="muted">${e(adapter)}</span>${record.knownIssue ? ' <span class="known">known issue</span>' : ''}</summary>
${lines.join('\n')}</details>`;
}
