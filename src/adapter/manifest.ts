/**
 * Finding an adapter from what the user typed (`--adapter NAME|PATH|URL`), reading and checking its
 * adapter.json, and turning its transport section into a launchable, serialisable target. An adapter with a
 * `build` section is launched from its build folder: `${build}` in the transport is resolved here when the
 * cache holds a finished build (src/adapter/build/prepare.ts builds it first when it does not).
 * @module
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HttpTransport } from './transport/http.js';
import { HeaderInvalid, headersFor } from './transport/http-headers.js';
import { StdioTransport } from './transport/stdio.js';
import type { AdapterTransport } from './transport/transport.js';
import type { AdapterLimits, AdapterManifest } from './protocol/v1/types.generated.js';
import { validateManifest } from './protocol/v1/validator.js';
import { DEFAULT_DEADLINE_MS, DEFAULT_MAX_REPLY_BYTES } from './client.js';
import { planBuild } from './build/build.js';
import { isComplete } from './build/cache.js';
import { BUILD_PLACEHOLDER, substituteBuild, substituteBuildEnv } from './build/placeholder.js';
import { packageRoot } from './package-root.js';

export { packageRoot };

/** How to reach an adapter; plain data, so it can be handed to vitest workers. */
export type AdapterTarget =
  | { kind: 'stdio'; command: string; args: string[]; cwd: string; env: Record<string, string> }
  | { kind: 'http'; url: string; headers: Record<string, string> };

/**
 * Limits with every default filled in. `startupDeadlineMs` is not an adapter.json field: code only (a test of an
 * adapter that never answers need not wait out the 15 s start-up allowance); unset, STARTUP_DEADLINE_MS.
 */
export type ResolvedLimits = Required<Omit<AdapterLimits, 'quietMs'>> & { startupDeadlineMs?: number };

/** Default restarts per session (Bowtie uses 10): enough to survive sporadic crashes, few enough to stop a crash loop. */
export const DEFAULT_MAX_RESTARTS = 10;
/** Default setup calls a restart replays. */
export const DEFAULT_MAX_REPLAY_CALLS = 100;

/** An adapter ready to launch. */
export interface ResolvedAdapter {
  /** The manifest's name (or the URL's host for a bare URL). */
  name: string;
  /** Where adapter.json was read from; absent for a bare URL. */
  manifestPath?: string;
  manifest: AdapterManifest;
  target: AdapterTarget;
  limits: ResolvedLimits;
  /** Set when adapter.json has a build section: `folder` once the cache holds a finished build. */
  build?: { adapterDir: string; folder?: string };
}

/** Thrown when `--adapter` names nothing usable; the CLI turns it into exit code 2. */
export class AdapterNotFound extends Error {
  override readonly name = 'AdapterNotFound';
}


/**
 * Resolves `ref`: an http(s) URL; a path to adapter.json or to a folder holding one; or a name under
 * the bundled `adapters/` folder (`reference`, `faux/hang`).
 */
export function resolveAdapter(ref: string, root: string = packageRoot()): ResolvedAdapter {
  if (/^https?:\/\//.test(ref)) {
    const url = new URL(ref);
    const manifest: AdapterManifest = { name: url.host, implementation: { name: url.host, version: 'unknown' }, transport: { kind: 'http', url: ref } };
    return { name: url.host, manifest, target: { kind: 'http', url: ref, headers: httpHeaders(undefined, '--adapter-header') }, limits: limitsOf(manifest) };
  }
  const candidates = [resolve(ref), join(root, 'adapters', ref)];
  for (const candidate of candidates) {
    const file = existsSync(candidate) && statSync(candidate).isDirectory() ? join(candidate, 'adapter.json') : candidate;
    if (existsSync(file) && statSync(file).isFile()) return loadManifest(file);
  }
  throw new AdapterNotFound(`no adapter "${ref}": not a URL, not a path to adapter.json or its folder, and not in ${join(root, 'adapters')}`);
}

/** Reads and checks one adapter.json. */
export function loadManifest(file: string): ResolvedAdapter {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AdapterNotFound(`${file} is not JSON: ${(error as Error).message}`);
  }
  const valid = validateManifest(manifest);
  if (!valid.valid) throw new AdapterNotFound(`${file} is not a valid adapter.json: ${valid.errors.join('; ')}`);
  const checked = manifest as AdapterManifest;
  const transport = checked.transport;
  const target: AdapterTarget = transport.kind === 'http'
    ? { kind: 'http', url: transport.url, headers: httpHeaders(transport.headers, file) }
    : { kind: 'stdio', command: transport.command, args: transport.args ?? [], cwd: dirname(file), env: (transport.env ?? {}) as Record<string, string> };
  const adapter: ResolvedAdapter = { name: checked.name, manifestPath: file, manifest: checked, target, limits: limitsOf(checked) };
  if (!checked.build) {
    if (target.kind === 'stdio' && JSON.stringify(transport).includes(BUILD_PLACEHOLDER)) {
      throw new AdapterNotFound(`${file} names ${BUILD_PLACEHOLDER} in its transport but has no build section to make it`);
    }
    return adapter;
  }
  const folder = builtFolder(adapter, checked.build);
  return folder ? withBuildFolder(adapter, folder) : { ...adapter, build: { adapterDir: resolve(dirname(file)) } };
}

/** The extra headers of an adapter reached by URL; a bad one is a usage error like a bad adapter.json. */
function httpHeaders(fromManifest: Parameters<typeof headersFor>[0], source: string): Record<string, string> {
  try {
    return headersFor(fromManifest, source);
  } catch (error) {
    if (error instanceof HeaderInvalid) throw new AdapterNotFound(error.message);
    throw error;
  }
}

/** The folder of a finished build of `adapter` in the cache, if there is one (no build is started here). */
function builtFolder(adapter: ResolvedAdapter, build: NonNullable<AdapterManifest['build']>): string | undefined {
  try {
    const plan = planBuild(adapter.name, resolve(dirname(adapter.manifestPath!)), build);
    return isComplete(plan.folder) ? plan.folder : undefined;
  } catch {
    // A missing toolchain or input: prepareAdapter says which, with its hint.
    return undefined;
  }
}

/** `adapter` launched from its build folder: `${build}` in the stdio transport's command, args and env. */
export function withBuildFolder(adapter: ResolvedAdapter, folder: string): ResolvedAdapter {
  const target: AdapterTarget = adapter.target.kind === 'http' ? adapter.target : {
    ...adapter.target,
    command: substituteBuild(adapter.target.command, folder),
    args: adapter.target.args.map((arg) => substituteBuild(arg, folder)),
    env: substituteBuildEnv(adapter.target.env, folder),
  };
  return { ...adapter, target, build: { adapterDir: resolve(dirname(adapter.manifestPath!)), folder } };
}

function limitsOf(manifest: AdapterManifest): ResolvedLimits {
  return {
    deadlineMs: manifest.limits?.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxReplyBytes: manifest.limits?.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES,
    maxRestarts: manifest.limits?.maxRestarts ?? DEFAULT_MAX_RESTARTS,
    maxReplayCalls: manifest.limits?.maxReplayCalls ?? DEFAULT_MAX_REPLAY_CALLS,
  };
}

/** A fresh transport for `target` (a new process each time for stdio). */
export function createTransport(target: AdapterTarget): AdapterTransport {
  if (target.kind === 'http') return new HttpTransport(target.url, target.headers);
  if ([target.command, ...target.args, ...Object.values(target.env)].some((text) => text.includes(BUILD_PLACEHOLDER))) {
    throw new Error(`the adapter in ${target.cwd} is not built yet (its transport names ${BUILD_PLACEHOLDER}): run didcomm-conformance adapter build`);
  }
  return new StdioTransport({ command: target.command, args: target.args, cwd: target.cwd, env: { ...process.env as Record<string, string>, ...target.env } });
}
