/**
 * Registers `certify` (implemented in commands/certify.ts) and checks its option values as they are parsed.
 * @module
 */
import { InvalidArgumentError, type Command } from 'commander';
import { isProfileName, PROFILES, type ProfileName } from '../../spec/profiles.js';
import type { CertifyOptions } from '../commands/certify.js';
import { nonNegativeInteger } from './number-options.js';

const implementation = () => import('../commands/certify.js');

/** `core,routing` -> the profiles, each known, no repeats. */
function profileList(value: string): ProfileName[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !isProfileName(name));
  if (names.length === 0 || unknown.length > 0) throw new InvalidArgumentError(`a comma-separated list of ${Object.keys(PROFILES).join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  return [...new Set(names)] as ProfileName[];
}

export function registerCertifyCommand(program: Command): void {
  program
    .command('certify')
    .description('run every case of the profiles and write a signed certificate; exit 0 every profile passes, 1 one does not, 2 usage or harness error')
    .requiredOption('--adapter <name|path|url>', 'adapter: a name under adapters/, a path to adapter.json or its folder, or an http(s) URL')
    .requiredOption('--profile <p,p>', `profiles to certify (${Object.keys(PROFILES).join(', ')})`, profileList)
    .option('--key <file>', 'Ed25519 signing key (private JWK or PKCS#8 PEM); default: your key in the config folder, generated on first use')
    .option('--out <dir>', 'output folder (default reports/<run-id>)')
    .option('--seed <n>', 'seed for generated inputs (default random, recorded)', nonNegativeInteger)
    .option('--clock <epoch-seconds>', "the reference side's fixed time (default now, recorded)", nonNegativeInteger)
    .option('--allow-dirty', 'certify even when the harness tree has uncommitted changes (recorded in the certificate; verify reports it)')
    .option('--site-url <url>', 'the results site the badges link to (default: links relative to a site built with `site build`)')
    .option('--json', 'print one JSON line (paths, digest, verdicts) instead of text')
    .action(async (options: CertifyOptions) => (await implementation()).certifyAction(options));
}
