/**
 * `didcomm-conformance matrix --adapters a,b,c [--out DIR] [--no-live]`: the interop matrix (every ordered
 * pair over every envelope and live feature both claim), rendered as matrix.html, matrix.md and matrix.json with evidence per cell.
 * Exit codes: 0 every tried cell passed or its failure is a known issue, 1 a cell failed, 2 usage error or
 * a failed build. Adapters with a build section are built first; one whose toolchain is missing is left
 * out with the reason (printed and in matrix.json), as is one whose build failed (exit 2). Registered by
 * register/matrix.ts.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveAdapter } from '../../adapter/manifest.js';
import { groupCounts, groupOf, renderMatrixHtml, renderMatrixMarkdown } from '../../matrix/render.js';
import { runMatrix, type CellStatus, type MatrixCell, type MatrixPair, type MatrixResult } from '../../matrix/run.js';
import { printable } from '../../report/terminal-text.js';
import { applyAdapterHeaders } from '../apply-adapter-headers.js';
import { oddOneOut } from '../../matrix/triangulation.js';
import { preparationProblem, resolveAndPrepare } from './prepare-adapter.js';

/** Writes matrix.json, matrix.md and matrix.html into `out`; returns the html path. */
export function writeMatrix(result: MatrixResult, out: string): string {
  writeFileSync(join(out, 'matrix.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(out, 'matrix.md'), renderMatrixMarkdown(result));
  const html = join(out, 'matrix.html');
  writeFileSync(html, renderMatrixHtml(result));
  return html;
}

/**
 * Cells that failed or errored and are not known issues. A known interop issue is a `knownIssues` key of the
 * sender's or receiver's adapter.json: `interop.` and the cell's feature ID or any part of it cut at a dot,
 * so `interop.anoncrypt.P-521.XC20P` names one cell, `interop.anoncrypt.P-521` the anoncrypt cells on P-521,
 * `interop.anoncrypt` every anoncrypt cell and `interop.live` every live cell. When the triangulation through
 * the reference singles out one side, only that side's known issues excuse the cell: an issue of the other
 * adapter's never hides a failure it did not cause.
 */
export function unexpectedCells(result: MatrixResult): Array<{ pair: MatrixPair; feature: string; status: CellStatus; detail?: string }> {
  // Each adapter's manifest read once, not once per cell (an adapter that no longer resolves has none).
  const issuesOf = new Map<string, Record<string, unknown>>();
  const knownIssues = (name: string): Record<string, unknown> => {
    if (!issuesOf.has(name)) {
      let issues: Record<string, unknown> = {};
      try {
        issues = resolveAdapter(name).manifest.knownIssues ?? {};
      } catch {
        // Left with none.
      }
      issuesOf.set(name, issues);
    }
    return issuesOf.get(name)!;
  };
  const known = (name: string, cell: MatrixCell): boolean => {
    const parts = cell.feature.split('.');
    return parts.some((_, i) => Object.hasOwn(knownIssues(name), `interop.${parts.slice(0, i + 1).join('.')}`));
  };
  const excusing = (pair: MatrixPair, cell: MatrixCell): string[] => {
    const odd = cell.via ? oddOneOut(cell.via) : undefined;
    return odd === 'sender' ? [pair.sender] : odd === 'receiver' ? [pair.receiver] : [pair.sender, pair.receiver];
  };
  return result.pairs.flatMap((pair) => pair.cells
    .filter((cell) => cell.status === 'fail' || cell.status === 'pack-rejected' || cell.status === 'error')
    .filter((cell) => !excusing(pair, cell).some((name) => known(name, cell)))
    .map((cell) => ({ pair, feature: cell.feature, status: cell.status, ...(cell.detail ? { detail: cell.detail } : {}) })));
}

/** The printed line of a cell `unexpectedCells` found: an error cell is the adapters' or the harness's trouble, not a failure. */
export function unexpectedLine(cell: { pair: MatrixPair; feature: string; status: CellStatus; detail?: string }): string {
  return printable(`${cell.status === 'error' ? 'ERROR' : 'FAIL'} ${cell.pair.sender} → ${cell.pair.receiver} ${cell.feature}: ${cell.detail ?? ''}`);
}

/** One line per finished pair: passed/tried per group of features. */
export function pairLine(pair: MatrixPair): string {
  const envelope = groupCounts(pair, 'envelope');
  const live = groupCounts(pair, 'live');
  const hasLive = pair.cells.some((cell) => groupOf(cell) === 'live');
  const ok = envelope.passed === envelope.tried && live.passed === live.tried;
  return printable(`${ok ? '✔' : '✘'} ${pair.sender} → ${pair.receiver}: ${envelope.passed}/${envelope.tried} envelope${hasLive ? `, ${live.passed}/${live.tried} live` : ''}`);
}

/**
 * Builds the adapters that have a build section, one at a time (progress on `progress`). A missing toolchain
 * or a failed build leaves the adapter out with the reason; an unknown adapter throws AdapterNotFound.
 */
async function buildForMatrix(asked: readonly string[], progress: NodeJS.WritableStream): Promise<{ adapters: string[]; leftOut: Array<{ adapter: string; reason: string }>; buildFailed: boolean }> {
  const adapters: string[] = [];
  const leftOut: Array<{ adapter: string; reason: string }> = [];
  let buildFailed = false;
  for (const adapter of asked) {
    try {
      await resolveAndPrepare(adapter, progress);
      adapters.push(adapter);
    } catch (error) {
      const problem = preparationProblem(error);
      if (!problem || problem.kind === 'usage') throw error;
      buildFailed ||= problem.kind === 'build';
      leftOut.push({ adapter, reason: problem.message });
      process.stderr.write(printable(`didcomm-conformance matrix: left out ${adapter}: ${problem.kind === 'build' ? 'harness error: ' : ''}${problem.message}`) + '\n');
      for (const line of problem.tail ?? []) process.stderr.write(printable(`  | ${line}`) + '\n');
    }
  }
  return { adapters, leftOut, buildFailed };
}

/** `matrix`: the interop matrix of `options.adapters`, written and summed up; the exit code says how it went. */
export async function matrixAction(options: { adapters: string; out?: string; seed?: number; json?: boolean; live: boolean; adapterHeader?: string[] }): Promise<void> {
  if (!applyAdapterHeaders('matrix', options.adapterHeader)) return;
  const asked = options.adapters.split(',').map((name) => name.trim()).filter(Boolean);
  const out = options.out ?? join(process.cwd(), 'reports', `matrix-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  try {
    const { adapters, leftOut, buildFailed } = await buildForMatrix(asked, options.json ? process.stderr : process.stdout);
    const result = await runMatrix({ adapters, out, live: options.live, ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.json ? {} : { onPair: (pair) => process.stdout.write(`${pairLine(pair)}\n`) }) });
    if (leftOut.length > 0) result.leftOut = leftOut;
    const html = writeMatrix(result, out);
    const unexpected = unexpectedCells(result);
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      for (const cell of unexpected) process.stdout.write(`${unexpectedLine(cell)}\n`);
      process.stdout.write(`matrix: ${pathToFileURL(html).href}\n`);
    }
    process.exitCode = buildFailed ? 2 : unexpected.length > 0 ? 1 : 0;
  } catch (error) {
    // An unknown adapter, a broken build section (runMatrix throws AdapterNotFound too).
    const problem = preparationProblem(error);
    if (!problem) throw error;
    process.stderr.write(printable(`didcomm-conformance matrix: ${problem.message}`) + '\n');
    process.exitCode = 2;
  }
}
