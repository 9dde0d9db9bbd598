/**
 * `didcomm-conformance adapter check ADAPTER`: validate an adapter and print a checklist with hints.
 * Exit codes: 0 every item ok (warnings allowed), 1 an item failed, 2 the adapter could not be found, its
 * toolchain is missing or too old, or its build failed.
 * @module
 */
import type { Command } from 'commander';
import { checkAdapter, type CheckVerdict } from '../../adapter/check.js';
import { prepareOrExit } from './prepare-adapter.js';
import { printable } from '../../report/terminal-text.js';

const MARK: Record<CheckVerdict, string> = { ok: '✔', warn: '!', fail: '✘', unsupported: '-' };

/** Registers `adapter check`. */
export function registerAdapterCommand(program: Command): void {
  const adapter = program.command('adapter').description('work with adapters');
  adapter
    .command('check')
    .description('validate an adapter: describe, the schema of every reply, unknown methods, deadlines, shutdown')
    .argument('<adapter>', 'a name under adapters/, a path to adapter.json or its folder, or an http(s) URL')
    .option('--json', 'print the checklist as JSON')
    .action(async (ref: string, options: { json?: boolean }) => {
      // Built on first use (progress on stderr: --json keeps stdout to the checklist).
      const resolved = await prepareOrExit('adapter check', ref);
      if (!resolved) return;
      const report = await checkAdapter(resolved);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } else {
        process.stdout.write(printable(`adapter check: ${report.adapter}`) + '\n');
        for (const item of report.items) {
          const timing = item.durationMs === undefined ? '' : ` [${item.durationMs} ms]`;
          process.stdout.write(printable(`  ${MARK[item.verdict]} ${item.name}: ${item.detail}${timing}`) + '\n');
          if (item.hint) process.stdout.write(printable(`      hint: ${item.hint}`) + '\n');
        }
        process.stdout.write(report.passed ? 'adapter check passed\n' : 'adapter check failed\n');
      }
      process.exitCode = report.passed ? 0 : 1;
    });
}
