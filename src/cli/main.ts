#!/usr/bin/env node
/**
 * The `didcomm-conformance` command line: thin commands over the library. Each command is registered by
 * `register/<name>.ts` (its options and help) and implemented in `commands/<name>.ts`, loaded when it runs.
 * Exit codes: 0 success, 1 a check failed or a message was rejected, 2 usage or harness error.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { registerCommands } from './register/index.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('didcomm-conformance')
  .description('Conformance and interop test harness for DIDComm Messaging v2')
  .version(version)
  .showHelpAfterError()
  .exitOverride();
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0; usage errors get exit code 2.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`didcomm-conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
