/**
 * `didcomm-conformance adapter check ADAPTER`: validate an adapter and print a checklist with hints.
 * Exit codes: 0 every item ok (warnings allowed), 1 an item failed, 2 the adapter could not be found, its
 * toolchain is missing or too old, or its build failed.
 * `adapter init --lang LANG DIR [--name NAME]`: a runnable plaintext-only adapter from a kit; exit 2 when
 * DIR is not empty or there is no such kit. `adapter build`: see adapter-build.ts. Registered by register/adapter.ts.
 * @module
 */
import { checkAdapter, type CheckVerdict } from '../../adapter/check.js';
import { prepareOrExit } from './prepare-adapter.js';
import { applyAdapterHeaders } from '../apply-adapter-headers.js';
import { printable } from '../../report/terminal-text.js';
import { InitRefused, initAdapter } from '../../adapter/kits.js';
import { harnessCommand, quoteArg } from '../../report/harness-command.js';

const MARK: Record<CheckVerdict, string> = { ok: '✔', warn: '!', fail: '✘', unsupported: '-' };

/** What people type for the two languages usually shortened (a vendor's first try was `--lang ts`). */
const LANG_SHORT_NAMES: Readonly<Record<string, string>> = { ts: 'typescript', py: 'python' };

/** `adapter check`: the checklist of `ref`; exit 1 when an item failed. */
export async function adapterCheckAction(ref: string, options: { json?: boolean; adapterHeader?: string[] }): Promise<void> {
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
}

/** `adapter init`: a plaintext-only adapter from the kit of `options.lang`, written into `dir`. */
export function adapterInitAction(dir: string, options: { lang: string; name?: string }): void {
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
}
