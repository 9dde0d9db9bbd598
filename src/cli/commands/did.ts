/**
 * `did create` and `did resolve` (registered by register/did.ts): the reference DID methods on the command line.
 * Exit codes: 0 ok, 1 resolution failed (`{"error": {code, requirement, message}}` on stdout), 2 usage error.
 * @module
 */
import {
  AUTHENTICATION_KEY_TYPES, KEY_AGREEMENT_KEY_TYPES, createIdentity,
  type AuthenticationKeyType, type IdentityMethod, type KeyAgreementKeyType,
} from '../../did/identity.js';
import { createDidResolver } from '../../did/resolver.js';
import { isDidcommError } from '../../errors/didcomm-error.js';
import { readDidDocuments } from '../key-files.js';
import { UsageError } from '../usage-error.js';

export interface CreateFlags {
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

/** `did create`: a fresh identity, its secrets as private JWKs with kid. */
export async function didCreateAction(flags: CreateFlags): Promise<void> {
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
}

/** `did resolve`: the document of `value`, or `{"error"}` and exit code 1. */
export async function didResolveAction(value: string, flags: { didDocs?: string }): Promise<void> {
  const documents = flags.didDocs ? readDidDocuments(flags.didDocs) : [];
  const resolver = createDidResolver({ documents });
  try {
    process.stdout.write(`${JSON.stringify(await resolver.resolve(value), null, 2)}\n`);
  } catch (error) {
    if (!isDidcommError(error)) throw error;
    process.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
    process.exitCode = 1;
  }
}
