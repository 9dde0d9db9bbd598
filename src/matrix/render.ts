/**
 * Renders a matrix result: matrix.json (the result as it is), matrix.md and matrix.html. Two summary
 * grids, sender (rows) x receiver (columns), one per group of columns: `envelope` (pack -> unpack over
 * every envelope kind x algorithm x curve) and `live` (agent to agent over loopback HTTP/WebSocket); each
 * grid cell is that group's `passed/tried`, linking to the pair's tables. Each pair has one table per
 * group, one row per feature: status, reason, the triangulation through the reference, the evidence file.
 * Every string is escaped (adapter names and error texts are untrusted).
 * @module
 */
import { escapeHtml as e, safeHref } from '../report/html-escape.js';
import { REPORT_CSS } from '../report/html-assets.js';
import type { CellStatus, FeatureGroup, MatrixCell, MatrixPair, MatrixResult } from './run.js';

const STATUS_CLASS: Record<CellStatus, string> = { pass: 'o-passed', fail: 'o-failed', 'pack-rejected': 'o-failed', error: 'o-errored', 'n/a': 'o-skipped' };

const GROUP_TITLE: Record<FeatureGroup, string> = {
  envelope: 'envelope: pack → unpack',
  live: 'live: agent to agent over HTTP and WebSocket',
};

/** The group of a cell; cells of matrix.json files written before live cells have none. */
export function groupOf(cell: MatrixCell): FeatureGroup {
  return cell.group ?? 'envelope';
}

/** The groups a result has columns for. */
function groupsOf(result: MatrixResult): FeatureGroup[] {
  return result.liveFeatures !== undefined || result.pairs.some((pair) => pair.cells.some((cell) => groupOf(cell) === 'live')) ? ['envelope', 'live'] : ['envelope'];
}

/** `passed/tried` of one group of a pair (tried = not n/a), and whether a tried cell failed or errored. */
export function groupCounts(pair: MatrixPair, group: FeatureGroup): { passed: number; tried: number; failed: boolean } {
  const tried = pair.cells.filter((cell) => groupOf(cell) === group && cell.status !== 'n/a');
  return { passed: tried.filter((cell) => cell.status === 'pass').length, tried: tried.length, failed: tried.some((cell) => cell.status === 'fail' || cell.status === 'pack-rejected') };
}

function anchor(pair: MatrixPair): string {
  return `pair-${pair.sender}--${pair.receiver}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

function names(result: MatrixResult): string[] {
  return result.adapters.map((adapter) => adapter.name);
}

function pairOf(result: MatrixResult, sender: string, receiver: string): MatrixPair | undefined {
  return result.pairs.find((pair) => pair.sender === sender && pair.receiver === receiver);
}

function viaText(cell: MatrixCell): string {
  return cell.via ? `${cell.via.verdict} (sender→reference: ${cell.via.senderToReference ?? '—'}, reference→receiver: ${cell.via.referenceToReceiver ?? '—'})` : '';
}

/** matrix.md. */
export function renderMatrixMarkdown(result: MatrixResult): string {
  // Markdown punctuation backslash-escaped (a `|` cannot end a cell), markup as entities (no `<script` in
  // the file at all), control characters as visible escapes.
  const md = (text: string): string => text
    .replace(/[\\`*_{}[\]()#+!|]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/\r?\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // Evidence paths are our own relative ones; anything else (a hand-edited matrix.json) is shown, not linked.
  const mdEvidence = (path: string): string => /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(path) && !path.split('/').includes('..') ? `[json](${path})` : md(path);
  const all = names(result);
  const groups = groupsOf(result);
  const lines = ['# DIDComm v2 interop matrix', '', `Generated ${result.generatedAt}, seed ${result.seed}. Rows send, columns receive; a cell is passed/tried (features both claim), one grid per group of features.`];
  for (const left of result.leftOut ?? []) lines.push('', `Left out: **${md(left.adapter)}**: ${md(left.reason)}`);
  for (const group of groups) {
    lines.push('', `## ${md(GROUP_TITLE[group])}`, '', `| sender \\ receiver | ${all.map(md).join(' | ')} |`, `|---|${all.map(() => '---').join('|')}|`);
    for (const sender of all) {
      lines.push(`| **${md(sender)}** | ${all.map((receiver) => {
        const pair = pairOf(result, sender, receiver);
        if (!pair) return '—';
        const c = groupCounts(pair, group);
        return `[${c.passed}/${c.tried}](#${anchor(pair)})`;
      }).join(' | ')} |`);
    }
  }
  for (const pair of result.pairs) {
    lines.push('', `<a id="${anchor(pair)}"></a>`, `## ${md(pair.sender)} → ${md(pair.receiver)}`);
    for (const group of groups) {
      const cells = pair.cells.filter((cell) => groupOf(cell) === group);
      if (cells.length === 0) continue;
      if (groups.length > 1) lines.push('', `### ${md(group)}`);
      lines.push('', '| feature | status | detail | via reference | evidence |', '|---|---|---|---|---|');
      for (const cell of cells) {
        lines.push(`| ${md(cell.feature)} | ${md(cell.status)} | ${md(cell.detail ?? '')} | ${md(cell.via?.verdict ?? '')} | ${cell.evidence ? mdEvidence(cell.evidence) : ''} |`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function htmlGrid(result: MatrixResult, group: FeatureGroup): string {
  const all = names(result);
  return `<table id="${group === 'envelope' ? 'matrix-grid' : `matrix-grid-${group}`}" data-group="${e(group)}"><tr><th>sender \\ receiver</th>${all.map((n) => `<th>${e(n)}</th>`).join('')}</tr>
${all.map((sender) => `<tr><th>${e(sender)}</th>${all.map((receiver) => {
    const pair = pairOf(result, sender, receiver);
    if (!pair) return '<td>—</td>';
    const c = groupCounts(pair, group);
    const cls = c.tried === 0 ? 'o-skipped' : c.passed === c.tried ? 'o-passed' : c.failed ? 'o-failed' : 'o-errored';
    return `<td class="o ${cls}"><a href="#${e(anchor(pair))}">${c.passed}/${c.tried}</a></td>`;
  }).join('')}</tr>`).join('\n')}</table>`;
}

function htmlCells(cells: MatrixCell[]): string {
  return `<table><tr><th>feature</th><th>status</th><th>detail</th><th>via reference</th><th>evidence</th></tr>
${cells.map((cell) => `<tr data-status="${e(cell.status)}" data-group="${e(groupOf(cell))}"><td><code>${e(cell.feature)}</code></td><td class="o ${STATUS_CLASS[cell.status] ?? 'o-errored'}">${e(cell.status)}</td><td>${e(cell.detail ?? '')}</td><td>${e(viaText(cell))}</td><td>${cell.evidence ? `<a href="${safeHref(cell.evidence)}">evidence</a>` : ''}</td></tr>`).join('\n')}</table>`;
}

/** matrix.html (self-contained, no script). */
export function renderMatrixHtml(result: MatrixResult): string {
  const groups = groupsOf(result);
  const grids = groups.map((group) => `<h2>${e(GROUP_TITLE[group])}</h2>\n${htmlGrid(result, group)}`).join('\n');
  const adapters = `<table><tr><th>adapter</th><th>implementation</th></tr>${result.adapters.map((a) => `<tr><td>${e(a.name)}</td><td>${'error' in a ? `<span class="o-errored">${e(a.error)}</span>` : e(`${a.implementation.name} ${a.implementation.version}`)}</td></tr>`).join('')}</table>`;
  const pairs = result.pairs.map((pair) => `<h2 id="${e(anchor(pair))}">${e(pair.sender)} → ${e(pair.receiver)}</h2>
${groups.map((group) => {
    const cells = pair.cells.filter((cell) => groupOf(cell) === group);
    return cells.length === 0 ? '' : `${groups.length > 1 ? `<h3>${e(group)}</h3>\n` : ''}${htmlCells(cells)}`;
  }).join('\n')}`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'">
<title>DIDComm v2 interop matrix</title><style>${REPORT_CSS}</style></head><body>
<h1>DIDComm v2 interop matrix</h1>
<p class="muted">Generated ${e(result.generatedAt)}, seed ${result.seed}. Rows send, columns receive. Envelope: a cell is passed/tried over the envelope kind × algorithm × curve features both adapters claim (the row packs, the column unpacks). Live: the two adapter processes exchange trust pings and basic messages agent to agent over loopback HTTP and WebSocket, judged by what each endpoint received; tried when both claim the transport and the protocol. A failing feature is retried through the reference implementation as a third party to find the odd one out.</p>
${adapters}
${(result.leftOut ?? []).map((left) => `<p class="o-skipped">left out: <strong>${e(left.adapter)}</strong>: ${e(left.reason)}</p>`).join('\n')}
${grids}
${pairs}
</body></html>
`;
}
