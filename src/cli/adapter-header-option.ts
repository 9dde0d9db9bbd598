/**
 * `--adapter-header "Name: value"` (repeatable) on the commands that reach one adapter: headers for an agent
 * behind authentication, sent with every request to an adapter reached by URL. Values are parsed when the
 * command runs (apply-adapter-headers.ts), not by commander, whose error line would quote the value (the token) back.
 * @module
 */
import { Option } from 'commander';

/** The option, for `.addOption`. */
export function adapterHeaderOption(): Option {
  return new Option('--adapter-header <name: value>', 'a header for an adapter reached by URL, e.g. "authorization: Bearer ${env:AGENT_TOKEN}" (repeatable; ${env:NAME} is read from the environment; values are never printed)')
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}
