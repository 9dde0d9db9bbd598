/**
 * Every renderer over a set of runs, into one folder: report.html (one run: the whole report; several: an
 * index page, with report-<adapter>.html per adapter beside it), summary.json, junit.xml, allure-results/,
 * badges/<adapter>/<profile>.svg, and a repro bundle per failed case (beside its run.jsonl). `run`,
 * `report` and `start` all end here.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeAllureResults } from './allure.js';
import { profileBadge } from './badge.js';
import type { BaselineComparison } from './baseline.js';
import { renderHtmlReport, renderIndexPage } from './html.js';
import { renderJunit } from './junit.js';
import type { RunData } from './run-data.js';
import { writeReproBundles } from './repro.js';
import { safePathSegment } from './safe-path.js';
import { buildSummary, type AdapterNotRun } from './summary.js';
import { profileVerdicts } from './verdicts.js';

export interface WrittenReports {
  /** report.html: the report of a single run, or the index of several. */
  html: string;
  /** The page of each adapter when there are several runs (adapter name -> file). */
  pages: Record<string, string>;
  summary: string;
  junit: string;
  allure: string;
  badges: string[];
  repro: Array<{ caseId: string; adapter: string; dir: string; command: string }>;
}

/** A file-system-safe form of an adapter name (`faux/inject` -> `faux_inject`, `..` -> `_..`). */
export function safeName(name: string): string {
  return safePathSegment(name);
}

/** Renders every report of `runs` into `outDir`; `notRun`: adapters the job left out, shown with their reason. */
export function writeReports(runs: readonly RunData[], outDir: string, baselines: ReadonlyMap<string, BaselineComparison> = new Map(), notRun: readonly AdapterNotRun[] = []): WrittenReports {
  mkdirSync(outDir, { recursive: true });
  const repro = runs.flatMap((run) => writeReproBundles(run).map(({ record, dir, command }) => ({ caseId: record.id, adapter: run.header.adapter.name, dir, command })));
  const matrix = existsSync(join(outDir, 'matrix.html')) ? [{ href: 'matrix.html', label: 'interop matrix' }] : [];
  const runLink = (run: RunData): { href: string; label: string } => ({ href: relative(outDir, join(run.dir, 'run.jsonl')) || 'run.jsonl', label: `run.jsonl (${run.header.adapter.name})` });
  const links = [...matrix, { href: 'summary.json', label: 'summary.json' }, { href: 'junit.xml', label: 'junit.xml' }];
  const html = join(outDir, 'report.html');
  const statuses = new Map([...baselines].map(([adapter, comparison]) => [adapter, comparison.statuses]));
  const pages: Record<string, string> = {};
  if (runs.length === 1) {
    writeFileSync(html, renderHtmlReport(runs, { links: [...links, runLink(runs[0]!)], baseline: statuses, notRun }));
  } else {
    // One page per adapter: a job's transcripts on one page made it too heavy to open (15 MB for four adapters).
    // Unique per run: `report A B` may be given two runs of one adapter (shards not merged).
    const names = new Map<RunData, string>();
    for (const run of runs) {
      const base = `report-${safeName(run.header.adapter.name)}`;
      let name = `${base}.html`;
      for (let n = 2; [...names.values()].includes(name); n += 1) name = `${base}-${n}.html`;
      names.set(run, name);
    }
    const pageOf = (run: RunData): string => names.get(run)!;
    for (const run of runs) {
      pages[run.header.adapter.name] = join(outDir, pageOf(run));
      writeFileSync(join(outDir, pageOf(run)), renderHtmlReport([run], { links: [{ href: 'report.html', label: 'all adapters' }, ...links, runLink(run)], baseline: statuses }));
    }
    writeFileSync(html, renderIndexPage(runs, pageOf, { links, notRun }));
  }
  const summary = join(outDir, 'summary.json');
  writeFileSync(summary, `${JSON.stringify(buildSummary(runs, baselines, notRun), null, 2)}\n`);
  const junit = join(outDir, 'junit.xml');
  writeFileSync(junit, renderJunit(runs));
  const allure = join(outDir, 'allure-results');
  writeAllureResults(runs, allure);
  const badges: string[] = [];
  for (const run of runs) {
    const dir = join(outDir, 'badges', safeName(run.header.adapter.name));
    mkdirSync(dir, { recursive: true });
    for (const verdict of profileVerdicts(run.cases, run.header.selection)) {
      const file = join(dir, `${safePathSegment(verdict.profile)}.svg`);
      writeFileSync(file, profileBadge(verdict));
      badges.push(file);
    }
  }
  return { html, pages, summary, junit, allure, badges, repro };
}
