/**
 * Building an adapter on first use: check its toolchains, compute its key, and if `<cache>/builds/<name>/<key>/`
 * has no `.complete` marker, take the key's lock, clear what an interrupted or failed build left, run the
 * steps in place in that folder, and write the marker last. Then the adapter's other keys are pruned.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BuildSpec } from '../protocol/v1/types.generated.js';
import { packageRoot } from '../package-root.js';
import { adapterBuildsDir, BUILD_LOG, COMPLETE_MARKER, hasOtherKeys, isComplete, LOCK_SUFFIX, pruneOtherKeys } from './cache.js';
import { buildKey } from './key.js';
import { withLock } from './lock.js';
import { unreachableRegistries } from './network.js';
import { substituteBuild, substituteBuildEnv } from './placeholder.js';
import { runSteps, type StepFailure } from './steps.js';
import { checkToolchains, type ToolchainFound } from './toolchain.js';

/** Written instead of the complete marker when a build failed: the next attempt says it retries. */
const FAILED_MARKER = '.failed';
/**
 * Set for every step: the harness's own folder, for a build that compiles against it (the TypeScript kit
 * type-checks against the SDK in dist/ and links it beside the compiled adapter).
 */
export const HARNESS_HOME_VARIABLE = 'DIDCOMM_CONFORMANCE_HOME';
/** Default of `timeoutSeconds`. */
export const DEFAULT_BUILD_TIMEOUT_SECONDS = 1800;
/** How often a running build says so. */
const HEARTBEAT_MS = 60_000;
/** Lines of the build log a failure shows (the whole log stays in the cache). */
const TAIL_LINES = 25;

/** Where one adapter's build goes, decided by its toolchains and inputs. */
export interface BuildPlan {
  adapter: string;
  /** The adapter folder: working directory of the steps, base of the input globs. */
  adapterDir: string;
  spec: BuildSpec;
  toolchains: ToolchainFound[];
  key: string;
  /** `<cache>/builds/<adapter>/<key>`: the value of `${build}`. */
  folder: string;
}

/** Why a build is about to run. */
export type BuildReason = 'first use' | 'inputs or toolchain changed' | 'interrupted build found' | 'retrying a failed build';

/** What a caller shows while building. */
export interface BuildProgress {
  building?(plan: BuildPlan, reason: BuildReason): void;
  /** Another process holds the lock: this one waits for its result. */
  waiting?(plan: BuildPlan): void;
  /** Every minute of a build. */
  stillBuilding?(plan: BuildPlan, elapsedMs: number): void;
  built?(plan: BuildPlan, durationMs: number): void;
}

/** A build that ran and failed (a step's exit code, its timeout, an interrupt, or a registry out of reach). */
export class BuildFailed extends Error {
  override readonly name = 'BuildFailed';

  constructor(
    /** One line: what failed, and where the whole log is. */
    readonly summary: string,
    /** The log's last lines. */
    readonly tail: string[],
    readonly log: string,
    /** Registries the log says were out of reach (the build needs the network). */
    readonly registries: string[],
    readonly failure: StepFailure['kind'],
  ) {
    super(`${summary}${tail.length ? `\n${tail.map((line) => `  | ${line}`).join('\n')}` : ''}`);
  }
}

/**
 * Checks the toolchains (throws ToolchainMissing), expands the inputs (throws InputMatchesNothing) and
 * computes the key: all a cached build needs to be found, in a few milliseconds plus the version commands.
 */
export function planBuild(adapter: string, adapterDir: string, spec: BuildSpec, env: NodeJS.ProcessEnv = process.env): BuildPlan {
  const toolchains = checkToolchains(adapter, spec.toolchains);
  const key = buildKey(spec, toolchains, adapterDir, packageRoot());
  return { adapter, adapterDir, spec, toolchains, key, folder: join(adapterBuildsDir(adapter, env), key) };
}

/** Builds `plan` unless its folder is complete; resolves true when this call built it. */
export async function ensureBuilt(plan: BuildPlan, progress: BuildProgress = {}): Promise<boolean> {
  if (isComplete(plan.folder)) return false;
  const buildsDir = dirname(plan.folder);
  mkdirSync(buildsDir, { recursive: true });
  const timeoutMs = (plan.spec.timeoutSeconds ?? DEFAULT_BUILD_TIMEOUT_SECONDS) * 1000;
  return withLock(`${plan.folder}${LOCK_SUFFIX}`, timeoutMs + 60_000, async () => {
    // Whoever held the lock before may have finished this very build.
    if (isComplete(plan.folder)) return false;
    const reason: BuildReason = existsSync(join(plan.folder, FAILED_MARKER)) ? 'retrying a failed build'
      : existsSync(plan.folder) ? 'interrupted build found'
        : hasOtherKeys(buildsDir, plan.key) ? 'inputs or toolchain changed' : 'first use';
    rmSync(plan.folder, { recursive: true, force: true });
    mkdirSync(plan.folder);
    progress.building?.(plan, reason);
    const started = Date.now();
    const log = join(plan.folder, BUILD_LOG);
    // A long build (a mediator in Rust: 20+ minutes) says it is alive, for the user and for CI logs.
    const heartbeat = setInterval(() => progress.stillBuilding?.(plan, Date.now() - started), HEARTBEAT_MS);
    heartbeat.unref();
    const failure = await runSteps(plan.spec.steps.map((step) => step.map((arg) => substituteBuild(arg, plan.folder))), {
      cwd: plan.adapterDir,
      env: { ...process.env, [HARNESS_HOME_VARIABLE]: packageRoot(), ...substituteBuildEnv(plan.spec.env ?? {}, plan.folder) },
      log,
      deadline: started + timeoutMs,
    }).finally(() => clearInterval(heartbeat));
    if (failure) {
      // An interrupted build is left as such (the next run says "interrupted build found").
      if (failure.kind !== 'interrupted') writeFileSync(join(plan.folder, FAILED_MARKER), `${failure.detail}\n`);
      throw failedBuild(plan, failure, log);
    }
    const durationMs = Date.now() - started;
    const owner = { adapterDir: resolve(plan.adapterDir), harnessRoot: packageRoot() };
    writeFileSync(join(plan.folder, COMPLETE_MARKER), `${JSON.stringify({ adapter: plan.adapter, key: plan.key, builtAt: new Date().toISOString(), durationMs, owner, toolchains: plan.toolchains.map((t) => ({ name: t.toolchain.name, version: t.version })) })}\n`);
    pruneOtherKeys(buildsDir, plan.key, owner);
    progress.built?.(plan, durationMs);
    return true;
  }, () => progress.waiting?.(plan));
}

function failedBuild(plan: BuildPlan, failure: StepFailure, log: string): BuildFailed {
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  const lines = text.trimEnd().split('\n');
  const registries = failure.kind === 'exit' ? unreachableRegistries(text) : [];
  if (registries.length > 0) {
    const summary = `building ${plan.adapter} needs the network: it could not reach ${registries.join(', ')} (${failure.detail}; full log: ${log}). `
      + `Connect and run again (or \`didcomm-conformance adapter build ${plan.adapter}\` once online): later runs use the cache offline.`;
    return new BuildFailed(summary, lines.slice(-5), log, registries, failure.kind);
  }
  return new BuildFailed(`building ${plan.adapter} failed: ${failure.detail} (full log: ${log})`, lines.slice(-TAIL_LINES), log, [], failure.kind);
}
