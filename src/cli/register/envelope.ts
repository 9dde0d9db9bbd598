/**
 * Registers `pack` and `unpack` (implemented in commands/envelope.ts).
 * @module
 */
import { Option, type Command } from 'commander';
import type { PackFlags, UnpackFlags } from '../commands/envelope.js';
import { CONTENT_ENCRYPTIONS, KEY_AGREEMENT_CURVES } from '../../crypto/jwa-names.js';

const implementation = () => import('../commands/envelope.js');

export function registerEnvelopeCommands(program: Command): void {
  program
    .command('pack')
    .description('pack the plaintext message read on stdin; write the packed message on stdout')
    .addOption(new Option('--mode <mode>', 'envelope to produce').choices(['plaintext', 'signed', 'anoncrypt', 'authcrypt']).makeOptionMandatory())
    .option('--to <did-or-kid,...>', 'anoncrypt/authcrypt recipient DID, or key ids of one DID (default: the message "to"); other modes refuse it')
    .option('--from <did-or-kid>', 'authcrypt sender DID or key id (default: the message "from")')
    .option('--sign-by <kid>', 'sign with this key first (signed mode, or sign then encrypt)')
    .addOption(new Option('--enc <enc>', 'content encryption').choices([...CONTENT_ENCRYPTIONS]))
    .addOption(new Option('--curve <curve>', 'key agreement curve').choices([...KEY_AGREEMENT_CURVES]))
    .option('--protect-sender', 'wrap the authcrypt in an anoncrypt (anoncrypt(authcrypt))')
    .addOption(new Option('--jws <serialization>', 'JWS serialization').choices(['general', 'flattened']))
    .addOption(new Option('--kid-in <header>', 'where the JWS signer kid goes').choices(['protected', 'unprotected', 'both']))
    .option('--routing-keys <kid,...>', 'wrap in one forward per routing key (last key first)')
    .option('--did-docs <file>', 'DID documents (array, or object of documents) beyond what the resolver knows')
    .option('--secrets <file>', 'private keys (array of JWKs with kid, of {id, privateKeyJwk}, or an object of such arrays)')
    .action(async (flags: PackFlags) => (await implementation()).packAction(flags));

  program
    .command('unpack')
    .description('unpack the message read on stdin; write {"message", "metadata"} on stdout (exit 1 with {"error"} on rejection)')
    .option('--did-docs <file>', 'DID documents (array, or object of documents) beyond what the resolver knows')
    .option('--secrets <file>', 'private keys of the recipient')
    .option('--json', 'compact single-line JSON output')
    .option('--lenient', 'check only what a receiver must, not what the reference libraries also enforce')
    .addOption(new Option('--spec-version <v>', 'DIDComm version whose plaintext rules apply').choices(['2.0', '2.1']).default('2.1'))
    .action(async (flags: UnpackFlags) => (await implementation()).unpackAction(flags));
}
