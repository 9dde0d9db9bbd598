/**
 * The cross-language throughput table (issue 17, bench/cross-language.ts) as a results-site input and page:
 * `throughput.json`, written by `node dist/bench/cross-language.js --out DIR`, is found like a matrix.json under
 * the site's folders; the newest one becomes throughput.html. Figures are the adapters' own reports, each
 * checked by the harness before it counts (src/adapter/benchmark.ts); like matrices, they are not signed.
 * @module
 */
import { escapeHtml as e } from '../report/html-escape.js';
import { page, table } from './layout.js';

export const THROUGHPUT_FILE = 'throughput.json';

export interface ThroughputStats {
  min: number;
  median: number;
  max: number;
}

/** One adapter x mode cell: a figure only when every round's answer held up. */
export interface ThroughputCell {
  adapter: string;
  implementation: string;
  mode: string;
  status: 'measured' | 'n/a' | 'flagged' | 'errored';
  reason?: string;
  iterations?: number;
  pack?: ThroughputStats;
  unpack?: ThroughputStats;
  /** Rounds whose answer held up (counts, times, a sample the reference unpacked to the message asked for). */
  verified: number;
}

export interface ThroughputResult {
  format: 1;
  kind: 'cross-language-throughput';
  measuredAt: string;
  machine: { cores: number; cpu: string; load: [number, number] };
  rounds: number;
  targetMs: number;
  modes: string[];
  cells: ThroughputCell[];
}

/** True for a throughput.json this harness wrote (format 1). */
export function isThroughputResult(value: unknown): value is ThroughputResult {
  const v = value as Partial<ThroughputResult> | null;
  return typeof v === 'object' && v !== null && v.format === 1 && v.kind === 'cross-language-throughput' && typeof v.measuredAt === 'string'
    && Array.isArray(v.modes) && Array.isArray(v.cells) && typeof v.rounds === 'number'
    && typeof v.machine === 'object' && v.machine !== null && typeof v.machine.cores === 'number' && typeof v.machine.cpu === 'string'
    && Array.isArray(v.machine.load) && v.machine.load.length === 2 && v.machine.load.every((l) => typeof l === 'number')
    && v.modes.every((m) => typeof m === 'string')
    && v.cells.every((c) => typeof c?.adapter === 'string' && typeof c.implementation === 'string' && typeof c.mode === 'string'
      && typeof c.status === 'string' && typeof c.verified === 'number' && [c.pack, c.unpack].every(isStats));
}

function isStats(s: unknown): boolean {
  if (s === undefined) return true;
  const v = s as Partial<ThroughputStats> | null;
  return typeof v === 'object' && v !== null && [v.min, v.median, v.max].every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** The newest of several results, by measuredAt. */
export function newestThroughput(results: readonly ThroughputResult[]): ThroughputResult | undefined {
  return [...results].sort((a, b) => b.measuredAt.localeCompare(a.measuredAt))[0];
}

const fmt = (value: number): string => (value >= 100 ? Math.round(value).toString() : value.toFixed(1));
const figure = (s: ThroughputStats | undefined): string => (s ? `${fmt(s.median)} <span class="muted">(${fmt(s.min)}–${fmt(s.max)})</span>` : '');
const ratio = (s: ThroughputStats | undefined, reference: ThroughputStats | undefined): string => (s && reference ? `${(s.median / reference.median).toFixed(2)}x` : '');

/** throughput.html. */
export function throughputPage(result: ThroughputResult | undefined): string {
  if (!result) {
    return page({ title: 'Throughput', depth: 0, body: '<h1>Cross-language throughput</h1><p class="muted">No throughput.json among the inputs: run <code>node dist/bench/cross-language.js --out DIR</code> and build the site from DIR too.</p>' });
  }
  const rows = result.modes.flatMap((mode) => {
    const cells = result.cells.filter((c) => c.mode === mode);
    const reference = cells.find((c) => c.adapter === 'reference');
    return cells.map((c) => [
      e(mode), `${e(c.adapter)} <span class="muted">${e(c.implementation)}</span>`,
      figure(c.pack), ratio(c.pack, reference?.pack), figure(c.unpack), ratio(c.unpack, reference?.unpack),
      c.status === 'measured' ? `${c.verified}/${result.rounds}` : `<span class="${c.status === 'n/a' ? 'muted' : 'reason'}">${e(c.status)}: ${e(c.reason ?? '')}</span>`,
    ]);
  });
  return page({
    title: 'Throughput', depth: 0, body: `<h1>Cross-language throughput</h1>
<p>Messages/s that each implementation packs and unpacks inside its own adapter process (the process boundary
excluded), ~1 KB body, the same message for all, median (min–max) over ${result.rounds} interleaved rounds; ratio = adapter/reference.
A figure counts only when every round's answer held up: counts as asked, times consistent with the call, under the native ceiling,
and a sample the reference unpacked to the message asked for. Measured ${e(result.measuredAt)} on ${e(String(result.machine.cores))} cores
(${e(result.machine.cpu)}), 1-minute load ${e(result.machine.load.map((l) => l.toFixed(2)).join(' → '))}: on a loaded machine read the ratios, not the rates.
Not signed: shown as the throughput.json found says.</p>
${table(['mode', 'adapter', 'pack msg/s', 'ratio', 'unpack msg/s', 'ratio', 'checked'], rows)}`,
  });
}
