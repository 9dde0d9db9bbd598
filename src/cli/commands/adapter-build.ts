/**
 * `didcomm-conformance adapter build [NAME|PATH ...] [--all] [--ci] [--exclude NAME]`: build adapters that
 * have a build section into the cache now, instead of on first use (`.ci/run` does it before `npm test`, so
 * the tests run offline). Exit codes: 0 every adapter built or cached, 2 a toolchain missing, a build
 * failed, or no adapter named. Registered by register/adapter.ts.
 * @module
 */
import { AdapterNotFound, packageRoot, resolveAdapter, type ResolvedAdapter } from '../../adapter/manifest.js';
import { buildProgressLines, prepareAdapter } from '../../adapter/build/prepare.js';
import { cacheRoot } from '../../adapter/build/cache.js';
import { printable } from '../../report/terminal-text.js';
import { preparationProblem } from './prepare-adapter.js';
import { bundledAdapters } from '../bundled-adapters.js';

export interface BuildOptions {
  all?: boolean;
  ci?: boolean;
  exclude: string[];
}

/** `adapter build`: builds `refs` and, with `--all`, every bundled adapter with a build section. */
export async function adapterBuildAction(refs: string[], options: BuildOptions): Promise<void> {
  process.exitCode = await buildAdapters(refs, options);
}


/** What `adapter build` will build, and what it says about the rest. */
export interface BuildSelection {
  selected: ResolvedAdapter[];
  /** Lines for stdout: adapters left out and why (nothing to build, `ci: false`). */
  notes: string[];
  /** Lines for stderr: names that are not adapters. */
  problems: string[];
}

/**
 * The adapters `refs` and, with `all`, every one of `bundled` that has a build section, less `exclude`;
 * with `ci`, less those of `bundled` marked `"ci": false` (one named on the command line is still built).
 */
export function selectForBuild(refs: readonly string[], options: BuildOptions, bundled: readonly string[] = bundledAdapters()): BuildSelection {
  const selection: BuildSelection = { selected: [], notes: [], problems: [] };
  for (const ref of [...refs, ...(options.all ? bundled : [])]) {
    let resolved: ResolvedAdapter;
    try {
      resolved = resolveAdapter(ref, packageRoot());
    } catch (error) {
      if (!(error instanceof AdapterNotFound)) throw error;
      selection.problems.push(error.message);
      continue;
    }
    const named = refs.includes(ref);
    if (options.exclude.includes(resolved.name) || options.exclude.includes(ref)) continue;
    if (selection.selected.some((s) => s.manifestPath === resolved.manifestPath)) continue;
    if (!resolved.manifest.build) {
      if (named) selection.notes.push(`${resolved.name}: nothing to build (no build section)`);
      continue;
    }
    if (!named && options.ci && resolved.manifest.build.ci === false) {
      selection.notes.push(`${resolved.name}: left out (build.ci is false: too slow for CI; run and start build it on first use)`);
      continue;
    }
    selection.selected.push(resolved);
  }
  return selection;
}

async function buildAdapters(refs: readonly string[], options: BuildOptions): Promise<0 | 2> {
  if (refs.length === 0 && !options.all) {
    process.stderr.write('didcomm-conformance adapter build: name the adapters to build, or use --all\n');
    return 2;
  }
  const { selected, notes, problems } = selectForBuild(refs, options);
  for (const note of notes) process.stdout.write(printable(note) + '\n');
  for (const problem of problems) process.stderr.write(printable(`didcomm-conformance adapter build: ${problem}`) + '\n');
  let exitCode: 0 | 2 = problems.length > 0 ? 2 : 0;
  const counts = { built: 0, cached: 0, failed: 0 };
  // One at a time: builds are CPU-bound, and each tool parallelises itself.
  for (const adapter of selected) {
    try {
      const { adapter: prepared, preparation } = await prepareAdapter(adapter, buildProgressLines(process.stdout));
      if (preparation === 'cached') process.stdout.write(printable(`${adapter.name}: cached (${prepared.build?.folder ?? ''})`) + '\n');
      counts[preparation === 'built' ? 'built' : 'cached']++;
    } catch (error) {
      counts.failed++;
      const problem = preparationProblem(error);
      if (!problem) throw error;
      process.stderr.write(printable(`didcomm-conformance adapter build: ${problem.kind === 'build' ? 'harness error: ' : ''}${problem.message}`) + '\n');
      for (const line of problem.tail ?? []) process.stderr.write(printable(`  | ${line}`) + '\n');
      exitCode = 2;
    }
  }
  if (options.all) process.stdout.write(`adapter build: ${counts.built} built, ${counts.cached} cached, ${counts.failed} not built (${cacheRoot()})\n`);
  return exitCode;
}
