/**
 * What `run`, `start`, `matrix`, `adapter check` and `adapter build` do before they launch an adapter with
 * a build section: find its finished build in the cache, or build it (with a progress line), and launch it
 * from there. An adapter without a build section passes through unchanged.
 * @module
 */
import { relative } from 'node:path';
import { withBuildFolder, type ResolvedAdapter } from '../manifest.js';
import { ensureBuilt, planBuild, type BuildProgress } from './build.js';

/** What a prepared adapter went through: nothing to build, found in the cache, or built now. */
export type Preparation = 'no build' | 'cached' | 'built';

/**
 * `adapter` ready to launch from its build folder. Throws ToolchainMissing (exit 2 in `run`, a skip in
 * `start`), InputMatchesNothing (a broken adapter.json) or BuildFailed (a harness error, with the log's tail).
 */
export async function prepareAdapter(adapter: ResolvedAdapter, progress: BuildProgress = {}): Promise<{ adapter: ResolvedAdapter; preparation: Preparation }> {
  const spec = adapter.manifest.build;
  if (!spec || !adapter.build) return { adapter, preparation: 'no build' };
  if (adapter.build.folder) return { adapter, preparation: 'cached' };
  const plan = planBuild(adapter.name, adapter.build.adapterDir, spec);
  const built = await ensureBuilt(plan, progress);
  return { adapter: withBuildFolder(adapter, plan.folder), preparation: built ? 'built' : 'cached' };
}

/** Progress as lines on `out`: "building X (first use) …" then "built X in 42.1 s". */
export function buildProgressLines(out: NodeJS.WritableStream): BuildProgress {
  return {
    building: (plan, reason) => out.write(`building ${plan.adapter} (${reason}) … (log: ${displayPath(plan.folder)}/build.log)\n`),
    waiting: (plan) => out.write(`waiting for another process building ${plan.adapter} …\n`),
    stillBuilding: (plan, ms) => out.write(`still building ${plan.adapter} (${Math.round(ms / 60_000)} min) …\n`),
    built: (plan, ms) => out.write(`built ${plan.adapter} in ${(ms / 1000).toFixed(1)} s\n`),
  };
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}
