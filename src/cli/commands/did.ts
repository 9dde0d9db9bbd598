/**
 * `did create` and `did resolve`: the reference DID methods on the command line.
 * Exit codes: 0 ok, 1 resolution failed (`{"error": {code, requirement, message}}` on stdout), 2 usage error.
 * @module
 */
import { Option, type Command } from 'commander';
import {
  AUTHENTICATION_KEY_TYPES, KEY_AGREEMENT_KEY_TYPES, createIdentity,
  type AuthenticationKeyType, type IdentityMethod, type KeyAgreementKeyType,
} from '../../did/identity.js';
import { createDidResolver } from '../../did/resolver.js';
import { isDidcommError } from '../../errors/didcomm-error.js';
import { readDidDocuments } from '../key-files.js';
import { UsageError } from '../usage-error.js';

interface CreateFlags {
  method: IdentityMethod;
  keyAgreement?: string;
  authentication?: string;
  endpoint?: string;
  routingKeys?: string;
}

function typeList<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) throw new UsageError(`${flag}: ${JSON.stringify(item)} is not one of ${allowed.join(', ')}`);
  }
  return items as T[];
}

/** Registers `did create` and `did resolve` on `program`. */
export function registerDidCommands(program: Command): void {
  const did = program.command('did').description('create and resolve DIDs (did:peer 0/2/4, did:key, did:web fixtures, did:example)');

  did
    .command('create')
    .description('create a DID with fresh keys; print {did, didDocument, secrets} (secrets: private JWKs with kid)')
    .addOption(new Option('--method <method>', 'DID method').choices(['peer:2', 'peer:4', 'peer:0', 'key']).makeOptionMandatory())
    .option('--key-agreement <types>', `keyAgreement key types (${KEY_AGREEMENT_KEY_TYPES.join(', ')}); default X25519`)
    .option('--authentication <types>', `authentication key types (${AUTHENTICATION_KEY_TYPES.join(', ')}); default Ed25519`)
    .option('--endpoint <uri>', 'DIDComm service endpoint uri (a URL or a mediator DID); peer:2 and peer:4 only')
    .option('--routing-keys <kid,...>', 'routingKeys of the service (needs --endpoint)')
    .action(async (flags: CreateFlags) => {
      const keyAgreement = typeList<KeyAgreementKeyType>(flags.keyAgreement, KEY_AGREEMENT_KEY_TYPES, '--key-agreement');
      const authentication = typeList<AuthenticationKeyType>(flags.authentication, AUTHENTICATION_KEY_TYPES, '--authentication');
      const routingKeys = flags.routingKeys?.split(',').map((s) => s.trim()).filter(Boolean);
      let identity;
      try {
        identity = await createIdentity({
          method: flags.method,
          ...(keyAgreement ? { keyAgreement } : {}),
          ...(authentication ? { authentication } : {}),
          ...(flags.endpoint !== undefined ? { endpoint: flags.endpoint } : {}),
          ...(routingKeys ? { routingKeys } : {}),
        });
      } catch (error) {
        if (error instanceof TypeError) throw new UsageError(error.message);
        throw error;
      }
      const secrets = identity.secrets.map(({ kid, privateJwk }) => ({ ...privateJwk, kid }));
      process.stdout.write(`${JSON.stringify({ did: identity.did, didDocument: identity.didDocument, secrets }, null, 2)}\n`);
    });

  did
    .command('resolve')
    .description('resolve a DID and print its document (absolute ids); did:web only from --did-docs, never the network')
    .argument('<did>', 'the DID to resolve')
    .option('--did-docs <file>', 'DID documents (array, or object of documents) to resolve from, beside the methods')
    .action(async (value: string, flags: { didDocs?: string }) => {
      const documents = flags.didDocs ? readDidDocuments(flags.didDocs) : [];
      const resolver = createDidResolver({ documents });
      try {
        process.stdout.write(`${JSON.stringify(await resolver.resolve(value), null, 2)}\n`);
      } catch (error) {
        if (!isDidcommError(error)) throw error;
        process.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
        process.exitCode = 1;
      }
    });
}
