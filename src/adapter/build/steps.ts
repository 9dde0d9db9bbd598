/**
 * Running a build's steps: argv arrays (no shell) in the adapter folder, one after the other, every byte
 * they print appended to the build log. Each step runs in a process group of its own so that a timeout or
 * an interrupt stops the whole tree (cargo's rustc, mvn's forked JVMs), not only the first process.
 * @module
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { program } from './toolchain.js';

/** Why a step did not succeed. */
export type StepFailure =
  | { kind: 'exit'; step: readonly string[]; detail: string }
  | { kind: 'timeout'; step: readonly string[]; detail: string }
  | { kind: 'interrupted'; step: readonly string[]; detail: string };

export interface StepsOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: string;
  /** Deadline of the whole build (epoch ms). */
  deadline: number;
}

/** Runs `steps` in order; undefined when every one exited 0, else the first failure. */
export async function runSteps(steps: ReadonlyArray<readonly string[]>, options: StepsOptions): Promise<StepFailure | undefined> {
  const fd = openSync(options.log, 'a');
  try {
    for (const step of steps) {
      writeSync(fd, `$ ${step.join(' ')}\n`);
      const failure = await runStep(step, fd, options);
      if (failure) {
        writeSync(fd, `! ${failure.detail}\n`);
        return failure;
      }
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function runStep(step: readonly string[], fd: number, options: StepsOptions): Promise<StepFailure | undefined> {
  const [name, ...args] = step as [string, ...string[]];
  return new Promise((resolve) => {
    const child = spawn(program(name), args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd], detached: true });
    let stopped: StepFailure['kind'] | undefined;
    const stop = (kind: 'timeout' | 'interrupted'): void => {
      stopped ??= kind;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => stop('timeout'), Math.max(0, options.deadline - Date.now()));
    const onSignal = (): void => stop('interrupted');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const done = (failure: StepFailure | undefined): void => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(failure);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done({ kind: 'exit', step, detail: error.code === 'ENOENT' ? `\`${name}\` is not on PATH` : `\`${name}\` could not start (${error.message})` });
    });
    child.once('exit', (code, signal) => {
      if (stopped === 'timeout') done({ kind: 'timeout', step, detail: 'the build took longer than its timeoutSeconds and was stopped' });
      else if (stopped === 'interrupted') done({ kind: 'interrupted', step, detail: 'the build was interrupted' });
      else if (code === 0) done(undefined);
      else done({ kind: 'exit', step, detail: `\`${step.join(' ')}\` exited with ${code ?? signal}` });
    });
  });
}
