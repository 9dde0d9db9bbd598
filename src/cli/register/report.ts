/**
 * Registers `report` and `report merge` (implemented in commands/report.ts).
 * @module
 */
import type { Command } from 'commander';

const implementation = () => import('../commands/report.js');

export function registerReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description('render report.html, summary.json, junit.xml, Allure results, badges and repro bundles from run.jsonl')
    .argument('<run-dir...>', 'folders holding run.jsonl (several: one report over all of them)')
    .option('--out <dir>', 'output folder (default: the first run folder)')
    .action(async (dirs: string[], options: { out?: string }) => (await implementation()).reportAction(dirs, options));
  report
    .command('merge')
    .description('combine the run.jsonl of shards (run --shard i/n) into one run per adapter, then render it')
    .argument('<dirs...>', 'shard folders')
    .option('--out <dir>', 'folder for the merged run.jsonl and its reports (required)')
    // `report` has an --out of its own, which commander hands to the parent: take it from either.
    .action(async (dirs: string[], options: { out?: string }) => (await implementation()).reportMergeAction(dirs, options.out ?? (report.opts() as { out?: string }).out));
}
