/**
 * Registers `site build` (implemented in commands/site.ts).
 * @module
 */
import type { Command } from 'commander';

const implementation = () => import('../commands/site.js');

export function registerSiteCommand(program: Command): void {
  const site = program.command('site').description('results site across implementations and versions');
  site
    .command('build')
    .description('build a static site from runs, certificates and matrix.json files; exit 0 built, 2 usage error')
    .requiredOption('--from <dir...>', 'folders (or files) holding run.jsonl, *.jws certificates and matrix.json, searched recursively')
    .requiredOption('--out <dir>', 'the site folder (replaced when it holds a site built before)')
    .action(async (options: { from: string[]; out: string }) => (await implementation()).siteBuildAction(options));
}
