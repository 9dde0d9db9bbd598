/**
 * The toolchains a build section names: each `command` prints a version, the first dotted number in what
 * it prints is compared with `minimum`. Outputs are remembered for the life of the process (a toolchain does
 * not change under a run, and `mvn --version` alone costs half a second).
 * @module
 */
import { spawnSync } from 'node:child_process';
import type { Toolchain } from '../protocol/v1/types.generated.js';

/** A toolchain that answered with a version at or above its minimum. */
export interface ToolchainFound {
  toolchain: Toolchain;
  /** Everything the version command printed (stdout then stderr, trimmed): part of the cache key. */
  output: string;
  version: string;
}

/** A toolchain that is missing, does not say its version, or is too old: one line with the hint. */
export class ToolchainMissing extends Error {
  override readonly name = 'ToolchainMissing';

  constructor(
    readonly adapter: string,
    readonly toolchain: Toolchain,
    /** The version found, or undefined when the command could not run or printed none. */
    readonly found: string | undefined,
    why: string,
  ) {
    super(`${adapter} needs ${toolchain.name} ${toolchain.minimum} or newer; ${why}: ${toolchain.hint}`);
  }
}

/** Longest a version command may take. */
const VERSION_TIMEOUT_MS = 30_000;

const outputs = new Map<string, { output: string } | { error: string }>();

/** `argv[0]` as run: `node` is the Node running the harness, as in a stdio transport. */
export function program(command: string): string {
  return command === 'node' ? process.execPath : command;
}

/** Runs (once per process) a version command; the output, or why it could not run. */
function versionOutput(command: readonly string[]): { output: string } | { error: string } {
  const memo = command.join('\0');
  const known = outputs.get(memo);
  if (known) return known;
  const [name, ...args] = command as [string, ...string[]];
  const result = spawnSync(program(name), args, { encoding: 'utf8', timeout: VERSION_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  const answer = result.error
    ? { error: (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? `\`${name}\` is not on PATH` : `\`${command.join(' ')}\` could not run (${result.error.message})` }
    : result.status !== 0
      ? { error: `\`${command.join(' ')}\` exited with ${result.status ?? result.signal}` }
      : { output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
  outputs.set(memo, answer);
  return answer;
}

/** The first dotted number in `text` (`go version go1.26.0` -> `1.26.0`), else the first number (`openjdk "17"`). */
export function versionIn(text: string): string | undefined {
  return /\d+(?:\.\d+)+/.exec(text)?.[0] ?? /\d+/.exec(text)?.[0];
}

/** Compares dotted versions numerically: negative when a < b. Missing parts count as 0 (17 = 17.0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Checks every toolchain of an adapter's build (in the harness's own environment: the build's `env` may
 * name the build folder, which the versions key); throws ToolchainMissing at the first that does not do.
 */
export function checkToolchains(adapter: string, toolchains: readonly Toolchain[]): ToolchainFound[] {
  return toolchains.map((toolchain) => {
    const answer = versionOutput(toolchain.command);
    if ('error' in answer) throw new ToolchainMissing(adapter, toolchain, undefined, answer.error);
    const version = versionIn(answer.output);
    if (!version) throw new ToolchainMissing(adapter, toolchain, undefined, `\`${toolchain.command.join(' ')}\` printed no version`);
    if (compareVersions(version, toolchain.minimum) < 0) throw new ToolchainMissing(adapter, toolchain, version, `found ${version}`);
    return { toolchain, output: answer.output, version };
  });
}
