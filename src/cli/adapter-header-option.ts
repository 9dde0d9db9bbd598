/**
 * `--adapter-header "Name: value"` (repeatable) on the commands that reach one adapter: headers for an agent
 * behind authentication, sent with every request to an adapter reached by URL. Values are parsed here, not
 * by commander, whose error line would quote the value (the token) back.
 * @module
 */
import { Option } from 'commander';
import { HeaderInvalid, useCommandLineHeaders } from '../adapter/transport/http-headers.js';
import { printable } from '../report/terminal-text.js';

/** The option, for `.addOption`. */
export function adapterHeaderOption(): Option {
  return new Option('--adapter-header <name: value>', 'a header for an adapter reached by URL, e.g. "authorization: Bearer ${env:AGENT_TOKEN}" (repeatable; ${env:NAME} is read from the environment; values are never printed)')
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

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
