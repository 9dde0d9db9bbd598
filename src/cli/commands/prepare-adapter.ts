/**
 * The build step of the commands that launch adapters (`run`, `adapter check`, `start`, `matrix`): an adapter
 * with a build section is built on first use, and what can go wrong is sorted for the caller. A missing
 * toolchain and a broken build section are usage problems (one line, exit 2 in single-adapter commands,
 * a recorded skip in `start` and `matrix`); a failed build is a harness error with the log's tail.
 * @module
 */
import { AdapterNotFound, resolveAdapter, type ResolvedAdapter } from '../../adapter/manifest.js';
import { BuildFailed } from '../../adapter/build/build.js';
import { InputMatchesNothing } from '../../adapter/build/glob.js';
import { buildProgressLines, prepareAdapter } from '../../adapter/build/prepare.js';
import { ToolchainMissing } from '../../adapter/build/toolchain.js';
import { printable } from '../../report/terminal-text.js';

/** Why an adapter could not be prepared. `toolchain`: skip it; `build`: a harness error; `usage`: fix the input. */
export interface PreparationProblem {
  kind: 'toolchain' | 'build' | 'usage';
  /** One line. */
  message: string;
  /** The build log's last lines (a failed build). */
  tail?: string[];
}

/** The problem `error` stands for, or undefined for a bug (rethrown by the caller). */
export function preparationProblem(error: unknown): PreparationProblem | undefined {
  if (error instanceof ToolchainMissing) return { kind: 'toolchain', message: error.message };
  if (error instanceof BuildFailed) return { kind: 'build', message: error.summary, tail: error.tail };
  if (error instanceof AdapterNotFound || error instanceof InputMatchesNothing) return { kind: 'usage', message: error.message };
  return undefined;
}

/** Resolves and builds `ref`, progress lines on `progress`; throws what preparationProblem sorts. */
export async function resolveAndPrepare(ref: string, progress: NodeJS.WritableStream): Promise<ResolvedAdapter> {
  return (await prepareAdapter(resolveAdapter(ref), buildProgressLines(progress))).adapter;
}

/**
 * For single-adapter commands: the prepared adapter, or undefined after printing the problem on stderr and
 * setting exit code 2.
 */
export async function prepareOrExit(command: string, ref: string, progress: NodeJS.WritableStream = process.stderr): Promise<ResolvedAdapter | undefined> {
  try {
    return await resolveAndPrepare(ref, progress);
  } catch (error) {
    const problem = preparationProblem(error);
    if (!problem) throw error;
    const prefix = problem.kind === 'build' ? 'harness error: ' : '';
    process.stderr.write(printable(`didcomm-conformance ${command}: ${prefix}${problem.message}`) + '\n');
    for (const line of problem.tail ?? []) process.stderr.write(printable(`  | ${line}`) + '\n');
    process.exitCode = 2;
    return undefined;
  }
}
