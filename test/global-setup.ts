/**
 * Tests that spawn the CLI or an adapter run the compiled `dist/`. Build it once before any test file
 * runs, as `npm run build` does (tsc, then the schemas' validators), and only when a source file is newer
 * than the last build (`npm test` has just built it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(join(root, path)).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const stamp = join(root, 'dist/.tsbuildinfo');
  const sources = ['src', 'adapters', 'bench', 'scripts'].filter((dir) => existsSync(join(root, dir)));
  if (existsSync(stamp) && Math.max(...sources.map(newestSource)) <= statSync(stamp).mtimeMs) return;
  const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) process.stderr.write(`global setup: tsc reported errors; dist/ was still written\n${build.stdout}${build.stderr}`);
  // The rest of `npm run build`: the schemas' validators compiled ahead of time (src/schema/standalone.ts).
  const schemas = spawnSync(process.execPath, [join(root, 'dist/scripts/compile-schemas.js')], { cwd: root, encoding: 'utf8' });
  if (schemas.status !== 0) process.stderr.write(`global setup: compiling the schemas' validators failed; they are compiled at run time\n${schemas.stdout}${schemas.stderr}`);
}
