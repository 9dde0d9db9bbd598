/**
 * Renders a matrix result: matrix.json (the result as it is), matrix.md and matrix.html. Two summary
 * grids, sender (rows) x receiver (columns), one per group of columns: `envelope` (pack -> unpack over
 * every envelope kind x algorithm x curve) and `live` (agent to agent over loopback HTTP/WebSocket); each
 * grid cell is that group's `passed/tried` with its verdict (pass, fail, partial, error, n/a), linking to
 * the pair's tables. Each pair has one table per group, one row per feature: status, reason, the
 * triangulation through the reference, the evidence file. Verdicts are told apart by the report's
 * Okabe-Ito colours (safe with every common colour-vision deficiency) and, never by colour alone, by a mark
 * and a word; n/a is grey and says why. Every string is escaped (adapter names and error texts are untrusted).
 * @module
 */
import { escapeHtml as e, safeHref } from '../report/html-escape.js';
import { REPORT_CSS } from '../report/html-assets.js';
import type { CellStatus, FeatureGroup, MatrixCell, MatrixPair, MatrixResult } from './run.js';

/** The verdict of a grid cell (a pair's group) or of one feature. */
export type Verdict = 'pass' | 'fail' | 'partial' | 'error' | 'na';

/** Mark and word of each verdict: the cue that does not depend on colour. */
export const VERDICT_MARK: Record<Verdict, { mark: string; word: string }> = {
  pass: { mark: '✔', word: 'pass' }, fail: { mark: '✘', word: 'fail' }, partial: { mark: '◐', word: 'partial' }, error: { mark: 'E', word: 'error' }, na: { mark: '–', word: 'n/a' },
};

const STATUS_VERDICT: Record<CellStatus, Verdict> = { pass: 'pass', fail: 'fail', 'pack-rejected': 'fail', error: 'error', 'n/a': 'na' };

/** The verdict of one feature's cell. */
export function cellVerdict(cell: MatrixCell): Verdict {
  return STATUS_VERDICT[cell.status] ?? 'error';
}

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

/** `passed/tried` of one group of a pair (tried = not n/a), and whether a tried cell failed. */
export function groupCounts(pair: MatrixPair, group: FeatureGroup): { passed: number; tried: number; failed: boolean } {
  const tried = pair.cells.filter((cell) => groupOf(cell) === group && cell.status !== 'n/a');
  return { passed: tried.filter((cell) => cell.status === 'pass').length, tried: tried.length, failed: tried.some((cell) => cell.status === 'fail' || cell.status === 'pack-rejected') };
}

/** The verdict of a pair's group: every tried cell passed, none did (fail or error), some did (partial), none tried. */
export function groupVerdict(pair: MatrixPair, group: FeatureGroup): Verdict {
  const c = groupCounts(pair, group);
  if (c.tried === 0) return 'na';
  if (c.passed === c.tried) return 'pass';
  if (c.passed > 0) return 'partial';
  return c.failed ? 'fail' : 'error';
}

/** Why a pair's group has nothing tried: its n/a reasons, most frequent first. */
function naReasons(pair: MatrixPair, group: FeatureGroup): string[] {
  const counts = new Map<string, number>();
  for (const cell of pair.cells) if (groupOf(cell) === group && cell.status === 'n/a') counts.set(cell.detail ?? '', (counts.get(cell.detail ?? '') ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason}${n > 1 ? ` (×${n})` : ''}`);
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
        const v = VERDICT_MARK[groupVerdict(pair, group)];
        return `[${v.mark} ${c.tried === 0 ? v.word : `${c.passed}/${c.tried}`}](#${anchor(pair)})`;
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
        lines.push(`| ${md(cell.feature)}${cell.identities === 'created' ? ' (created DIDs)' : ''} | ${VERDICT_MARK[cellVerdict(cell)].mark} ${md(cell.status)} | ${md(cell.detail ?? '')} | ${md(cell.via?.verdict ?? '')} | ${cell.evidence ? mdEvidence(cell.evidence) : ''} |`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function htmlGrid(result: MatrixResult, group: FeatureGroup): string {
  const all = names(result);
  return `<table class="grid" id="${group === 'envelope' ? 'matrix-grid' : `matrix-grid-${group}`}" data-group="${e(group)}"><tr><th>sender \\ receiver</th>${all.map((n) => `<th>${e(n)}</th>`).join('')}</tr>
${all.map((sender) => `<tr><th>${e(sender)}</th>${all.map((receiver) => {
    const pair = pairOf(result, sender, receiver);
    if (!pair) return '<td>—</td>';
    const c = groupCounts(pair, group);
    const verdict = groupVerdict(pair, group);
    const { mark, word } = VERDICT_MARK[verdict];
    const reasons = verdict === 'na' ? naReasons(pair, group) : [];
    const title = verdict === 'na' ? `n/a: ${reasons.join('; ')}` : `${word}: ${c.passed} of ${c.tried} tried passed`;
    const text = verdict === 'na' ? `${mark} n/a<br><small>${e(reasons[0] ?? '')}${reasons.length > 1 ? ` (+${reasons.length - 1} more)` : ''}</small>` : `${mark} ${c.passed}/${c.tried}`;
    return `<td class="c-${verdict}" data-verdict="${verdict}" title="${e(title)}"><a href="#${e(anchor(pair))}">${text}</a></td>`;
  }).join('')}</tr>`).join('\n')}</table>`;
}

function htmlCells(cells: MatrixCell[]): string {
  return `<table class="cells"><tr><th>feature</th><th>status</th><th>detail</th><th>via reference</th><th>evidence</th></tr>
${cells.map((cell) => {
    const verdict = cellVerdict(cell);
    const created = cell.identities === 'created' ? ' <span class="kind" title="identities the two adapters created (createIdentity), not the spec\'s vector parties">created DIDs</span>' : '';
    const evidence = cell.evidence ? `<a class="evidence" href="${safeHref(cell.evidence)}">evidence</a>` : '<span class="muted">nothing exchanged</span>';
    return `<tr data-status="${e(cell.status)}" data-verdict="${verdict}" data-group="${e(groupOf(cell))}"${cell.identities ? ` data-identities="${e(cell.identities)}"` : ''}${verdict === 'na' ? ' class="na"' : ''}><td><code>${e(cell.feature)}</code>${created}</td><td class="c-${verdict}">${VERDICT_MARK[verdict].mark} ${e(cell.status)}</td><td>${e(cell.detail ?? '')}</td><td>${e(viaText(cell))}</td><td>${evidence}</td></tr>`;
  }).join('\n')}</table>`;
}

const LEGEND = `<p class="legend">${(Object.keys(VERDICT_MARK) as Verdict[]).map((v) => `<span class="c-${v}" data-verdict="${v}">${VERDICT_MARK[v].mark} ${VERDICT_MARK[v].word}</span>`).join(' ')} — a grid cell is passed/tried over the features both adapters claim; partial: some passed, some failed; n/a: nothing both claim (the reason is given). Each tried feature links to its evidence (both adapters' transcripts and the exact bytes).</p>`;

/** What the matrix adds to the report's sheet: n/a rows greyed, the legend's chips. */
const MATRIX_CSS = `
tr.na td { color: var(--skip); } table.grid small { font-weight: 400; display: block; white-space: normal; font-size: 11px; }
td.c-pass, td.c-fail, td.c-partial, td.c-error { font-weight: 600; } .legend span { padding: 0 .4rem; border-radius: 3px; margin-right: .25rem; }
.legend .c-pass { background: var(--pass-bg); color: var(--pass); } .legend .c-fail { background: var(--fail-bg); color: var(--fail); } .legend .c-partial { background: var(--warn-bg); color: var(--warn); }
.legend .c-error { background: var(--err-bg); color: var(--err); } .legend .c-na { background: var(--skip-bg); color: var(--skip); }
`;

/** matrix.html (self-contained, no script). */
export function renderMatrixHtml(result: MatrixResult): string {
  const groups = groupsOf(result);
  const grids = groups.map((group) => `<h2>${e(GROUP_TITLE[group])}</h2>\n${htmlGrid(result, group)}`).join('\n');
  const adapters = `<table><tr><th>adapter</th><th>implementation</th></tr>${result.adapters.map((a) => `<tr><td>${e(a.name)}</td><td>${'error' in a ? `<span class="o-errored">${e(a.error)}</span>` : e(`${a.implementation.name} ${a.implementation.version}`)}</td></tr>`).join('')}</table>`;
  const pairs = result.pairs.map((pair) => `<section class="pair" id="${e(anchor(pair))}"><h2>${e(pair.sender)} → ${e(pair.receiver)}</h2>
${groups.map((group) => {
    const cells = pair.cells.filter((cell) => groupOf(cell) === group);
    return cells.length === 0 ? '' : `${groups.length > 1 ? `<h3>${e(group)}</h3>\n` : ''}${htmlCells(cells)}`;
  }).join('\n')}</section>`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'">
<title>DIDComm v2 interop matrix</title><style>${REPORT_CSS}${MATRIX_CSS}</style></head><body>
<h1>DIDComm v2 interop matrix</h1>
<p class="muted">Generated ${e(result.generatedAt)}, seed ${result.seed}. Rows send, columns receive. Envelope: a cell is passed/tried over the envelope kind × algorithm × curve features both adapters claim (the row packs, the column unpacks). Where a side cannot hold the spec's vector parties, or they lack the feature's key, each side creates its own DID and the cell is marked <em>created DIDs</em>. Live: the two adapter processes exchange trust pings and basic messages, and deliver a message with <code>send</code>, agent to agent over loopback HTTP and WebSocket, judged by what each endpoint received; tried when both claim the transport (and the protocol). A failing feature is retried through the reference implementation as a third party to find the odd one out.</p>
${adapters}
${LEGEND}
${(result.leftOut ?? []).map((left) => `<p class="o-skipped">left out: <strong>${e(left.adapter)}</strong>: ${e(left.reason)}</p>`).join('\n')}
${grids}
${pairs}
</body></html>
`;
}
