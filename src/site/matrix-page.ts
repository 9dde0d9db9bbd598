/**
 * The interop matrix page of a results site: the merged matrix (matrix-merge.ts) as one grid, sender rows by
 * receiver columns, each cell the envelope and live features passed out of those tried, with every adapter
 * linked to its implementation's page. The full per-feature tables are matrix-detail.html, rendered by the
 * matrix's own renderer (src/matrix/render.ts).
 * @module
 */
import { groupCounts } from '../matrix/render.js';
import type { MatrixResult } from '../matrix/run.js';
import { escapeHtml as e } from '../report/html-escape.js';
import { implementationHref } from './implementation-pages.js';
import { page, table } from './layout.js';
import type { SiteModel } from './model.js';

function cell(result: MatrixResult, sender: string, receiver: string): string {
  const pair = result.pairs.find((candidate) => candidate.sender === sender && candidate.receiver === receiver);
  if (!pair) return '<span class="muted">not measured</span>';
  const envelope = groupCounts(pair, 'envelope');
  const live = groupCounts(pair, 'live');
  const part = (name: string, counts: { passed: number; tried: number; failed: boolean }): string => counts.tried === 0 ? ''
    : `<span class="${counts.passed === counts.tried ? 'o-passed' : counts.failed ? 'o-failed' : 'o-errored'}">${name} ${counts.passed}/${counts.tried}</span>`;
  const failing = pair.cells.filter((c) => c.status === 'fail' || c.status === 'pack-rejected' || c.status === 'error').map((c) => `${c.feature}: ${c.status}`);
  return `<td${failing.length ? ` title="${e(failing.join('\n'))}"` : ''}>${[part('envelope', envelope), part('live', live)].filter(Boolean).join('<br>') || '<span class="muted">nothing in common</span>'}</td>`;
}

/** matrix.html. */
export function matrixPage(model: SiteModel): string {
  const result = model.matrix;
  if (!result) {
    return page({ title: 'Interop matrix', depth: 0, body: '<h1>Interop matrix</h1><p class="muted">No matrix.json among the inputs: run <code>didcomm-conformance matrix --adapters a,b,c</code> and build the site from its folder too.</p>' });
  }
  const names = result.adapters.map((adapter) => adapter.name);
  const implementationOf = (name: string): string => {
    const adapter = result.adapters.find((candidate) => candidate.name === name);
    if (!adapter || 'error' in adapter) return `${e(name)}${adapter ? ` <span class="reason">${e(adapter.error)}</span>` : ''}`;
    const implementation = model.implementations.find((candidate) => candidate.name === adapter.implementation.name);
    const label = `${e(name)} <span class="muted">(${e(adapter.implementation.name)} ${e(adapter.implementation.version)})</span>`;
    return implementation ? `<a href="${implementationHref(implementation, 0)}">${label}</a>` : label;
  };
  const rows = names.map((sender) => [`<strong>${implementationOf(sender)}</strong>`, ...names.map((receiver) => cell(result, sender, receiver))]);
  return page({
    title: 'Interop matrix', depth: 0, body: `<h1>Interop matrix</h1>
<p>Rows send, columns receive. <em>envelope</em>: features passed out of those tried (envelope kind × algorithm × curve both claim);
<em>live</em>: agent-to-agent exchanges over loopback HTTP and WebSocket. Measured ${e(result.generatedAt)}, seed ${e(result.seed)}.
Matrix results are not signed: they are shown as the matrix files found say.</p>
${table(['sender \\ receiver', ...names], rows)}
<p>Every feature of every pair, with the triangulation through the reference: <a href="matrix-detail.html">matrix-detail.html</a>.</p>`,
  });
}
