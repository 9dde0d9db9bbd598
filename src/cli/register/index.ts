/**
 * Every CLI command, registered in the order `--help` lists them. A registration holds what parsing and
 * `--help` need (names, options, descriptions, choices, argument checks) and stays cheap; the command's
 * implementation (src/cli/commands/) is imported by its action, when it runs, so that one command does not
 * load the whole harness (every CLI call paid ~0.6 s of CPU for it).
 * @module
 */
import type { Command } from 'commander';
import { registerAdapterCommand } from './adapter.js';
import { registerRunCommand } from './run.js';
import { registerDidCommands } from './did.js';
import { registerEnvelopeCommands } from './envelope.js';
import { registerVectorCommands } from './vectors.js';
import { registerServeCommand } from './serve.js';
import { registerListCommand } from './list.js';
import { registerReportCommand } from './report.js';
import { registerDiffCommand } from './diff.js';
import { registerKnownIssuesCommand } from './known-issues.js';
import { registerReplayCommand } from './replay.js';
import { registerMatrixCommand } from './matrix.js';
import { registerStartCommand } from './start.js';
import { registerCertifyCommand } from './certify.js';
import { registerVerifyCommand } from './verify.js';
import { registerBadgeCommand } from './badge.js';
import { registerSiteCommand } from './site.js';
import { registerFuzzCommands } from './fuzz.js';

export function registerCommands(program: Command): void {
  registerEnvelopeCommands(program);
  registerVectorCommands(program);
  registerDidCommands(program);
  registerRunCommand(program);
  registerAdapterCommand(program);
  registerServeCommand(program);
  registerReportCommand(program);
  registerDiffCommand(program);
  registerKnownIssuesCommand(program);
  registerReplayCommand(program);
  registerMatrixCommand(program);
  registerFuzzCommands(program);
  registerStartCommand(program);
  registerCertifyCommand(program);
  registerVerifyCommand(program);
  registerBadgeCommand(program);
  registerSiteCommand(program);
  registerListCommand(program);
}
