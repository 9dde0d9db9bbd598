/**
 * Renders a matrix result: matrix.json (the result as it is), matrix.md and matrix.html. The summary grid
 * is sender (rows) x receiver (columns), each cell `passed/tried` linking to the pair's table; each pair
 * table has one row per feature with its status, the reason, the triangulation through the reference and
 * a link to the evidence file. Every string is escaped (adapter names and error texts are untrusted).
 * @module
 */
import { escapeHtml as e, safeHref } from '../report/html-escape.js';
import { REPORT_CSS } from '../report/html-assets.js';
import type { CellStatus, MatrixPair, MatrixResult } from './run.js';

const STATUS_CLASS: Record<CellStatus, string> = { pass: 'o-passed', fail: 'o-failed', 'pack-rejected': 'o-failed', error: 'o-errored', 'n/a': 'o-skipped' };

function counts(pair: MatrixPair): { passed: number; tried: number } {
  const tried = pair.cells.filter((cell) => cell.status !== 'n/a');
  return { passed: tried.filter((cell) => cell.status === 'pass').length, tried: tried.length };
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

/** matrix.md. */
export function renderMatrixMarkdown(result: MatrixResult): string {
  // Markdown punctuation backslash-escaped (a `|` cannot end a cell), markup as entities (no `<script` in
  // the file at all), control characters as visible escapes.
  const md = (text: string): string => text
    .replace(/[\\`*_{}[\]()#+!|]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/\r?\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const lines = ['# DIDComm v2 interop matrix', '', `Generated ${result.generatedAt}, seed ${result.seed}. Rows send, columns receive; a cell is passed/tried (features both claim).`, ''];
  const all = names(result);
  lines.push(`| sender \\ receiver | ${all.map(md).join(' | ')} |`, `|---|${all.map(() => '---').join('|')}|`);
  for (const sender of all) {
    lines.push(`| **${md(sender)}** | ${all.map((receiver) => {
      const pair = pairOf(result, sender, receiver);
      if (!pair) return '—';
      const c = counts(pair);
      return `[${c.passed}/${c.tried}](#${anchor(pair)})`;
    }).join(' | ')} |`);
  }
  for (const pair of result.pairs) {
    lines.push('', `<a id="${anchor(pair)}"></a>`, `## ${md(pair.sender)} → ${md(pair.receiver)}`, '', '| feature | status | detail | via reference | evidence |', '|---|---|---|---|---|');
    for (const cell of pair.cells) {
      lines.push(`| ${md(cell.feature)} | ${cell.status} | ${md(cell.detail ?? '')} | ${md(cell.via?.verdict ?? '')} | ${cell.evidence ? `[json](${cell.evidence})` : ''} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** matrix.html (self-contained, no script). */
export function renderMatrixHtml(result: MatrixResult): string {
  const all = names(result);
  const grid = `<table id="matrix-grid"><tr><th>sender \\ receiver</th>${all.map((n) => `<th>${e(n)}</th>`).join('')}</tr>
${all.map((sender) => `<tr><th>${e(sender)}</th>${all.map((receiver) => {
    const pair = pairOf(result, sender, receiver);
    if (!pair) return '<td>—</td>';
    const c = counts(pair);
    const cls = c.tried === 0 ? 'o-skipped' : c.passed === c.tried ? 'o-passed' : 'o-failed';
    return `<td class="o ${cls}"><a href="#${e(anchor(pair))}">${c.passed}/${c.tried}</a></td>`;
  }).join('')}</tr>`).join('\n')}</table>`;
  const adapters = `<table><tr><th>adapter</th><th>implementation</th></tr>${result.adapters.map((a) => `<tr><td>${e(a.name)}</td><td>${'error' in a ? `<span class="o-errored">${e(a.error)}</span>` : e(`${a.implementation.name} ${a.implementation.version}`)}</td></tr>`).join('')}</table>`;
  const pairs = result.pairs.map((pair) => `<h2 id="${e(anchor(pair))}">${e(pair.sender)} → ${e(pair.receiver)}</h2>
<table><tr><th>feature</th><th>status</th><th>detail</th><th>via reference</th><th>evidence</th></tr>
${pair.cells.map((cell) => `<tr data-status="${e(cell.status)}"><td><code>${e(cell.feature)}</code></td><td class="o ${STATUS_CLASS[cell.status]}">${e(cell.status)}</td><td>${e(cell.detail ?? '')}</td><td>${e(cell.via ? `${cell.via.verdict} (sender→reference: ${cell.via.senderToReference ?? '—'}, reference→receiver: ${cell.via.referenceToReceiver ?? '—'})` : '')}</td><td>${cell.evidence ? `<a href="${safeHref(cell.evidence)}">evidence</a>` : ''}</td></tr>`).join('\n')}</table>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'">
<title>DIDComm v2 interop matrix</title><style>${REPORT_CSS}</style></head><body>
<h1>DIDComm v2 interop matrix</h1>
<p class="muted">Generated ${e(result.generatedAt)}, seed ${result.seed}. Rows send (pack), columns receive (unpack). A cell is passed/tried over the envelope kind × algorithm × curve features both adapters claim; a failing feature is retried through the reference implementation as a third party to find the odd one out.</p>
${adapters}
${grid}
${pairs}
</body></html>
`;
}
