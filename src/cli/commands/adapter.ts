/**
 * `didcomm-conformance adapter check ADAPTER`: validate an adapter and print a checklist with hints.
 * Exit codes: 0 every item ok (warnings allowed), 1 an item failed, 2 the adapter could not be found, its
 * toolchain is missing or too old, or its build failed.
 * `adapter init --lang LANG DIR [--name NAME]`: a runnable plaintext-only adapter from a kit; exit 2 when
 * DIR is not empty or there is no such kit. `adapter build`: see adapter-build.ts.
 * @module
 */
import type { Command } from 'commander';
import { checkAdapter, type CheckVerdict } from '../../adapter/check.js';
import { prepareOrExit } from './prepare-adapter.js';
import { adapterHeaderOption, applyAdapterHeaders } from '../adapter-header-option.js';
import { registerAdapterBuildCommand } from './adapter-build.js';
import { printable } from '../../report/terminal-text.js';
import { InitRefused, initAdapter, KIT_LANGUAGES } from '../../adapter/kits.js';
import { harnessCommand, quoteArg } from '../../report/harness-command.js';

const MARK: Record<CheckVerdict, string> = { ok: '✔', warn: '!', fail: '✘', unsupported: '-' };

/** Registers `adapter check`, `adapter build` and `adapter init`. */
export function registerAdapterCommand(program: Command): void {
  const adapter = program.command('adapter').description('work with adapters');
  adapter
    .command('check')
    .description('validate an adapter before a run: describe, identities, a pack and an unpack of each claimed envelope kind, the live methods if a transport is claimed, schemas, deadlines, shutdown; a hint per failure')
    .argument('<adapter>', 'a name under adapters/, a path to adapter.json or its folder, or an http(s) URL')
    .option('--json', 'print the checklist as JSON')
    .addOption(adapterHeaderOption())
    .action(async (ref: string, options: { json?: boolean; adapterHeader?: string[] }) => {
      if (!applyAdapterHeaders('adapter check', options.adapterHeader)) return;
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
  registerAdapterBuildCommand(adapter);
  /** What people type for the two languages usually shortened (a vendor's first try was `--lang ts`). */
  const LANG_SHORT_NAMES: Readonly<Record<string, string>> = { ts: 'typescript', py: 'python' };
  adapter
    .command('init')
    .description('write a runnable plaintext-only adapter into DIR from the kit of a language (adapters/_kits/<lang>/)')
    .argument('<dir>', 'a new or empty folder')
    .requiredOption('--lang <lang>', `${KIT_LANGUAGES.join('|')} (ts and py for short)`)
    .option('--name <name>', 'the adapter\'s name (default: the folder\'s name)')
    .action((dir: string, options: { lang: string; name?: string }) => {
      try {
        const lang = LANG_SHORT_NAMES[options.lang] ?? options.lang;
        const files = initAdapter(lang, dir, options.name);
        process.stdout.write(printable(`wrote ${files.length} files into ${dir} (${lang}; the kit library is in ${dir}/kit)`) + '\n');
        // The commands as they run from here, whatever folder this is (docs/writing-an-adapter.md has the timings).
        process.stdout.write(printable(`next: ${harnessCommand()} adapter check ${quoteArg(dir)}`) + '\n');
        process.stdout.write(printable(`then: ${harnessCommand()} run --adapter ${quoteArg(dir)}`) + '\n');
      } catch (error) {
        if (!(error instanceof InitRefused)) throw error;
        process.stderr.write(printable(`didcomm-conformance adapter init: ${error.message}`) + '\n');
        process.exitCode = 2;
      }
    });
}
