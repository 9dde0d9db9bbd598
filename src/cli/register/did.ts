/**
 * Registers `did create` and `did resolve` (implemented in commands/did.ts).
 * @module
 */
import { Option, type Command } from 'commander';
import { AUTHENTICATION_KEY_TYPES, IDENTITY_METHODS, KEY_AGREEMENT_KEY_TYPES } from '../../did/identity-kinds.js';
import type { CreateFlags } from '../commands/did.js';

const implementation = () => import('../commands/did.js');

export function registerDidCommands(program: Command): void {
  const did = program.command('did').description('create and resolve DIDs (did:peer 0/2/4, did:key, did:web fixtures, did:example)');

  did
    .command('create')
    .description('create a DID with fresh keys; print {did, didDocument, secrets} (secrets: private JWKs with kid)')
    .addOption(new Option('--method <method>', 'DID method').choices(IDENTITY_METHODS).makeOptionMandatory())
    .option('--key-agreement <types>', `keyAgreement key types (${KEY_AGREEMENT_KEY_TYPES.join(', ')}); default X25519`)
    .option('--authentication <types>', `authentication key types (${AUTHENTICATION_KEY_TYPES.join(', ')}); default Ed25519`)
    .option('--endpoint <uri>', 'DIDComm service endpoint uri (a URL or a mediator DID); peer:2 and peer:4 only')
    .option('--routing-keys <kid,...>', 'routingKeys of the service (needs --endpoint)')
    .action(async (flags: CreateFlags) => (await implementation()).didCreateAction(flags));

  did
    .command('resolve')
    .description('resolve a DID and print its document (absolute ids); did:web only from --did-docs, never the network')
    .argument('<did>', 'the DID to resolve')
    .option('--did-docs <file>', 'DID documents (array, or object of documents) to resolve from, beside the methods')
    .action(async (value: string, flags: { didDocs?: string }) => (await implementation()).didResolveAction(value, flags));
}
