/**
 * Applying the `--adapter-header` lines (adapter-header-option.ts) of a command that is running: parsed here,
 * never echoed (a value is a credential).
 * @module
 */
import { HeaderInvalid, useCommandLineHeaders } from '../adapter/transport/http-headers.js';
import { printable } from '../report/terminal-text.js';

/** Applies the parsed option; false (after one line on stderr and exit code 2) when a header is invalid. */
export function applyAdapterHeaders(command: string, lines: readonly string[] | undefined): boolean {
  try {
    useCommandLineHeaders(lines ?? []);
    return true;
  } catch (error) {
    if (!(error instanceof HeaderInvalid)) throw error;
    process.stderr.write(printable(`didcomm-conformance ${command}: ${error.message}`) + '\n');
    process.exitCode = 2;
    return false;
  }
}
