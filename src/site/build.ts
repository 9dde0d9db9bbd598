/**
 * `site build`: a static results site from runs, certificates and matrices found under any folders (this
 * machine's, vendors', shards'), each certificate verified by the harness building the site. Layout:
 *
 *   index.html                        implementations, latest verdict per profile
 *   implementations/<slug>.html       one implementation's versions, requirements met per version
 *   certificates/<digest>/index.html  one certificate: verification, statements, badges, certificate.jws, run.jsonl, <profile>.svg
 *   runs/<digest>/index.html          one unsigned run, with its run.jsonl
 *   requirements/index.html, <ID>.html  which implementations meet each requirement
 *   matrix.html, matrix-detail.html   the merged interop matrix
 *   throughput.html                   the newest cross-language throughput table (bench/cross-language.ts --out)
 *   api/*.json                        the same data, machine-readable (api.ts)
 *
 * No server, no script, no external asset: it opens from the file system and from any static host.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { HarnessFacts } from '../certify/certificate.js';
import { renderMatrixHtml } from '../matrix/render.js';
import { REQUIREMENTS, type RequirementId } from '../spec/requirements.js';
import { apiDocuments } from './api.js';
import { entryBadges, entryPage } from './entry-page.js';
import { implementationPage, indexPage } from './implementation-pages.js';
import { loadInputs } from './inputs.js';
import { matrixPage } from './matrix-page.js';
import { throughputPage } from './throughput.js';
import { siteModel, type SiteModel } from './model.js';
import { requirementFile, requirementIndexPage, requirementPage } from './requirement-pages.js';

/** Written into every site folder: only such a folder (or an empty one) is cleared before a build. */
export const SITE_MARKER = '.didcomm-conformance-site';

/** The output folder holds something else than a site: nothing is deleted. */
export class SiteOutputNotEmpty extends Error {
  override readonly name = 'SiteOutputNotEmpty';
}

export interface SiteBuildOptions {
  /** Folders (or files) to take runs, certificates and matrices from. */
  from: readonly string[];
  out: string;
  harness: HarnessFacts;
  now?: Date;
}

export interface BuiltSite {
  out: string;
  index: string;
  model: SiteModel;
  /** Files written. */
  files: number;
}

function prepareOut(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!existsSync(join(out, SITE_MARKER))) throw new SiteOutputNotEmpty(`${out} is not empty and is not a site built by this command: give an empty or new folder`);
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
}

/** Builds the site; inputs under `out` itself are ignored. */
export async function buildSite(options: SiteBuildOptions): Promise<BuiltSite> {
  const out = resolve(options.out);
  const inputs = await loadInputs(options.from, options.harness, [out]);
  const model = siteModel(inputs, options.harness, options.now);
  prepareOut(out);
  let files = 0;
  const write = (path: string, content: string | Uint8Array): void => {
    const file = join(out, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    files += 1;
  };
  write(SITE_MARKER, 'built by didcomm-conformance site build; the whole folder is replaced by the next build\n');
  write('index.html', indexPage(model));
  write('matrix.html', matrixPage(model));
  if (model.matrix) write('matrix-detail.html', renderMatrixHtml(model.matrix));
  write('throughput.html', throughputPage(model.throughput));
  for (const implementation of model.implementations) {
    write(`implementations/${implementation.slug}.html`, implementationPage(implementation));
    for (const view of implementation.entries) {
      const badges = entryBadges(view);
      write(`${view.entry.id}/index.html`, entryPage(view, implementation, badges));
      if (view.entry.jws) write(`${view.entry.id}/certificate.jws`, `${view.entry.jws}\n`);
      if (view.entry.runBytes) write(`${view.entry.id}/run.jsonl`, view.entry.runBytes);
      for (const [file, svg] of badges) write(`${view.entry.id}/${file}`, svg);
    }
  }
  write('requirements/index.html', requirementIndexPage(model));
  for (const id of Object.keys(REQUIREMENTS) as RequirementId[]) write(`requirements/${requirementFile(id)}`, requirementPage(model, id));
  for (const [path, document] of apiDocuments(model)) write(`api/${path}`, `${JSON.stringify(document, null, 2)}\n`);
  return { out, index: join(out, 'index.html'), model, files };
}
