/**
 * `adapter init --lang L` in every language with a kit writes an adapter that builds with the real toolchain
 * and passes `adapter check` (TypeScript's: src/adapter/kits.test.ts). Cost, measured on 2 cores under a load
 * of 12: with an empty build cache 81 s (Python 16 s, Go 5 s, Rust 31 s, Java 22 s, and TypeScript 7 s before
 * kits.test.ts took it over; pip's, Go's, cargo's and Maven's own caches warm: a fresh machine adds their
 * downloads); the adapter folders and the build cache sit at fixed places under the temp folder (one per
 * harness checkout), so later runs find every build cached: 24 s in all, of which the build checks are
 * milliseconds (Java's `java --version` and `mvn --version` about 0.5 s).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { KIT_LANGUAGES } from './kits.js';
import { packageRoot } from './manifest.js';

const root = packageRoot();
const cli = join(root, 'dist/src/cli/main.js');
const work = join(tmpdir(), `didcomm-conformance-init-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`);

async function harness(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  mkdirSync(work, { recursive: true });
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, DIDCOMM_CONFORMANCE_CACHE: join(work, 'cache') }, cwd: work, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('adapter init in every language passes adapter check', { timeout: 600_000 }, () => {
  // TypeScript's init output is built, checked (the same assertions) and run by src/adapter/kits.test.ts: not
  // built a second time here (7 to 18 s of wall with an empty build cache, as in a fresh clone).
  for (const lang of KIT_LANGUAGES.filter((l) => l !== 'typescript')) {
    const present = existsSync(join(root, 'adapters', '_kits', lang, 'template'));
    test.skipIf(!present)(`${lang}${present ? '' : ' (no kit in this checkout yet)'}`, async () => {
      const dir = join(work, `init-${lang}`);
      rmSync(dir, { recursive: true, force: true });
      const init = await harness(['adapter', 'init', '--lang', lang, dir]);
      expect(init.code, init.stderr).toBe(0);
      const check = await harness(['adapter', 'check', dir]);
      expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
      expect(check.stdout).toMatch(new RegExp(`describe \\(protocol v1\\): init-${lang} \\d+\\.\\d+\\.\\d+`));
      expect(check.stdout).toContain('✔ starts and answers describe (protocol v1)');
      expect(check.stdout).toContain('adapter check passed');
    });
  }
});
