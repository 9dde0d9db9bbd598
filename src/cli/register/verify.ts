/**
 * Registers `verify` (implemented in commands/verify.ts).
 * @module
 */
import type { Command } from 'commander';
import type { VerifyOptions } from '../commands/verify.js';

const implementation = () => import('../commands/verify.js');

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('check a certificate: signature, run digest, verdicts re-derived with the current rule, harness; exit 0 valid, 1 invalid, 2 usage error')
    .argument('<certificate>', 'a certificate.jws')
    .option('--run <dir>', 'the certified run (run.jsonl or its folder); default: beside the certificate')
    .option('--issuer <did>', 'require this did:key as the signer')
    .option('--allow-other-harness', 'accept a certificate issued by another harness version, commit or tree (the differences are still listed)')
    .option('--json', 'print the verification as one JSON line')
    .action(async (path: string, options: VerifyOptions) => (await implementation()).verifyAction(path, options));
}
