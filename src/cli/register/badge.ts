/**
 * Registers `badge` (implemented in commands/badge.ts).
 * @module
 */
import type { Command } from 'commander';

const implementation = () => import('../commands/badge.js');

export function registerBadgeCommand(program: Command): void {
  program
    .command('badge')
    .description('print the Markdown/HTML snippet of a certificate\'s badges; exit 0 printed, 1 bad signature, 2 usage error')
    .argument('<certificate>', 'a certificate.jws')
    .option('--site-url <url>', 'where the results site is published (default: links relative to the site root)')
    .option('--profile <p>', 'only this profile')
    .option('--out <dir>', 'also write the badges as <profile>.svg into this folder')
    .action(async (path: string, options: { siteUrl?: string; profile?: string; out?: string }) => (await implementation()).badgeAction(path, options));
}
