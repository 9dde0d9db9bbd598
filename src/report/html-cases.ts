/**
 * The case details of report.html: each case folded, with its verdict, the requirement it broke, hints,
 * repro command and the whole transcript (adapter calls with each envelope decoded, adapter log, the live
 * wire). Every string is escaped (adapter text is untrusted).
 * @module
 */
import type { TranscriptEntry, WireEntry } from '../adapter/transcript.js';
import { viewEnvelope, packedOf, type EnvelopeView } from './envelope-view.js';
import { escapeHtml as e, jsonBlock, safeHref } from './html-escape.js';
import { areaOf, type RunData } from './run-data.js';
import type { CaseRecord } from './run-records.js';
import { needsRepro, reproCommand } from './repro.js';
import type { BaselineStatus } from './baseline.js';

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
export class SharedPayloads {
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
    : entry.transport ? `harness sent over ${entry.transport} to ${entry.endpoint}` : `harness could not send to ${entry.endpoint}`;
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

export function caseDetail(run: RunData, record: CaseRecord, baseline: BaselineStatus | undefined, shared: SharedPayloads): string {
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
  const why = record.outcome === 'passed' ? '' : oneLine(record.reason ?? record.error?.message);
  return `<details class="case" id="${e(domId)}" data-filterable data-outcome="${e(record.outcome)}" data-profiles="${e(record.profiles.join(' '))}" data-area="${e(areaOf(record))}" data-adapter="${e(adapter)}">
<summary><span class="o o-${e(record.outcome)}">${OUTCOME_MARK[record.outcome]} ${e(record.outcome)}</span>${record.flaky ? ' <span class="o o-warning">flaky</span>' : ''}${status} <code>${e(record.id)}</code>${record.knownIssue ? ' <span class="known">known issue</span>' : ''}${why ? ` <span class="muted">— ${e(why)}</span>` : ''}</summary>
${lines.join('\n')}</details>`;
}

/** The mark beside each outcome: the outcome is never told by colour alone. */
export const OUTCOME_MARK: Record<CaseRecord['outcome'], string> = { passed: '✔', failed: '✘', warning: '!', skipped: '–', errored: 'E' };

/** The first line of `text`, cut to fit a summary line. */
export function oneLine(text: string | undefined, max = 160): string {
  const line = (text ?? '').split('\n')[0]!;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
