/**
 * `didcomm-conformance site build --from DIR... --out SITE`: a static results site (src/site/) from the runs,
 * certificates and matrix files under the folders given, each certificate verified by this harness.
 * Exit codes: 0 built (unverified certificates are shown as such, and counted on stdout), 2 usage error
 * (no --from folder exists, --out holds something else than a site). Registered by register/site.ts.
 * @module
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../adapter/package-root.js';
import { currentHarness } from '../../certify/harness.js';
import { buildSite, SiteOutputNotEmpty, type BuiltSite } from '../../site/build.js';
import { printable } from '../../report/terminal-text.js';

/** One line per kind of entry: how many verified, on another harness, unsigned, unverified. */
export function siteSummary(site: BuiltSite): string {
  const count = (status: string): number => site.model.entries.filter((view) => view.entry.status === status).length;
  return `${site.model.implementations.length} implementations, ${site.model.entries.length} certificates and runs: ${count('verified')} verified, ${count('other-harness')} verified on another harness, ${count('unsigned')} unsigned runs, ${count('invalid')} unverified${site.model.matrix ? `; matrix of ${site.model.matrix.adapters.length} adapters` : ''}${site.model.rejected.length ? `; ${site.model.rejected.length} inputs not used` : ''}`;
}

/** `site build`: the results site of what `options.from` holds, in `options.out`. */
export async function siteBuildAction(options: { from: string[]; out: string }): Promise<void> {
  const missing = options.from.filter((path) => !existsSync(path));
  if (missing.length === options.from.length) {
    process.stderr.write(printable(`didcomm-conformance site build: none of the --from folders exists (${missing.join(', ')})`) + '\n');
    process.exitCode = 2;
    return;
  }
  for (const path of missing) process.stderr.write(printable(`warning: --from ${path} does not exist`) + '\n');
  let built: BuiltSite;
  try {
    built = await buildSite({ from: options.from, out: options.out, harness: currentHarness(packageRoot()) });
  } catch (error) {
    if (!(error instanceof SiteOutputNotEmpty)) throw error;
    process.stderr.write(printable(`didcomm-conformance site build: ${error.message}`) + '\n');
    process.exitCode = 2;
    return;
  }
  process.stdout.write(printable(siteSummary(built)) + '\n');
  for (const input of built.model.rejected) process.stdout.write(printable(`  not used: ${input.source}: ${input.reason}`) + '\n');
  for (const view of built.model.entries.filter((candidate) => candidate.entry.status === 'invalid')) {
    process.stdout.write(printable(`  unverified: ${view.entry.source}: ${view.entry.reasons[0] ?? ''}`) + '\n');
  }
  process.stdout.write(`site: ${pathToFileURL(built.index).href} (${built.files} files)\n`);
}
