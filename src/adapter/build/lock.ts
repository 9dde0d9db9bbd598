/**
 * One build of an adapter key at a time, across processes (two `run`s, `start`'s children, a CI job and a
 * terminal): the lock is a folder beside the key folder, made with mkdir (atomic), holding its owner's pid
 * and host. A second process waits, then finds the finished build. A lock whose owner died on this host
 * (killed mid-build) is taken over; one older than the build's timeout is too, whoever held it.
 * @module
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

interface Owner {
  pid: number;
  host: string;
  since: string;
}

/** How often a waiting process looks again. */
const POLL_MS = 200;

function readOwner(lock: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(join(lock, 'owner.json'), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock nobody will release: its owner died on this host, or it is older than `maxAgeMs`. */
function abandoned(lock: string, owner: Owner | undefined, maxAgeMs: number): boolean {
  const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  if (age > maxAgeMs) return true;
  // An owner.json not yet written: the owner is between mkdir and writeFile; give it a moment.
  if (!owner) return age > 10_000;
  return owner.host === hostname() && !alive(owner.pid);
}

/**
 * Takes an abandoned lock out of the way. Renamed first (only one process can rename it), then removed if it
 * still belongs to the owner judged dead; a fresh lock renamed by mistake (its owner changed meanwhile) is
 * put back.
 */
function clearAbandoned(lock: string, owner: Owner | undefined): void {
  const aside = `${lock}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lock, aside);
  } catch {
    return;
  }
  const now = readOwner(aside);
  if (owner && now && (now.pid !== owner.pid || now.since !== owner.since)) {
    try {
      renameSync(aside, lock);
      return;
    } catch {
      // a third process took the lock meanwhile: the one set aside is lost, as its owner will notice
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/**
 * Runs `work` holding the lock folder `lock`. `onWait` is called once if another process holds it.
 * `maxAgeMs`: a lock older than this is taken over (the build's timeout and a margin).
 */
export async function withLock<T>(lock: string, maxAgeMs: number, work: () => Promise<T>, onWait?: (owner: Owner | undefined) => void): Promise<T> {
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lock);
    if (abandoned(lock, owner, maxAgeMs)) {
      clearAbandoned(lock, owner);
      continue;
    }
    if (!waited) onWait?.(owner);
    waited = true;
    await sleep(POLL_MS);
  }
  const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(join(lock, 'owner.json'), JSON.stringify(owner));
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
