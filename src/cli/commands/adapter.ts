/**
 * `didcomm-conformance adapter check ADAPTER`: validate an adapter and print a checklist with hints.
 * Exit codes: 0 every item ok (warnings allowed), 1 an item failed, 2 the adapter could not be found.
 * @module
 */
import type { Command } from 'commander';
import { checkAdapter, type CheckVerdict } from '../../adapter/check.js';
import { AdapterNotFound, resolveAdapter } from '../../adapter/manifest.js';
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
      let resolved;
      try {
        resolved = resolveAdapter(ref);
      } catch (error) {
        if (!(error instanceof AdapterNotFound)) throw error;
        process.stderr.write(printable(`didcomm-conformance adapter check: ${error.message}`) + '\n');
        process.exitCode = 2;
        return;
      }
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
