/**
 * The fuzzing section of report.html, for runs written by `fuzz` and `differential` (their header has a
 * `fuzz` member): per adapter the campaign's figures and its findings, each with the shrunk input decoded
 * next to its exact bytes, the replay command and the candidate vector; for a differential run the table of
 * disagreements, one column per adapter, the odd one out named against the reference. Everything an adapter
 * or an input said is escaped.
 * @module
 */
import { viewEnvelope, type EnvelopeView } from './envelope-view.js';
import { escapeHtml as e, jsonBlock, safeHref } from './html-escape.js';
import type { RunData } from './run-data.js';
import type { CaseRecord } from './run-records.js';
import { requirementLink } from './verdicts.js';

interface FuzzCaseFacts {
  behaviour?: string;
  requirement?: string;
  count: number;
  base: string;
  steps: Array<{ kind: string; mutator: string; seed: number }>;
  input: string;
  inputBytes?: number;
  expectation: string;
  answer?: string;
  reproduced?: boolean;
  replay?: string;
  candidate?: string;
  coveredBy?: string[];
  cells?: Record<string, string>;
  judgements?: Record<string, string>;
  oddOneOut?: string;
}

interface FuzzFooterFacts {
  cases: number;
  durationMs: number;
  shrinkMs?: number;
  casesPerSecond: number;
  corpus?: { bases: number; usable: number };
  answers?: Record<string, number>;
  counts?: Record<string, number>;
  unusableBases?: Record<string, string>;
  openDifferences?: Record<string, number>;
  unsupported?: string;
}

const factsOf = (record: CaseRecord): FuzzCaseFacts | undefined => (record as CaseRecord & { fuzz?: FuzzCaseFacts }).fuzz;
const isFuzzRun = (run: RunData): boolean => (run.header as { fuzz?: unknown }).fuzz !== undefined;

function layers(view: EnvelopeView): string {
  const parts = [`<div><strong>${e(view.kind)}</strong></div>`];
  view.protected.forEach((header, i) => parts.push(`<div>protected header${view.protected.length > 1 ? ` ${i + 1}` : ''} (decoded)</div>${jsonBlock(header)}`));
  view.headers.forEach((header, i) => parts.push(`<div>${view.kind === 'jwe' ? `recipient ${i + 1} header` : 'unprotected header'}</div>${jsonBlock(header)}`));
  if (view.payload !== undefined) parts.push(`<div>payload (decoded)</div>${jsonBlock(view.payload)}`);
  if (view.message !== undefined) parts.push(`<div>plaintext</div>${jsonBlock(view.message)}`);
  for (const note of view.notes) parts.push(`<div class="muted">${e(note)}</div>`);
  return parts.join('');
}

/** The shrunk input, decoded beside its exact bytes. */
function inputView(facts: FuzzCaseFacts): string {
  return `<details><summary>shrunk input (${facts.inputBytes ?? facts.input.length} bytes): ${e([facts.base, ...facts.steps.map((s) => s.mutator)].join(' + '))}</summary>
<div style="display:grid;grid-template-columns:1fr 1fr;gap:1em"><div><div class="muted">decoded</div>${layers(viewEnvelope(facts.input))}</div><div><div class="muted">exact bytes</div><pre style="white-space:pre-wrap;word-break:break-all">${e(facts.input)}</pre></div></div></details>`;
}

function requirementCell(id: string | undefined): string {
  if (!id) return '';
  const link = requirementLink(id);
  return `<a href="${safeHref(link.url)}">${e(id)}</a>`;
}

function figures(run: RunData): string {
  const facts = (run.footer as { fuzz?: FuzzFooterFacts } | undefined)?.fuzz;
  if (!facts) return '<p class="muted">no footer: the campaign was interrupted</p>';
  const rows: Array<[string, string]> = [
    ['cases', `${facts.cases} in ${(facts.durationMs / 1000).toFixed(1)} s: ${facts.casesPerSecond} cases/s${facts.shrinkMs !== undefined ? `; shrinking ${(facts.shrinkMs / 1000).toFixed(1)} s` : ''}`],
    ...(facts.corpus ? [['corpus', `${facts.corpus.usable} of ${facts.corpus.bases} bases used`] as [string, string]] : []),
    ...(facts.unsupported ? [['not fuzzed', facts.unsupported] as [string, string]] : []),
    ...(facts.answers ? [['answers', Object.entries(facts.answers).map(([k, v]) => `${v} ${k}`).join(', ')] as [string, string]] : []),
    ...(facts.counts ? [['judged', Object.entries(facts.counts).map(([k, v]) => `${v} ${k}`).join(', ')] as [string, string]] : []),
    ...(facts.openDifferences && Object.keys(facts.openDifferences).length > 0 ? [['open differences (not judged)', Object.entries(facts.openDifferences).map(([k, v]) => `${k} ${v}`).join(', ')] as [string, string]] : []),
  ];
  const unusable = Object.entries(facts.unusableBases ?? {});
  return `<table>${rows.map(([k, v]) => `<tr><td>${e(k)}</td><td>${e(v)}</td></tr>`).join('')}</table>
${unusable.length > 0 ? `<details><summary>${unusable.length} base(s) not asked: the untouched message was not accepted with its content</summary><ul>${unusable.map(([id, why]) => `<li><code>${e(id)}</code>: ${e(why)}</li>`).join('')}</ul></details>` : ''}`;
}

/** Whether the adapter's conformance run already fails a case under the finding's requirement. */
function coverage(coveredBy: string[] | undefined): string {
  if (coveredBy === undefined) return '<span class="muted">not compared: no conformance run of this adapter</span>';
  if (coveredBy.length === 0) return 'new: its conformance run fails no case under it';
  return `already found by ${coveredBy.length} suite case(s)<details><summary>which</summary>${coveredBy.map((id) => `<div><code>${e(id)}</code></div>`).join('')}</details>`;
}

function findings(run: RunData): string {
  const found = run.cases.filter((record) => factsOf(record)?.behaviour !== undefined);
  if (found.length === 0) return '<p>no finding</p>';
  const rows = found.map((record) => {
    const f = factsOf(record)!;
    return `<tr><td><code>${e(record.id)}</code>${record.knownIssue ? ' <span class="known">known issue</span>' : ''}</td><td>${requirementCell(f.requirement)}</td><td>${e(f.behaviour)}</td><td class="o o-${e(record.outcome)}">${e(record.outcome)}</td><td>${f.count}</td>
<td>${e(f.expectation)}<br><span class="muted">${e(f.answer ?? '')}</span></td><td>${coverage(f.coveredBy)}</td>
<td>${f.candidate ? `<code>${e(f.candidate)}</code>` : ''}</td></tr>
<tr><td colspan="8">${inputView(f)}${f.replay ? `<div>replay: <code>${e(f.replay)}</code></div>` : ''}</td></tr>`;
  });
  return `<table><tr><th>case</th><th>requirement</th><th>behaviour</th><th>outcome</th><th>cases</th><th>reference / agent</th><th>suites</th><th>candidate vector</th></tr>${rows.join('\n')}</table>`;
}

function disagreements(run: RunData): string {
  const rows = run.cases.filter((record) => factsOf(record)?.cells !== undefined);
  if (rows.length === 0) return '<p>the adapters never disagreed</p>';
  const adapters = [...new Set(rows.flatMap((record) => Object.keys(factsOf(record)!.cells!)))].sort();
  const body = rows.map((record) => {
    const f = factsOf(record)!;
    return `<tr><td>${f.count}</td><td>${e(f.expectation)}</td>${adapters.map((name) => `<td><strong>${e(f.cells?.[name] ?? '')}</strong><br><span class="muted">${e(f.judgements?.[name] ?? '')}</span></td>`).join('')}<td class="o o-${e(record.outcome)}">${e(f.oddOneOut ?? '')}</td></tr>
<tr><td colspan="${adapters.length + 3}">${inputView(f)}<code class="muted">${e(record.id)}</code></td></tr>`;
  });
  return `<table><tr><th>inputs</th><th>the reference says</th>${adapters.map((name) => `<th>${e(name)}</th>`).join('')}<th>judged against the reference</th></tr>${body.join('\n')}</table>`;
}

/** The section, or '' when no run is a fuzz run. */
export function renderFuzzSection(runs: readonly RunData[]): string {
  const fuzzRuns = runs.filter(isFuzzRun);
  if (fuzzRuns.length === 0) return '';
  const parts = fuzzRuns.map((run) => {
    const differential = (run.header as { fuzz?: { kind?: string } }).fuzz?.kind === 'differential' && run.header.adapter.name === 'differential';
    return `<h3>${e(run.header.adapter.name)}</h3>${figures(run)}${differential ? disagreements(run) : findings(run)}`;
  });
  return `<h2 id="fuzzing">Fuzzing</h2>
<p class="muted">Seed ${e(String(fuzzRuns[0]!.header.seed))}. A finding is what the verdict rule fails for a receiver, judged by the reference (lenient reading for what must be accepted, its MUST-only reading for what must be rejected); each is shrunk to its fewest mutations and replayed. Differences on inputs the spec leaves open are counted, never judged.</p>
${parts.join('\n')}`;
}
