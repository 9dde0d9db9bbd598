/**
 * `pack` and `unpack` (registered by register/envelope.ts): the reference envelope layer on the command line.
 * Messages travel on stdin/stdout; a rejection prints `{"error": {code, requirement, message}}` and exits 1;
 * a usage error exits 2.
 * @module
 */
import { packMessage } from '../../didcomm/envelope/pack.js';
import { unpackMessage } from '../../didcomm/envelope/unpack.js';
import type { ContentEncryption, KeyAgreementCurve, PackMode, PlaintextMessage } from '../../didcomm/types.js';
import { isDidcommError } from '../../errors/didcomm-error.js';
import { keyContextFromFiles, readStdin } from '../key-files.js';
import { UsageError } from '../usage-error.js';

export interface PackFlags {
  mode: PackMode;
  to?: string;
  from?: string;
  signBy?: string;
  enc?: ContentEncryption;
  curve?: KeyAgreementCurve;
  protectSender?: boolean;
  jws?: 'general' | 'flattened';
  kidIn?: 'protected' | 'unprotected' | 'both';
  routingKeys?: string;
  didDocs?: string;
  secrets?: string;
}

export interface UnpackFlags {
  didDocs?: string;
  secrets?: string;
  json?: boolean;
  lenient?: boolean;
  specVersion?: '2.0' | '2.1';
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Runs `action`; a DidcommError becomes the JSON error on stdout and exit code 1. */
async function reportRejection(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!isDidcommError(error)) throw error;
    process.stdout.write(`${JSON.stringify({ error: error.toJSON() })}\n`);
    process.exitCode = 1;
  }
}

/** The options each mode uses; anything else given is refused rather than silently ignored. */
const ENCRYPTION_FLAGS = ['to', 'enc', 'curve', 'routingKeys'] as const;
const SIGNING_FLAGS = ['signBy', 'jws', 'kidIn'] as const;
const AUTHCRYPT_FLAGS = ['from', 'protectSender'] as const;
const FLAGS_OF_MODE: Record<PackMode, ReadonlySet<keyof PackFlags>> = {
  plaintext: new Set(),
  signed: new Set(SIGNING_FLAGS),
  anoncrypt: new Set([...ENCRYPTION_FLAGS, ...SIGNING_FLAGS]),
  authcrypt: new Set([...ENCRYPTION_FLAGS, ...SIGNING_FLAGS, ...AUTHCRYPT_FLAGS]),
};
const OPTION_NAME: Record<string, string> = {
  to: '--to', enc: '--enc', curve: '--curve', routingKeys: '--routing-keys', signBy: '--sign-by', jws: '--jws', kidIn: '--kid-in', from: '--from', protectSender: '--protect-sender',
};

/** Refuses options the chosen mode would ignore (a plaintext `--to` once produced a message without recipients, silently). */
function refuseUnusedFlags(flags: PackFlags): void {
  const unused = Object.keys(OPTION_NAME).filter((key) => flags[key as keyof PackFlags] !== undefined && !FLAGS_OF_MODE[flags.mode].has(key as keyof PackFlags));
  if (unused.length === 0) return;
  const names = unused.map((key) => OPTION_NAME[key]).join(', ');
  const why = flags.mode === 'plaintext'
    ? 'a plaintext message is neither signed nor encrypted; its recipients are its own "to" header (put them there)'
    : unused.some((key) => (AUTHCRYPT_FLAGS as readonly string[]).includes(key)) && flags.mode === 'anoncrypt'
      ? 'an anoncrypt message has no sender; use --mode authcrypt'
      : 'they shape encryption: use --mode anoncrypt or authcrypt (with --sign-by to sign first)';
  throw new UsageError(`pack --mode ${flags.mode} does not use ${names}: ${why}`);
}

function parseMessage(text: string): PlaintextMessage {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as PlaintextMessage;
  } catch (cause) {
    throw new UsageError(`standard input must be the plaintext message as a JSON object (${(cause as Error).message})`);
  }
}

/** `pack`: the plaintext read on stdin, packed as `flags` say, on stdout. */
export async function packAction(flags: PackFlags): Promise<void> {
  refuseUnusedFlags(flags);
  const ctx = keyContextFromFiles(flags);
  const message = parseMessage(await readStdin());
  await reportRejection(async () => {
    const to = list(flags.to);
    const routingKeys = list(flags.routingKeys);
    const result = await packMessage(message, {
      mode: flags.mode,
      ...(to ? { to } : {}),
      ...(flags.from ? { from: flags.from } : {}),
      ...(flags.signBy ? { signBy: flags.signBy } : {}),
      ...(flags.enc ? { enc: flags.enc } : {}),
      ...(flags.curve ? { curve: flags.curve } : {}),
      ...(flags.protectSender ? { protectSender: true } : {}),
      ...(flags.jws || flags.kidIn ? { jws: { ...(flags.jws ? { serialization: flags.jws } : {}), ...(flags.kidIn ? { kidIn: flags.kidIn } : {}) } } : {}),
      ...(routingKeys ? { forward: { routingKeys } } : {}),
    }, ctx);
    process.stdout.write(`${result.packed}\n`);
  });
}

/** `unpack`: the message read on stdin, unpacked, as `{message, metadata}` on stdout. */
export async function unpackAction(flags: UnpackFlags): Promise<void> {
  const ctx = keyContextFromFiles(flags);
  const text = await readStdin();
  await reportRejection(async () => {
    const result = await unpackMessage(text, ctx, { strict: !flags.lenient, specVersion: flags.specVersion ?? '2.1' });
    process.stdout.write(`${JSON.stringify(result, null, flags.json ? undefined : 2)}\n`);
  });
}
