/**
 * Test files share their worker process (vitest.config.ts: `isolate: false`), so what one file leaves behind
 * in the process would reach the next: this setup file fails the file that changed the environment, the
 * working directory, the exit code or the process's signal and error listeners and did not put them back,
 * naming what it left. A file must restore what it changes (try/finally, afterAll). Not watched: `exit`
 * listeners and globals, which libraries add once when first loaded (execa's signal-exit, zod, tslib helpers).
 */
import { afterAll } from 'vitest';

const WATCHED_EVENTS = ['SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection'] as const;

interface ProcessState {
  env: Record<string, string | undefined>;
  cwd: string;
  exitCode: typeof process.exitCode;
  listeners: Record<string, number>;
}

function processState(): ProcessState {
  return {
    env: { ...process.env },
    cwd: process.cwd(),
    exitCode: process.exitCode,
    listeners: Object.fromEntries(WATCHED_EVENTS.map((event) => [event, process.listenerCount(event)])),
  };
}

/** What differs between two states, one line per difference (no values: the environment may hold secrets). */
function leftBehind(before: ProcessState, after: ProcessState): string[] {
  const changes: string[] = [];
  for (const name of new Set([...Object.keys(before.env), ...Object.keys(after.env)])) {
    if (before.env[name] !== after.env[name]) changes.push(`environment variable ${name} ${name in after.env ? (name in before.env ? 'changed' : 'set') : 'removed'}`);
  }
  if (before.cwd !== after.cwd) changes.push(`working directory changed to ${after.cwd}`);
  if (before.exitCode !== after.exitCode) changes.push(`process.exitCode changed to ${String(after.exitCode)}`);
  for (const event of WATCHED_EVENTS) {
    const added = (after.listeners[event] ?? 0) - (before.listeners[event] ?? 0);
    if (added > 0) changes.push(`${added} '${event}' listener(s) added to process`);
  }
  return changes;
}

// Taken when the setup file loads, before the test file is imported.
const before = processState();

afterAll(() => {
  const changes = leftBehind(before, processState());
  if (changes.length > 0) throw new Error(`this test file left its shared worker process changed: ${changes.join('; ')}`);
});
