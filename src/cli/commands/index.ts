/**
 * Every CLI command, registered in the order `--help` lists them.
 * @module
 */
import type { Command } from 'commander';
import { registerEnvelopeCommands } from './envelope.js';
import { registerVectorCommands } from './vectors.js';

export function registerCommands(program: Command): void {
  registerEnvelopeCommands(program);
  registerVectorCommands(program);
}
